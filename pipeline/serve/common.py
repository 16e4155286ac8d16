"""Pieces shared by the pages: the site's settings, document references, claims in
words, page figures with their highlights, and the quotes of claims."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

import pipeline.serve.pdf as pdf
import pipeline.serve.text as text
import pipeline.serve.urls as urls
from pipeline.db.store import resolve_db
from pipeline.serve.access import Gate, records
from pipeline.serve.views import Box, DocumentRef, Excerpt, Figure, Quote, Stated
from pipeline.serve.words import label
from pipeline.summarise.names import institute_names, recipient, say_date, session_label

DATED = ("held_on", "approved_on", "sent_on", "issued_on")


@dataclass(frozen=True)
class Site:
    """Where the interface reads from: the database and the page-image cache."""

    db: Path
    cache: Path
    gate: Gate = field(default_factory=Gate, compare=False)

    @classmethod
    def of(cls, db: str | Path | None, cache: Path | None = None) -> Site:
        """Page images go to `cache`, else $XDG_CACHE_HOME/informes/pages, else a
        `.informes-cache` folder next to the database."""
        path = resolve_db(db)
        xdg = os.environ.get("XDG_CACHE_HOME")
        if cache is None:
            cache = Path(xdg) / "informes" / "pages" if xdg else path.resolve().parent / ".informes-cache"
        return cls(db=path, cache=cache)


def title_of(title: str | None, path: str) -> str:
    return " ".join(title.split()) if title else Path(path).name


def document_ref(row: dict[str, Any]) -> DocumentRef:
    return DocumentRef(
        doc_id=row["doc_id"], title=title_of(row["title"], row["path"]), url=urls.document_url(row["doc_id"])
    )


def issuer_name(issuer: str | None) -> str | None:
    return institute_names().get(issuer, issuer.upper()) if issuer else None


def stated(claim: dict[str, Any], issuer: str | None = None) -> Stated:
    """A claim in words: 'aprobado el' '25 de agosto de 2021', linked where it can be.
    A session of `issuer` is named without its institute."""
    predicate, value = claim["predicate"], claim["object"]
    shown, url = value, None
    if predicate in DATED:
        shown = say_date(value)
    elif predicate == "approved_in":
        shown, url = session_label(value, issuer), urls.session_url(value)
    elif predicate == "sent_to":
        shown = recipient(value)
    elif predicate == "held_at":
        shown = f"{value} horas"
    return Stated(
        claim_id=claim["claim_id"],
        predicate=predicate,
        predicate_label=label("predicate", predicate),
        value=value,
        value_label=shown,
        url=url,
    )


# --- a page with its highlights --------------------------------------------------------


def pdf_of(site: Site, doc: dict[str, Any]) -> Path | None:
    """The document's PDF, when it is one and is still where ingest found it."""
    if doc.get("encoding") != "pdf":
        return None
    return pdf.locate_pdf(doc["path"], site.db, doc["doc_id"])


def figure(
    site: Site, doc: dict[str, Any], page: int, mentions: list[dict[str, Any]], within: str | None = None
) -> Figure | None:
    """The page image with `mentions` (rows with page, text and boxes) highlighted: from
    their stored boxes; those without one (pdfplumber, OCR pages) are searched for in
    the page's text (inside the sentence `within`, when given)."""
    path = pdf_of(site, doc)
    if path is None:
        return None
    left, bottom, width, height = pdf.page_frame(path, page)
    here = [m for m in mentions if m["page"] == page]
    stored = [
        Box(
            x0=x0 - left,
            y0=y0 - bottom,
            x1=x1 - left,
            y1=y1 - bottom,
            label=" ".join(m["text"].split()),
            stored=True,
        )
        for m in here
        if m["boxes"]
        for x0, y0, x1, y1 in json.loads(m["boxes"])
    ]
    searched = pdf.quote_boxes(path, page, [m["text"] for m in here if not m["boxes"]], within)
    return Figure(
        image_url=urls.image_url(doc["doc_id"], page),
        viewer_url=urls.page_url(doc["doc_id"], page),
        width=width,
        height=height,
        boxes=(*stored, *searched),
    )


# --- quotes: claims grouped by sentence ------------------------------------------------

QUOTE_SQL = """
select c.claim_id, c.doc_id, c.page, c.section_no, c.subject_kind, c.subject_id, c.predicate, c.object,
       c.sentence, c.char_start, c.char_end, d.title, d.path, d.encoding, d.issuer, s.heading,
       substring(d.text, c.char_start + 1, c.char_end - c.char_start) as span_text,
       (select list({{'start': m.char_start, 'end': m.char_end, 'kind': m.kind, 'text': m.text,
                      'value': m.value, 'page': m.page, 'boxes': m.boxes}} order by m.char_start)
        from mentions m where m.doc_id = c.doc_id and m.char_start >= c.char_start and m.char_end <= c.char_end
          and m.kind in ('acuerdo', 'session', 'date', 'time')) as mentions
from claims c join documents d using (doc_id)
left join sections s on s.doc_id = c.doc_id and s.section_no = c.section_no
where {where}
order by d.issued_on nulls last, d.path, c.char_start, c.claim_id
limit {limit}
"""


def claim_rows(
    con: duckdb.DuckDBPyConnection, where: str, params: list[Any], limit: int
) -> list[dict[str, Any]]:
    return records(con, QUOTE_SQL.format(where=where, limit=int(limit)), params)


def quotes(site: Site, rows: list[dict[str, Any]]) -> tuple[Quote, ...]:
    """One Quote per sentence, in the order of `rows` (from `claim_rows`)."""
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["doc_id"], row["char_start"]), []).append(row)
    return tuple(quote(site, group) for group in grouped.values())


def quote(site: Site, group: list[dict[str, Any]]) -> Quote:
    first = group[0]
    related = related_mentions(group)
    return Quote(
        document=document_ref(first),
        page=first["page"],
        page_url=urls.page_url(first["doc_id"], first["page"]),
        section=first["heading"],
        sentence=" ".join(first["sentence"].split()),
        claims=tuple(stated(row, first["issuer"]) for row in group),
        figure=figure(site, first, first["page"], related, within=first["sentence"]),
        excerpt=quote_excerpt(first, related),
    )


def related_mentions(group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mentions in the sentence naming the claims' subject or objects (a session mention
    'consejo general|extraordinaria|39' names 'iepc durango|consejo general|…|39|2021')."""
    names = {row["subject_id"] for row in group} | {row["object"] for row in group}
    return [
        m
        for m in group[0]["mentions"] or []
        if m["value"] in names or (m["kind"] == "session" and any(f"|{m['value']}|" in n for n in names))
    ]


def mention_label(kind: str, value: str) -> str:
    return f"{label('mention', kind)}: {value}"


def quote_excerpt(row: dict[str, Any], related: list[dict[str, Any]]) -> Excerpt:
    """The sentence with its related mentions marked: by offsets when the stored sentence
    is the document's text at those offsets, else by finding their text in it (table rows
    are stored as 'ID | sesión | fecha | asunto')."""
    labels = [mention_label(m["kind"], m["value"]) for m in related]
    if (row["span_text"] or "").rstrip() == row["sentence"]:
        spans = [(m["start"], m["end"], tag) for m, tag in zip(related, labels, strict=True)]
        return text.sentence_excerpt(row["sentence"], row["char_start"], spans)
    return Excerpt(segments=text.segments(row["sentence"], text.find_spans(row["sentence"], related, labels)))
