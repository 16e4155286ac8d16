"""Records that flow between stages but are not tables: raw pages, clean text, title block."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from pydantic import Field

from models.base import DocKind, PageSource, Record


class RawLine(Record):
    """A line as drawn on a PDF page: its text and where it sits, in PDF points with the
    origin at the bottom left (so `top` > `bottom`)."""

    text: str = Field(description="the line's characters; a hyphenation marker (U+FFFE) may end it")
    start: int = Field(description="index of its first character in the reader's character array")
    x0: float
    x1: float
    top: float
    bottom: float


class RawPage(Record):
    number: int = Field(description="1-based page number")
    text: str = Field(description="text of the page as the reader gave it")
    heading_lines: tuple[str, ...] = Field(
        default=(), description="lines set in a larger or bold font (pdfplumber only)"
    )
    width: float | None = Field(default=None, description="page width in PDF points (PDFs only)")
    height: float | None = Field(default=None, description="page height in PDF points (PDFs only)")
    lines: tuple[RawLine, ...] = Field(default=(), description="visual lines with their boxes (PDFs only)")
    source: PageSource = Field(default=PageSource.text_layer, description="where the text came from")
    quality: float | None = Field(default=None, description="text-quality score of the text layer, 0 to 1")
    problem: str | None = Field(default=None, description="what is wrong with the text layer, if anything")
    hidden: bool = Field(default=False, description="the text layer is drawn invisibly (a scanner's OCR)")
    ocr_confidence: float | None = Field(default=None, description="mean OCR word confidence, 0-100")
    words: tuple[tuple[str, float, float, float, float, float], ...] = Field(
        default=(), description="OCR words: (text, confidence, x0, x1, top, bottom) in PDF points"
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
    sources: tuple[tuple[int, int, int], ...] = Field(
        default=(),
        description="(offset in text, page, line index): where each source line's text starts in the clean text",
    )

    def page_at(self, offset: int) -> int:
        """The 1-based page holding `offset` (the last page starting at or before it)."""
        return max(1, bisect_right(self.page_starts, offset))

    def source_at(self, offset: int) -> tuple[int, int, int] | None:
        """(page, line index, offset in that line) of a clean-text offset, when the reader
        gave lines (PDFs): where to look for its box on the page."""
        at = bisect_right(self.sources, (offset, 1 << 30, 1 << 30)) - 1
        if at < 0:
            return None
        start, page, line = self.sources[at]
        return page, line, offset - start


class TitleBlock(Record):
    title: str | None = None
    issuer: str | None = Field(default=None, description="institute key (institutes.tsv)")
    process: str | None = None
    issued_on: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    kind: DocKind = DocKind.otro
    acuerdo_id: str | None = Field(default=None, description="the document's own acuerdo ID")
    acuerdo_year: int | None = Field(default=None, description="the year its own acuerdo ID carries")
