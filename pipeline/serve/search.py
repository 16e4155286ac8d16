"""`/buscar`: acuerdos whose ID contains the query, then the sections that
`pipeline.db.search.search` finds (the Spanish full-text index that `informes search`
uses), with their snippets and the words of the query marked.

`search` opens a connection of its own, so it runs alone (`access.Gate`); the hits
name documents by path, which a hardened connection turns into links.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

import pipeline.serve.access as access
import pipeline.serve.text as text
import pipeline.serve.urls as urls
from pipeline.db import readonly
from pipeline.db.search import SearchIndexMissing, search
from pipeline.db.store import scalar
from pipeline.grammar.ids import normalise as normalise_acuerdo
from pipeline.serve.access import records
from pipeline.serve.common import Site, document_ref
from pipeline.serve.entities import acuerdo_item
from pipeline.serve.views import AcuerdoItem, DocumentRef, Paging, SearchHit, SearchPage, Segment
from pipeline.vocab import fold, strip_accents

MAX_QUERY = 200  # characters of a query that are used
PER_PAGE = 20
MAX_PAGES = 10  # the search ranks everything it returns: later pages are not offered
MAX_ACUERDOS = 20


def clean_query(q: str) -> str:
    return " ".join(q.split())[:MAX_QUERY]


def like_pattern(q: str) -> str:
    """'%…%' matching `q` literally: its own %, _ and \\ are escaped."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", q) + "%"


def search_page(site: Site, q: str, page: int) -> SearchPage:
    q = clean_query(q)
    if not q:
        return SearchPage(q="", acuerdos=(), hits=(), paging=None)
    page = min(max(page, 1), MAX_PAGES)
    with site.gate.alone():
        unavailable = None
        try:
            _, rows = search(q, site.db, limit=page * PER_PAGE + 1, wait=access.WRITER_WAIT)
        except SearchIndexMissing as exc:
            rows, unavailable = [], f"La búsqueda de texto no está disponible: {exc}."
        shown = rows[(page - 1) * PER_PAGE : page * PER_PAGE]
        with readonly.reading(
            site.db, search=bool(shown), wait=access.WRITER_WAIT
        ) as con:  # fts (for the stems) costs ~0.15 s
            acuerdos = matching_acuerdos(con, q)
            documents = documents_by_path(con, [row[1] for row in shown])
            stems = query_stems(con, q) if shown else []
    more = len(rows) > page * PER_PAGE and page < MAX_PAGES
    return SearchPage(
        q=q,
        acuerdos=acuerdos,
        hits=tuple(hit(row, documents[row[1]], stems) for row in shown if row[1] in documents),
        paging=Paging(
            page=page,
            size=PER_PAGE,
            total=None if more else (page - 1) * PER_PAGE + len(shown),
            prev_url=urls.query_url("/buscar", q=q, pagina=page - 1) if page > 1 else None,
            next_url=urls.query_url("/buscar", q=q, pagina=page + 1) if more else None,
        ),
        unavailable=unavailable,
    )


def matching_acuerdos(con: duckdb.DuckDBPyConnection, q: str) -> tuple[AcuerdoItem, ...]:
    """Acuerdos whose ID contains the query written as an ID ("cg122" → "CG122")."""
    if not re.search(r"\d", q):
        return ()
    key = normalise_acuerdo(q)
    rows = records(
        con,
        r"select acuerdo_id, subject, approved_on from acuerdos where acuerdo_id ilike ? escape '\'"
        " order by acuerdo_id = ? desc, year desc nulls last, acuerdo_id limit ?",
        [like_pattern(key), key, MAX_ACUERDOS],
    )
    return tuple(acuerdo_item(row) for row in rows)


def documents_by_path(con: duckdb.DuckDBPyConnection, paths: list[str]) -> dict[str, DocumentRef]:
    rows = records(con, "select doc_id, title, path from documents where list_contains(?, path)", [paths])
    return {row["path"]: document_ref(row) for row in rows}


def query_stems(con: duckdb.DuckDBPyConnection, q: str) -> list[str]:
    """The query's words as the index stems them (Spanish snowball, accents folded)."""
    return [scalar(con, "select stem(?, 'spanish')", [w]) for w in re.findall(r"\w+", fold(q))[:20]]


def hit(row: tuple[Any, ...], document: DocumentRef, stems: list[str]) -> SearchHit:
    _, _, page, heading, snip = row
    return SearchHit(
        document=document,
        page=page,
        page_url=urls.page_url(document.doc_id, page) if page else None,
        section=" ".join(heading.split()) if heading else None,
        snippet=marked_words(snip, stems),
    )


def marked_words(snip: str, stems: list[str]) -> tuple[Segment, ...]:
    """The snippet with every word that starts with a query stem marked."""
    folded = strip_accents(snip.lower())
    if len(folded) != len(snip):  # a letter folded into two: mark nothing rather than the wrong thing
        return (Segment(text=snip),)
    spans: list[text.Span] = [
        (m.start(), m.end(), None)
        for m in re.finditer(r"\w+", folded)
        if any(s and m.group().startswith(s) for s in stems)
    ]
    return text.segments(snip, spans)
