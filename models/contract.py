"""The SQL contract's tables as pydantic models. Their `Field` descriptions are the single
source of truth: `informes schema` prints them and `pipeline.db.store` builds its tables
from them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from models.base import (
    Basis,
    DocKind,
    DocStatus,
    MentionKind,
    PageSource,
    Predicate,
    Record,
    Severity,
    SubjectKind,
)


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


class Page(Record):
    doc_id: str = Field(description="document the page belongs to")
    page: int = Field(description="1-based page number")
    source: PageSource = Field(description="where its text came from: 'text layer' or 'ocr'")
    width: float | None = Field(default=None, description="page width in PDF points (PDFs only)")
    height: float | None = Field(default=None, description="page height in PDF points (PDFs only)")
    characters: int = Field(description="characters of text read from the page")
    ocr_confidence: float | None = Field(
        default=None, description="mean Tesseract word confidence, 0-100, when the page was OCRed"
    )
    quality: float = Field(
        description="text-quality score of the page's text layer, 0 (garbage) to 1 (clean words)"
    )
    problem: str | None = Field(
        default=None,
        description="why the text layer was judged garbage: mojibake, cid codes, private-use glyphs, hidden text, no text",
    )


class OcrWord(Record):
    doc_id: str = Field(description="document the word is in")
    page: int = Field(description="1-based page of the word")
    word_no: int = Field(description="1-based, in Tesseract's reading order on the page")
    text: str = Field(description="the word as Tesseract read it")
    confidence: float = Field(description="Tesseract's confidence in the word, 0-100")
    x0: float = Field(description="left edge, PDF points from the page's left")
    x1: float = Field(description="right edge, PDF points from the page's left")
    top: float = Field(description="top edge, PDF points from the page's bottom")
    bottom: float = Field(description="bottom edge, PDF points from the page's bottom")


class DocumentPath(Record):
    doc_id: str = Field(description="the document whose bytes the file holds")
    path: str = Field(description="absolute path of the file, as found (symbolic links not resolved)")
    first_seen: dt.datetime = Field(description="start of the first ingest that found the document there")
    last_seen: dt.datetime = Field(description="start of the last ingest that found the document there")


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


class TocEntry(Record):
    doc_id: str = Field(description="document whose table of contents lists the entry")
    entry_no: int = Field(description="1-based, in the order of the table of contents")
    title: str = Field(description="the entry's title as written")
    page: int = Field(description="the page number the table of contents gives")


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
    inferred: bool = Field(
        default=False, description="part of the value came from context (a date's year, a session's body)"
    )
    weekday: int | None = Field(
        default=None, description="for a date, the weekday the text states (0 = lunes … 6 = domingo)"
    )
    x0: float | None = Field(
        default=None,
        description="left edge of the mention on its page, in PDF points (page space: origin at the bottom left, y up); null where the text has no boxes (text files, OCR pages)",
    )
    y0: float | None = Field(default=None, description="bottom edge, PDF points")
    x1: float | None = Field(default=None, description="right edge, PDF points")
    y1: float | None = Field(default=None, description="top edge, PDF points")
    boxes: tuple[tuple[float, float, float, float], ...] | None = Field(
        default=None,
        description="JSON list of [x0, y0, x1, y1], one per line the mention runs over on its page; x0…y1 is their union",
    )


class Claim(Record):
    claim_id: str = Field(description="'<doc_id[:12]>:c<n>'")
    doc_id: str = Field(description="document making the claim")
    section_no: int | None = Field(description="section holding the claim's sentence")
    page: int = Field(description="page where the sentence starts")
    subject_kind: SubjectKind = Field(description="'session', 'acuerdo' or 'document'")
    subject_id: str = Field(description="session_id, acuerdo_id or doc_id")
    predicate: Predicate = Field(description=", ".join(Predicate))
    object: str = Field(description="ISO date, HH:MM, session_id, organisation or text")
    sentence: str = Field(description="the sentence stating the claim")
    char_start: int = Field(description="start offset of the sentence in documents.text")
    char_end: int = Field(description="end offset of the sentence in documents.text")
    basis: Basis = Field(
        default=Basis.stated, description="how directly the text states it: " + ", ".join(Basis)
    )


class AcuerdoParts(Record):
    doc_id: str = Field(description="document the ID was read in")
    acuerdo_id: str = Field(description="normalised ID")
    issuer: str | None = Field(description="institute whose ID format matched")
    organ: str | None = Field(description="organ token, e.g. 'CG'")
    number: int | None = Field(description="the acuerdo's number")
    year: int | None = Field(description="year in the ID, two-digit years expanded")


class Evidence(Record):
    claim_id: str | None = Field(default=None, description="the claim, when the evidence is one")
    doc_id: str = Field(description="document holding the quote")
    page: int | None = Field(default=None, description="page of the quote")
    section_no: int | None = Field(default=None, description="section of the quote")
    quote: str = Field(description="the sentence or heading quoted")
    basis: Basis = Field(default=Basis.stated, description="how directly the quote states the claim")


class Finding(Record):
    finding_id: str = Field(description="'<check>:<n>'")
    check: str = Field(description="name of the rule that fired")
    severity: Severity = Field(description="'error', 'warning' or 'info'")
    subject_kind: SubjectKind = Field(description="'session', 'acuerdo' or 'document'")
    subject_id: str = Field(description="what the finding is about")
    message: str = Field(description="the finding in Spanish")
    evidence: tuple[Evidence, ...] = Field(
        description="JSON list of {claim_id, doc_id, page, section_no, quote}; also one row each in finding_evidence"
    )


class FindingEvidence(Record):
    finding_id: str = Field(description="the finding (see findings)")
    evidence_no: int = Field(description="1-based position in the finding's evidence")
    claim_id: str | None = Field(description="the claim, when the evidence is one")
    doc_id: str = Field(description="document holding the quote")
    page: int | None = Field(description="page of the quote")
    section_no: int | None = Field(description="section of the quote")
    quote: str = Field(description="the sentence or heading quoted")
    basis: Basis = Field(description="how directly the quote states the claim")


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


class Extraction(Record):
    """Everything one document yields: what `store` writes in one transaction."""

    document: Document
    sections: tuple[Section, ...] = ()
    toc: tuple[TocEntry, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    acuerdo_parts: tuple[AcuerdoParts, ...] = ()
    pages: tuple[Page, ...] = ()
    ocr_words: tuple[OcrWord, ...] = ()
    run_failure: bool = False  # failed through this run (its limits, a crash), not the bytes
