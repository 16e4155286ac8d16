"""Typed records that flow between the pipeline's stages and into DuckDB.

Every fact carries its provenance (document, page, section, character span into the
clean text). The `Field` descriptions are the single source of truth for the SQL
contract: `informes schema` prints them and `pipeline.store` builds its tables from them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DocKind(StrEnum):
    informe = "informe"
    acuerdo = "acuerdo"
    otro = "otro"


class DocStatus(StrEnum):
    ok = "ok"
    empty = "empty"
    no_text = "no_text"
    error = "error"


class MentionKind(StrEnum):
    acuerdo = "acuerdo"
    session = "session"
    date = "date"
    time = "time"
    organization = "organization"


class SubjectKind(StrEnum):
    session = "session"
    acuerdo = "acuerdo"
    document = "document"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


# --- stage records (not tables) -------------------------------------------------


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
        """The 1-based page holding `offset`."""
        page = 1
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
            else:
                break
        return page


class TitleBlock(Record):
    title: str | None = None
    issuer: str | None = Field(default=None, description="institute key (institutes.tsv)")
    process: str | None = None
    issued_on: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    kind: DocKind = DocKind.otro
    acuerdo_id: str | None = Field(default=None, description="the document's own acuerdo ID")


# --- contract tables ------------------------------------------------------------


class Document(Record):
    doc_id: str = Field(description="sha256 hex of the file's bytes")
    path: str = Field(description="path of the file when it was ingested")
    kind: DocKind = Field(description="'informe', 'acuerdo' or 'otro'")
    title: str | None = Field(description="title from the title block")
    issuer: str | None = Field(description="institute key, e.g. 'iepc durango'")
    process: str | None = Field(
        description="electoral process, e.g. 'Proceso Electoral Local Ordinario 2021-2022'"
    )
    issued_on: dt.date | None = Field(description="the document's own date")
    period_start: dt.date | None = Field(description="first day of the period an informe reports on")
    period_end: dt.date | None = Field(description="last day of the period an informe reports on")
    pages: int = Field(description="number of pages")
    text: str = Field(description="clean text; every char_start/char_end points into it")
    status: DocStatus = Field(description="'ok', 'empty', 'no_text' or 'error'")
    error: str | None = Field(description="what went wrong, naming the file, when status is not 'ok'")
    encoding: str | None = Field(default=None, description="'pdf' or the text encoding detected")
    extractor_version: str = Field(default="", description="version of the extractor that produced the rows")


class Section(Record):
    doc_id: str = Field(description="document the section belongs to")
    section_no: int = Field(description="1-based, in document order")
    parent_no: int | None = Field(description="section_no of the enclosing section")
    level: int = Field(description="1 for top-level headings, 2 below them, …")
    heading: str = Field(description="heading as written")
    page_start: int = Field(description="page where the section starts")
    page_end: int = Field(description="page where the section ends")
    char_start: int = Field(description="offset of the heading in documents.text")
    char_end: int = Field(description="offset where the section ends in documents.text")
    in_toc: bool = Field(default=False, description="the table of contents lists this heading")


class Mention(Record):
    mention_id: str = Field(description="'<doc_id[:12]>:m<n>'")
    doc_id: str = Field(description="document the mention is in")
    section_no: int | None = Field(description="section holding the mention")
    page: int = Field(description="page holding the mention")
    char_start: int = Field(description="start offset in documents.text")
    char_end: int = Field(description="end offset in documents.text")
    kind: MentionKind = Field(description="'acuerdo', 'session', 'date', 'time' or 'organization'")
    text: str = Field(description="the mention as written")
    value: str = Field(description="normalised value (see README)")
    inferred: bool = Field(default=False, description="part of the value (a date's year) came from context")


class Claim(Record):
    claim_id: str = Field(description="'<doc_id[:12]>:c<n>'")
    doc_id: str = Field(description="document making the claim")
    section_no: int | None = Field(description="section holding the claim's sentence")
    page: int = Field(description="page where the sentence starts")
    subject_kind: SubjectKind = Field(description="'session', 'acuerdo' or 'document'")
    subject_id: str = Field(description="session_id, acuerdo_id or doc_id")
    predicate: str = Field(
        description="held_on, held_at, approved_in, approved_on, subject, sent_to, sent_on, issued_on"
    )
    object: str = Field(description="ISO date, HH:MM, session_id, organisation or text")
    sentence: str = Field(description="the sentence stating the claim")
    char_start: int = Field(description="start offset of the sentence in documents.text")
    char_end: int = Field(description="end offset of the sentence in documents.text")


class SessionRow(Record):
    session_id: str = Field(description="'<issuer>|<body>|<type>|<number>|<year>'")
    issuer: str | None = Field(description="institute key")
    body: str = Field(description="canonical body, e.g. 'consejo general'")
    type: str = Field(description="ordinaria, extraordinaria, especial, …")
    number: int | None = Field(description="session number, when the documents give one")
    held_on: dt.date | None = Field(description="date most claims give")
    held_at: dt.time | None = Field(description="time most claims give")


class AcuerdoRow(Record):
    acuerdo_id: str = Field(description="normalised ID, e.g. 'IEPC/CG122/2021'")
    issuer: str | None = Field(description="institute key from the ID's prefix or the document")
    organ: str | None = Field(description="organ token of the ID, e.g. 'CG', 'JGE'")
    number: int | None = Field(description="the acuerdo's number")
    year: int | None = Field(description="year in the ID (two-digit years expanded)")
    subject: str | None = Field(description="'por el que se …' clause (longest given)")
    session_id: str | None = Field(description="session it was approved in (most claims)")
    approved_on: dt.date | None = Field(description="approval date (most claims)")


class Finding(Record):
    finding_id: str = Field(description="'<check>:<n>'")
    check: str = Field(description="name of the rule that fired")
    severity: Severity = Field(description="'error', 'warning' or 'info'")
    subject_kind: SubjectKind = Field(description="'session', 'acuerdo' or 'document'")
    subject_id: str = Field(description="what the finding is about")
    message: str = Field(description="the finding in Spanish")
    evidence: str = Field(description="JSON list of {claim_id, doc_id, page, section_no, quote}")


class AcuerdoParts(Record):
    acuerdo_id: str = Field(description="normalised ID")
    issuer: str | None = Field(description="institute whose ID format matched")
    organ: str | None = Field(description="organ token, e.g. 'CG'")
    number: int | None = Field(description="the acuerdo's number")
    year: int | None = Field(description="year in the ID, two-digit years expanded")


class Extraction(Record):
    """Everything one document yields: what `store` writes in one transaction."""

    document: Document
    sections: tuple[Section, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    acuerdo_parts: tuple[AcuerdoParts, ...] = ()
