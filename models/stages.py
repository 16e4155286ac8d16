"""Records that flow between stages but are not tables: raw pages, clean text, title block."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from pydantic import Field

from models.base import DocKind, Record


class RawPage(Record):
    number: int = Field(description="1-based page number")
    text: str = Field(description="text of the page as the reader gave it")
    heading_lines: tuple[str, ...] = Field(
        default=(), description="lines set in a larger or bold font (pdfplumber only)"
    )


class RawTable(Record):
    page: int = Field(description="1-based page the table is on")
    rows: tuple[tuple[str, ...], ...] = Field(description="rows of cells, the header row first")


class RawDocument(Record):
    doc_id: str = Field(description="sha256 hex of the file's bytes")
    path: str
    pages: tuple[RawPage, ...]
    encoding: str = Field(description="'pdf', or the text encoding detected")
    tables: tuple[RawTable, ...] = Field(default=(), description="tables found by pdfplumber")


class CleanText(Record):
    text: str = Field(description="clean text: headers, page numbers and markup removed")
    page_starts: tuple[int, ...] = Field(
        description="offset in text where each page (1-based index+1) begins"
    )

    def page_at(self, offset: int) -> int:
        """The 1-based page holding `offset` (the last page starting at or before it)."""
        return max(1, bisect_right(self.page_starts, offset))


class TitleBlock(Record):
    title: str | None = None
    issuer: str | None = Field(default=None, description="institute key (institutes.tsv)")
    process: str | None = None
    issued_on: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    kind: DocKind = DocKind.otro
    acuerdo_id: str | None = Field(default=None, description="the document's own acuerdo ID")
