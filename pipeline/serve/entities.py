"""Pages of one thing: an acuerdo, a session, a document, a page of a document."""

from __future__ import annotations

from typing import Any

import duckdb

import pipeline.serve.text as text
import pipeline.serve.urls as urls
from pipeline.db.store import scalar
from pipeline.errors import NotFound
from pipeline.grammar.ids import normalise as normalise_acuerdo
from pipeline.link.subjects import clean_subject
from pipeline.serve.access import record, records
from pipeline.serve.common import (
    Site,
    claim_rows,
    document_ref,
    figure,
    issuer_name,
    mention_label,
    pdf_of,
    quotes,
    stated,
)
from pipeline.serve.evidence import FINDING_COLUMNS, findings, findings_about
from pipeline.serve.views import (
    AcuerdoItem,
    AcuerdoPage,
    DocumentItem,
    DocumentPage,
    Excerpt,
    Fact,
    MentionItem,
    PageThumb,
    PageViewer,
    SectionNode,
    SessionPage,
    SessionRef,
)
from pipeline.serve.words import label
from pipeline.summarise.names import session_label

MAX_QUOTES = 300  # claims read for one acuerdo or session page
MAX_FACTS = 300
MAX_THUMBS = 200
MAX_MENTIONS = 500
MAX_ANCHORS = 20_000
MAX_ID = 300  # longer IDs are not looked up at all
MENTION_COLUMNS = "mention_id, kind, text, value, page, char_start, char_end, boxes"


def acuerdo_page(con: duckdb.DuckDBPyConnection, site: Site, acuerdo_id: str) -> AcuerdoPage:
    key = normalise_acuerdo(acuerdo_id[:MAX_ID])
    row = record(con, "select * from acuerdos where acuerdo_id = ?", [key])
    if row is None:
        raise NotFound(f"No hay ningún acuerdo «{key}» en la base de datos.")
    rows = claim_rows(con, "c.subject_id = ? or c.object = ?", [key, key], MAX_QUOTES)
    return AcuerdoPage(
        acuerdo_id=key,
        issuer=row["issuer"],
        issuer_name=issuer_name(row["issuer"]),
        organ=row["organ"],
        number=row["number"],
        year=row["year"],
        subject=clean_subject(row["subject"]) if row["subject"] else None,
        approved_on=row["approved_on"],
        session=session_ref(con, row["session_id"]) if row["session_id"] else None,
        quotes=quotes(site, rows),
        findings=findings_about(con, [key]),
    )


def session_ref(con: duckdb.DuckDBPyConnection, session_id: str) -> SessionRef:
    row = record(con, "select issuer, held_on from sessions where session_id = ?", [session_id])
    return SessionRef(
        session_id=session_id,
        label=session_label(session_id, row["issuer"] if row else None),
        held_on=row["held_on"] if row else None,
        url=urls.session_url(session_id),
    )


def session_page(con: duckdb.DuckDBPyConnection, site: Site, session_id: str) -> SessionPage:
    row = record(con, "select * from sessions where session_id = ?", [session_id[:MAX_ID]])
    if row is None:
        raise NotFound(f"No hay ninguna sesión «{session_id[:MAX_ID]}» en la base de datos.")
    sid = row["session_id"]
    acuerdos = records(
        con,
        "select a.acuerdo_id, a.subject, a.approved_on from acuerdos a where a.acuerdo_id in"
        " (select subject_id from claims where predicate = 'approved_in' and object = ?)"
        " order by a.number nulls last, a.acuerdo_id limit ?",
        [sid, MAX_QUOTES],
    )
    rows = claim_rows(
        con, "c.subject_id = ? or (c.predicate = 'approved_in' and c.object = ?)", [sid, sid], MAX_QUOTES
    )
    return SessionPage(
        session_id=sid,
        label=session_label(sid, row["issuer"]),
        issuer=row["issuer"],
        issuer_name=issuer_name(row["issuer"]),
        body=row["body"],
        type=row["type"],
        number=row["number"],
        held_on=row["held_on"],
        held_at=row["held_at"],
        acuerdos=tuple(acuerdo_item(a) for a in acuerdos),
        sources=quotes(site, rows),
        findings=findings_about(con, [sid]),
    )


def acuerdo_item(row: dict[str, Any]) -> AcuerdoItem:
    return AcuerdoItem(
        acuerdo_id=row["acuerdo_id"],
        subject=clean_subject(row["subject"]) if row["subject"] else None,
        approved_on=row["approved_on"],
        url=urls.acuerdo_url(row["acuerdo_id"]),
    )


# --- documents ------------------------------------------------------------------------

DOCUMENT_COLUMNS = (
    "doc_id, path, kind, title, issuer, process, issued_on, period_start, period_end, pages, status, error,"
    " encoding"
)


def find_document(con: duckdb.DuckDBPyConnection, ident: str) -> dict[str, Any]:
    """The document whose doc_id is `ident` or starts with it (at least 12 hex digits)."""
    ident = ident.lower()
    if not urls.DOC_ID.fullmatch(ident):
        raise NotFound(f"«{ident[:80]}» no es un identificador de documento (12 a 64 dígitos hexadecimales).")
    found = records(
        con, f"select {DOCUMENT_COLUMNS} from documents where starts_with(doc_id, ?) limit 2", [ident]
    )
    if not found:
        raise NotFound(f"No hay ningún documento «{ident}» en la base de datos.")
    if len(found) > 1:
        raise NotFound(f"«{ident}» coincide con varios documentos: use más dígitos del identificador.")
    return found[0]


def document_item(row: dict[str, Any]) -> DocumentItem:
    return DocumentItem(
        **document_ref(row).model_dump(),
        kind=label("kind", row["kind"]),
        issuer=row["issuer"],
        issuer_name=issuer_name(row["issuer"]),
        issued_on=row["issued_on"],
        pages=row["pages"],
    )


def document_page(con: duckdb.DuckDBPyConnection, site: Site, ident: str) -> DocumentPage:
    doc = find_document(con, ident)
    doc_id = doc["doc_id"]
    has_pdf = pdf_of(site, doc) is not None
    finding_rows = records(
        con,
        f"select {FINDING_COLUMNS} from findings f where contains(f.evidence, ?) or f.subject_id = ?"
        " order by f.finding_id limit 100",
        [doc_id, doc_id],
    )
    return DocumentPage(
        document=document_item(doc),
        path=doc["path"],
        process=doc["process"],
        period_start=doc["period_start"],
        period_end=doc["period_end"],
        status=doc["status"],
        error=doc["error"],
        sections=section_tree(con, doc_id),
        facts=facts(con, doc_id, doc["issuer"]),
        facts_total=scalar(con, "select count(*) from claims where doc_id = ?", [doc_id]) or 0,
        findings=findings(con, finding_rows),
        thumbs=tuple(
            PageThumb(
                page=n,
                url=urls.page_url(doc_id, n),
                image_url=urls.image_url(doc_id, n) if has_pdf else None,
            )
            for n in range(1, min(doc["pages"] or 0, MAX_THUMBS) + 1)
        ),
    )


def section_tree(con: duckdb.DuckDBPyConnection, doc_id: str) -> tuple[SectionNode, ...]:
    rows = records(
        con,
        "select section_no, parent_no, heading, page_start, page_end from sections where doc_id = ?"
        " order by section_no limit 2000",
        [doc_id],
    )
    children: dict[int | None, list[dict[str, Any]]] = {}
    known = {r["section_no"] for r in rows}
    for row in rows:
        parent = row["parent_no"] if row["parent_no"] in known else None
        children.setdefault(parent, []).append(row)

    def build(parent: int | None, depth: int) -> tuple[SectionNode, ...]:
        return tuple(
            SectionNode(
                section_no=r["section_no"],
                heading=" ".join(r["heading"].split()),
                page_start=r["page_start"],
                page_end=r["page_end"],
                url=urls.page_url(doc_id, r["page_start"]),
                children=build(r["section_no"], depth + 1) if depth < 12 else (),
            )
            for r in children.get(parent, [])
            if r["section_no"] != parent
        )

    return build(None, 0)


def facts(con: duckdb.DuckDBPyConnection, doc_id: str, issuer: str | None) -> tuple[Fact, ...]:
    rows = records(
        con,
        "select claim_id, subject_kind, subject_id, predicate, object, page from claims where doc_id = ?"
        " order by char_start, claim_id limit ?",
        [doc_id, MAX_FACTS],
    )
    return tuple(
        Fact(
            subject_kind=r["subject_kind"],
            subject_id=r["subject_id"],
            subject_label=subject_label(r["subject_kind"], r["subject_id"], doc_id, issuer),
            subject_url=None
            if r["subject_id"] == doc_id
            else urls.subject_url(r["subject_kind"], r["subject_id"]),
            claim=stated(r, issuer),
            page=r["page"],
            page_url=urls.page_url(doc_id, r["page"]),
        )
        for r in rows
    )


def subject_label(kind: str, subject_id: str, doc_id: str, issuer: str | None) -> str:
    if kind == "session":
        return session_label(subject_id, issuer)
    if subject_id == doc_id:
        return "el documento"
    return subject_id


# --- one page -------------------------------------------------------------------------


def page_viewer(con: duckdb.DuckDBPyConnection, site: Site, ident: str, page: int) -> PageViewer:
    doc = find_document(con, ident)
    if not 1 <= page <= (doc["pages"] or 0):
        raise NotFound(f"El documento tiene {doc['pages'] or 0} páginas: no hay página {page}.")
    doc_id = doc["doc_id"]
    mentions = records(
        con,
        f"select {MENTION_COLUMNS} from mentions where doc_id = ? and page = ? order by char_start limit ?",
        [doc_id, page, MAX_MENTIONS],
    )
    found = figure(site, doc, page, mentions)
    return PageViewer(
        document=document_ref(doc),
        page=page,
        pages=doc["pages"],
        prev_url=urls.page_url(doc_id, page - 1) if page > 1 else None,
        next_url=urls.page_url(doc_id, page + 1) if page < doc["pages"] else None,
        figure=found,
        excerpt=None if found else page_excerpt(con, doc, page, mentions),
        mentions=mention_items(con, mentions),
    )


def mention_items(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> tuple[MentionItem, ...]:
    """The mentions, an acuerdo linked when the database knows it."""
    values = sorted({r["value"] for r in rows if r["kind"] == "acuerdo"})
    known = {
        r[0]
        for r in con.execute(
            "select acuerdo_id from acuerdos where list_contains(?, acuerdo_id)", [values]
        ).fetchall()
    }
    return tuple(
        MentionItem(
            mention_id=r["mention_id"],
            kind=r["kind"],
            kind_label=label("mention", r["kind"]),
            text=" ".join(r["text"].split()),
            value=r["value"],
            url=urls.acuerdo_url(r["value"]) if r["kind"] == "acuerdo" and r["value"] in known else None,
        )
        for r in rows
    )


def page_excerpt(
    con: duckdb.DuckDBPyConnection, doc: dict[str, Any], page: int, mentions: list[dict[str, Any]]
) -> Excerpt:
    anchors = con.execute(
        "select * from (select char_start, page from mentions where doc_id = $1"
        " union all select char_end, page from mentions where doc_id = $1"
        " union all select char_start, page from claims where doc_id = $1"
        " union all select char_start, page_start from sections where doc_id = $1) limit $2",
        [doc["doc_id"], MAX_ANCHORS],
    ).fetchall()
    body = scalar(con, "select text from documents where doc_id = ?", [doc["doc_id"]]) or ""
    bounds = text.page_bounds(body, anchors, page, doc["pages"])
    spans = [(m["char_start"], m["char_end"], mention_label(m["kind"], m["value"])) for m in mentions]
    return text.page_excerpt(body, bounds, spans)
