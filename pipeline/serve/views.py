"""View models of the web interface: each page's HTML and its JSON come from the same
instance (`model_dump(mode="json")`). Dates stay ISO dates here; templates write them
the Mexican way ("25 de agosto de 2021")."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- pieces ---------------------------------------------------------------------------


class Box(View):
    x0: float = Field(description="left edge, PDF points from the page's left")
    y0: float = Field(description="bottom edge, PDF points from the page's bottom")
    x1: float = Field(description="right edge, PDF points")
    y1: float = Field(description="top edge, PDF points")
    label: str = Field(description="the text drawn there")
    stored: bool = Field(
        description="from the mention's stored box (mentions.boxes); false: found by searching the page's text"
    )


class Figure(View):
    """A rendered page with the boxes to draw over it, relative to its crop box."""

    image_url: str = Field(description="PNG of the page")
    viewer_url: str = Field(description="the page viewer")
    width: float = Field(description="page width in PDF points")
    height: float = Field(description="page height in PDF points")
    boxes: tuple[Box, ...] = Field(description="highlights, in PDF points")


class Segment(View):
    text: str = Field(description="a run of the document's clean text")
    mark: bool = Field(default=False, description="part of a mention or quote")
    label: str | None = Field(default=None, description="what the marked text is (kind and value)")


class Excerpt(View):
    """Clean text with the mentions marked, for documents without a PDF to render."""

    segments: tuple[Segment, ...]
    approximate: bool = Field(default=False, description="page limits were estimated from the mentions")


class Paging(View):
    page: int = Field(description="1-based page of the list")
    size: int = Field(description="items per page")
    total: int | None = Field(description="items in the whole list, when it is known")
    prev_url: str | None = None
    next_url: str | None = None


class DocumentRef(View):
    doc_id: str
    title: str = Field(description="title, or the file name when there is none")
    url: str


class DocumentItem(DocumentRef):
    kind: str
    issuer: str | None
    issuer_name: str | None
    issued_on: dt.date | None
    pages: int


class AcuerdoItem(View):
    acuerdo_id: str
    subject: str | None
    approved_on: dt.date | None
    url: str


class SessionRef(View):
    session_id: str
    label: str = Field(description="'Sesión Extraordinaria No. 39 del Consejo General'")
    held_on: dt.date | None
    url: str


class Stated(View):
    """One claim: what the sentence says."""

    claim_id: str
    predicate: str
    predicate_label: str = Field(description="the predicate in Spanish")
    value: str = Field(description="the object as stored (ISO date, session_id, text…)")
    value_label: str = Field(description="the object as a reader would write it")
    url: str | None = Field(default=None, description="page of the object, when it has one")


class Quote(View):
    """A sentence of a document with every claim it makes, and where it is."""

    document: DocumentRef
    page: int
    page_url: str
    section: str | None
    sentence: str
    claims: tuple[Stated, ...]
    figure: Figure | None = Field(default=None, description="the page image with the quote highlighted")
    excerpt: Excerpt = Field(description="the sentence with the mentions it rests on marked")


class Evidence(View):
    claim_id: str | None
    document: DocumentRef | None
    page: int | None
    page_url: str | None
    section_no: int | None
    quote: str
    excerpt: Excerpt | None = Field(
        default=None, description="the quote with the mentions it rests on marked"
    )


class FindingItem(View):
    finding_id: str
    check: str
    severity: Literal["error", "warning", "info"]
    subject_kind: str
    subject_id: str
    subject_label: str
    subject_url: str | None
    message: str
    evidence: tuple[Evidence, ...]


# --- pages ----------------------------------------------------------------------------


class Totals(View):
    documents: int
    pages: int
    institutes: int
    sessions: int
    acuerdos: int
    claims: int
    findings: int


class SeverityCount(View):
    severity: Literal["error", "warning", "info"]
    count: int
    url: str


class InstituteItem(View):
    issuer: str
    name: str
    documents: int
    url: str


class HomePage(View):
    totals: Totals
    latest: tuple[DocumentItem, ...]
    findings: tuple[SeverityCount, ...]
    institutes: tuple[InstituteItem, ...]


class AcuerdoPage(View):
    acuerdo_id: str
    issuer: str | None
    issuer_name: str | None
    organ: str | None
    number: int | None
    year: int | None
    subject: str | None
    approved_on: dt.date | None
    session: SessionRef | None
    quotes: tuple[Quote, ...]
    findings: tuple[FindingItem, ...]


class SessionPage(View):
    session_id: str
    label: str
    issuer: str | None
    issuer_name: str | None
    body: str
    type: str
    number: int | None
    held_on: dt.date | None
    held_at: dt.time | None
    acuerdos: tuple[AcuerdoItem, ...]
    sources: tuple[Quote, ...]
    findings: tuple[FindingItem, ...]


class SectionNode(View):
    section_no: int
    heading: str
    page_start: int
    page_end: int
    url: str
    children: tuple[SectionNode, ...] = ()


class Fact(View):
    subject_kind: str
    subject_id: str
    subject_label: str
    subject_url: str | None
    claim: Stated
    page: int
    page_url: str


class PageThumb(View):
    page: int
    url: str
    image_url: str | None


class DocumentPage(View):
    document: DocumentItem
    path: str
    process: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    status: str
    error: str | None
    sections: tuple[SectionNode, ...]
    facts: tuple[Fact, ...]
    facts_total: int
    findings: tuple[FindingItem, ...]
    thumbs: tuple[PageThumb, ...]


class MentionItem(View):
    mention_id: str
    kind: str
    kind_label: str
    text: str
    value: str
    url: str | None


class PageViewer(View):
    document: DocumentRef
    page: int
    pages: int
    prev_url: str | None
    next_url: str | None
    figure: Figure | None
    excerpt: Excerpt | None
    mentions: tuple[MentionItem, ...]


class SearchHit(View):
    document: DocumentRef
    page: int | None
    page_url: str | None
    section: str | None
    snippet: tuple[Segment, ...]


class SearchPage(View):
    q: str
    acuerdos: tuple[AcuerdoItem, ...] = Field(description="acuerdos whose ID contains the query")
    hits: tuple[SearchHit, ...] = Field(description="sections from the full-text search, best first")
    paging: Paging | None
    unavailable: str | None = Field(default=None, description="why the full-text search could not run")


class Option(View):
    value: str
    label: str


class FindingsPage(View):
    check: str | None
    severity: str | None
    issuer: str | None
    checks: tuple[Option, ...]
    severities: tuple[Option, ...]
    issuers: tuple[Option, ...]
    findings: tuple[FindingItem, ...]
    paging: Paging


class Event(View):
    date: dt.date
    kind: Literal["held_on", "approved_on", "sent_on"]
    kind_label: str
    subject_id: str
    label: str
    url: str | None
    sources: int = Field(description="claims stating it")


class Month(View):
    month: str = Field(description="'YYYY-MM'")
    label: str = Field(description="'agosto de 2021'")
    events: tuple[Event, ...]


class InstitutePage(View):
    issuer: str
    name: str
    months: tuple[Month, ...]
    truncated: bool = Field(description="the timeline was cut at its limit")
