"""Full-text search over sections: words with Spanish stemming, numbers and acuerdo IDs
as written, phrases in quotes (DuckDB's fts extension).

The index holds each section as folded words (`fold_sql`): lower case, no accents,
every run of other characters one space, letters and digits apart, leading zeros
dropped — so `IEPC/CG122/2021`, `IEPC-CG-122-2021` and `iepc/cg/0122/2021` are all
the words `iepc cg 122 2021`. A query is folded the same way: a word ranks sections by
BM25 on its stem; a number, an ID (a term that folds to several words) or a quoted
phrase must appear as those words in that order.

The extension comes from the PyPI package `duckdb-extension-fts` (pinned to the same
version as duckdb) and is loaded from its file: nothing is downloaded at run time.
The index lives in the database (`sections_text` + schema `fts_main_sections_text`, or
partitions of them in a large database: `fts_partitions`) and must be built on a
writable connection: `rebuild_search_index(con)` at the end of ingest (the partitions
whose documents changed), or lazily by `search` when the index is missing or stale.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb

from pipeline.db.fts_partitions import (
    INDEX_VERSION,
    MAP,
    built,
    drop_others,
    plan,
    store_assignment,
    store_fingerprints,
    table_name,
    table_names,
    tables,
)
from pipeline.db.guard import CannotOpen
from pipeline.db.readonly import extension_path, reading
from pipeline.db.store import LOCK_WAIT, connect, resolve_db, scalar
from pipeline.errors import DatabaseInUse, InformesError
from pipeline.vocab import strip_accents

INDEX_TABLE = "sections_text"
SNIPPET = 80  # characters either side of the first hit


class SearchIndexMissing(InformesError):
    """The database has no usable search index and cannot be written to build one."""


def fold_sql(expression: str) -> str:
    """SQL folding text into search words (see the module's docstring): the one
    definition the index and the queries share."""
    words = f"regexp_replace(strip_accents(lower({expression})), '[^a-z0-9]+', ' ', 'g')"
    apart = f"regexp_replace(regexp_replace({words}, '([a-z])([0-9])', '\\1 \\2', 'g'), '([0-9])([a-z])', '\\1 \\2', 'g')"
    unpadded = f"regexp_replace(' ' || {apart} || ' ', ' 0+([0-9])', ' \\1', 'g')"
    return f"trim(regexp_replace({unpadded}, ' +', ' ', 'g'))"


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    # Never let DuckDB fetch an extension from the network behind our back.
    con.execute("set autoinstall_known_extensions = false")
    con.execute(f"load '{extension_path()}'")


def rebuild_search_index(con: duckdb.DuckDBPyConnection, force: bool = False) -> None:
    """(Re)build the section words tables and their FTS indexes: the partitions whose
    documents changed (`fts_partitions`), or all with `force`. Needs a writable connection."""
    load_fts(con)
    wanted = plan(con)
    drop_others(con, set(wanted.fingerprints))
    store_assignment(con, wanted)
    for partition in sorted(wanted.fingerprints) if force else wanted.todo:
        name = table_name(partition)
        con.execute(f"""
            create or replace table {name} as
            select s.doc_id || ':' || s.section_no as key, s.doc_id, s.section_no, s.heading, s.page_start, s.page_end,
                   {fold_sql("substring(d.text, s.char_start + 1, s.char_end - s.char_start)")} as words
            from sections s join documents d using (doc_id)
            where s.doc_id in (select doc_id from {MAP} where partition = {partition})""")
        con.execute(
            f"pragma create_fts_index('{name}', 'key', 'words', stemmer='spanish',"
            " stopwords='none', ignore='[^a-z0-9]+', strip_accents=0, lower=0, overwrite=1)"
        )
    store_fingerprints(con, wanted)


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return "docs" in table_names(con) and bool(built(con))  # docs: created by create_fts_index


def index_is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    return has_index(con) and plan(con).fresh


def ensure_index(db: str | Path | None, wait: float = LOCK_WAIT) -> None:
    """Build the index if it is missing or stale and the database can be written; a
    stale index of this version still answers when it cannot be."""
    with reading(db, wait=wait) as con:
        present, wanted = has_index(con), plan(con)
    fresh = present and wanted.fresh
    usable = present and all(f.startswith(f"{INDEX_VERSION}:") for f in wanted.built.values())
    if fresh:
        return
    try:
        con = connect(db)
    except DatabaseInUse:
        if usable:
            return  # the running ingest will refresh it
        raise SearchIndexMissing("no search index yet — try again when the running ingest finishes") from None
    except (duckdb.IOException, OSError, CannotOpen) as exc:  # a read-only file or folder
        if usable:
            return
        path = resolve_db(db)
        reason = exc.reason if isinstance(exc, CannotOpen) else str(exc).splitlines()[0]
        raise SearchIndexMissing(
            f"{path} has no search index and cannot be written to build one ({reason}) — "
            f"make it writable, or search a writable copy"
        ) from None
    try:
        rebuild_search_index(con)
    finally:
        con.close()


def terms(text: str) -> list[tuple[str, bool]]:
    """The query's terms, each with whether it was quoted (an unclosed quote runs to the end)."""
    return [(q or w, bool(q)) for q, w in re.findall(r'"([^"]*)"?|([^\s"]+)', text)]


def search(
    text: str, db: str | Path | None, limit: int = 10, wait: float = LOCK_WAIT
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Sections matching `text`, best first: (columns, rows). A database an ingest is
    writing is waited for up to `wait` seconds."""
    if limit < 1:
        raise InformesError(f"--limit must be at least 1, not {limit}")
    given = terms(text)
    if not given:
        raise InformesError('empty search — give some words, e.g. informes search "comisión temporal"')
    ensure_index(db, wait)
    with reading(db, search=True, wait=wait) as con:
        folded = scalar(
            con, f"select list_transform(?::varchar[], t -> {fold_sql('t')})", [[t for t, _ in given]]
        )
        words = [w for f in folded for w in f.split()]
        if not words:
            raise InformesError(f"nothing to search for in {text!r} — give words, numbers or IDs")
        required = [f for f, (_, quoted) in zip(folded, given, strict=True) if f and (quoted or must(f))]
        ranked = [f for f in folded if f and f not in required]
        stems = scalar(con, "select list_transform(?::varchar[], w -> stem(w, 'spanish'))", [ranked])
        phrases = "".join(" and contains(' ' || t.words || ' ', ?)" for _ in required)
        parts = tables(con)
        scored = " union all ".join(
            f"select *, fts_main_{name}.match_bm25(key, ?) as score from {name}" for name in parts
        )
        found = con.execute(
            f"""
            with hits as (
                select t.doc_id, t.section_no, t.heading, t.page_start, t.score, d.path
                from ({scored}) t join documents d using (doc_id)
                where score is not null{phrases}
                order by score desc, d.path, t.section_no limit ?)
            select h.score, h.path, h.page_start, h.heading, substring(d.text, s.char_start + 1, s.char_end - s.char_start)
            from hits h join sections s using (doc_id, section_no) join documents d using (doc_id)
            order by h.score desc, h.path, h.section_no""",
            [*[" ".join(words)] * len(parts), *(f" {p} " for p in required), limit],
        ).fetchall()
    first = [[phrase_pattern(p) for p in required], [rf"(?<![a-z0-9]){re.escape(s)}" for s in stems if s]]
    rows = [
        (round(score, 3), path, page, heading, snippet(body.removeprefix(heading), first))
        for score, path, page, heading, body in found
    ]
    return ["score", "document", "page", "section", "snippet"], rows


def must(folded: str) -> bool:
    """A term sections must contain: an ID or phrase (several words) or a number."""
    return " " in folded or any(c.isdigit() for c in folded)


def phrase_pattern(phrase: str) -> str:
    """A regex finding folded words in lower-cased, accent-stripped text as written:
    any separators (or none) between them, leading zeros before numbers."""
    parts = [("0*" if w.isdigit() else "") + re.escape(w) for w in phrase.split()]
    return "(?<![a-z0-9])" + "[^a-z0-9]*".join(parts)


def snippet(body: str, first: list[list[str]]) -> str:
    """About 2×SNIPPET characters around the earliest hit of the first group of regexes
    that hits (required phrases, then word stems)."""
    flat = " ".join(body.split())
    folded = strip_accents(flat.lower())  # same length as `flat` for the letters we meet
    at = 0
    if len(folded) == len(flat):
        for group in first:
            hits = [m.start() for p in group for m in [re.search(p, folded)] if m]
            if hits:
                at = min(hits)
                break
    start, end = max(0, at - SNIPPET), min(len(flat), at + SNIPPET)
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")
