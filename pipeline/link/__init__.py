"""Stage 5 — link: mentions become claims, with provenance.

resolve sessions    each session mention gets its body (link.sessions)
link sentences      dates and times to their anchors (link.owners), acuerdos to
                    their sessions, dates, subjects and sendings (link.acuerdos)
table rows          rows of acuerdo tables read by pdfplumber (link.tables)
document rules      the document's own acuerdo and date (link.document)
"""

from __future__ import annotations

from dataclasses import dataclass

from models import AcuerdoParts, Claim, CleanText, DocKind, Mention, RawTable, TitleBlock
from pipeline.extract import extract
from pipeline.link.approval import origin_spans
from pipeline.link.document import (
    calendar,
    dedupe,
    default_body,
    document_kind,
    issue_claim,
    own_marks,
    own_subject,
    prefer_tables,
)
from pipeline.link.records import acuerdo_parts, to_claim, to_mention
from pipeline.link.sentences import link
from pipeline.link.sessions import resolve_sessions
from pipeline.link.subjects import set_aside, subject_spans
from pipeline.link.tables import table_claims
from pipeline.link.types import Context
from pipeline.sections import Outline


@dataclass(frozen=True)
class Facts:
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    acuerdo_parts: tuple[AcuerdoParts, ...]
    kind: DocKind  # the title's, unless the document carries several acuerdos


def link_document(
    doc_id: str, text: CleanText, outline: Outline, title: TitleBlock, tables: tuple[RawTable, ...] = ()
) -> Facts:
    """Mentions and claims of one document."""
    dates = calendar(title, text.text)
    year = dates.year
    found, sentences = extract(text.text, dates)
    if outline.toc_span:  # TOC lines repeat headings: their mentions are not facts
        toc_start, toc_end = outline.toc_span
        found = [m for m in found if not toc_start <= m.start < toc_end]
    aside = subject_spans(text.text, found, sentences)
    found = set_aside(found, aside)
    body = default_body(title)
    found = resolve_sessions(
        text.text, found, sentences, body, aside + origin_spans(text.text, found, sentences)
    )
    kind = document_kind(title, marks := own_marks(text.text, found))
    title = title.model_copy(update={"kind": kind})
    context = Context(issuer=title.issuer, year=year, own_acuerdo=title.acuerdo_id)
    drafts = link(text.text, found, sentences, context, marks)
    drafts = prefer_tables(text.text, drafts, table_claims(tables, text, body, context))
    drafts += own_subject(text.text, title)
    drafts += issue_claim(doc_id, drafts, title)
    written = [m for m in found if not (m.kind == "date" and m.anaphora)]
    sections = outline.sections
    return Facts(
        mentions=tuple(to_mention(doc_id, n, m, text, sections) for n, m in enumerate(written, start=1)),
        claims=tuple(to_claim(doc_id, n, d, text, sections) for n, d in enumerate(dedupe(drafts), start=1)),
        acuerdo_parts=acuerdo_parts(doc_id, found),
        kind=kind,
    )
