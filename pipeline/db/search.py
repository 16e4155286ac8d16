"""Full-text search over sections, with Spanish stemming (DuckDB's fts extension).

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

from pipeline.db.fts_partitions import drop_others, fingerprints, partition_of, stale, table_name, tables
from pipeline.db.store import connect, scalar
from pipeline.errors import DatabaseInUse, InformesError
from pipeline.vocab import strip_accents

INDEX_TABLE = "sections_text"
SNIPPET = 80  # characters either side of the first hit


class SearchIndexMissing(InformesError):
    """The database has no (fresh) search index and cannot be written to build one."""


def extension_path() -> Path:
    """The fts extension file shipped by the `duckdb-extension-fts` wheel."""
    import duckdb_extension_fts

    path = (
        Path(duckdb_extension_fts.__file__).parent
        / "extensions"
        / f"v{duckdb.__version__}"
        / "fts.duckdb_extension"
    )
    if not path.exists():
        raise InformesError(
            f"no fts extension for duckdb {duckdb.__version__} at {path} — "
            f"install duckdb-extension-fts=={duckdb.__version__}"
        )
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    # Never let DuckDB fetch an extension from the network behind our back.
    con.execute("set autoinstall_known_extensions = false")
    con.execute(f"load '{extension_path()}'")


def rebuild_search_index(con: duckdb.DuckDBPyConnection, force: bool = False) -> None:
    """(Re)build the section text tables and their FTS indexes: the partitions whose
    documents changed, or all with `force`. Needs a writable connection."""
    load_fts(con)
    count, todo = stale(con)
    drop_others(con, count)
    for partition in range(count) if force else todo:
        name = table_name(partition, count)
        con.execute(f"""
            create or replace table {name} as
            select s.doc_id || ':' || s.section_no as key, s.doc_id, s.section_no, s.heading, s.page_start, s.page_end,
                   substring(d.text, s.char_start + 1, s.char_end - s.char_start) as body
            from sections s join documents d using (doc_id)
            where {partition_of(count, "s.doc_id")} = {partition}""")
        con.execute(
            f"pragma create_fts_index('{name}', 'key', 'heading', 'body', stemmer='spanish',"
            " stopwords='none', strip_accents=1, lower=1, overwrite=1)"
        )
    digests = fingerprints(con, count)
    con.execute(
        "create or replace table search_index_state (partition integer, partitions integer, fingerprint varchar)"
    )
    con.executemany(
        "insert into search_index_state values (?, ?, ?)",
        [[p, count, digests.get(p, "")] for p in range(count)],
    )


def index_is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if "search_index_state" not in names or "docs" not in names:  # docs: created by create_fts_index
        return False
    return not stale(con)[1]


def ensure_index(db: str | Path | None) -> None:
    """Build the index if it is missing or stale and the database can be written."""
    con = connect(db, read_only=True)
    try:
        fresh = index_is_fresh(con)
        exists = scalar(
            con, "select count(*) from information_schema.tables where table_name like ?", [INDEX_TABLE + "%"]
        )
    finally:
        con.close()
    if fresh:
        return
    try:
        con = connect(db)
    except DatabaseInUse:
        if exists:
            return  # a stale index still answers; the running ingest will refresh it
        raise SearchIndexMissing("no search index — run informes ingest again") from None
    try:
        rebuild_search_index(con)
    finally:
        con.close()


def snippet(body: str, stems: list[str]) -> str:
    """About 2×SNIPPET characters around the first word that starts with a query stem."""
    flat = " ".join(body.split())
    folded = strip_accents(flat.lower())  # same length as `flat` for the letters we meet
    hits = [m.start() for s in stems if s for m in [re.search(rf"\b{re.escape(s)}", folded)] if m]
    at = min(hits) if hits and len(folded) == len(flat) else 0
    start, end = max(0, at - SNIPPET), min(len(flat), at + SNIPPET)
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def search(text: str, db: str | Path | None, limit: int = 10) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Sections matching `text`, best first: (columns, rows)."""
    if not text.strip():
        raise InformesError('empty search — give some words, e.g. informes search "comisión temporal"')
    ensure_index(db)
    con = connect(db, read_only=True)
    try:
        load_fts(con)
        words = re.findall(r"\w+", strip_accents(text.lower()))
        stems = [scalar(con, "select stem(?, 'spanish')", [w]) for w in words]
        parts = tables(con)
        scored = " union all ".join(
            f"select *, fts_main_{name}.match_bm25(key, ?) as score from {name}" for name in parts
        )
        found = con.execute(
            f"""
            select score, d.path, t.page_start, t.heading, t.body from ({scored}) t join documents d using (doc_id)
            where score is not null order by score desc, d.path, t.section_no limit ?""",
            [*[text] * len(parts), limit],
        ).fetchall()
    finally:
        con.close()
    rows = [
        (round(score, 3), path, page, heading, snippet(body.removeprefix(heading), stems))
        for score, path, page, heading, body in found
    ]
    return ["score", "document", "page", "section", "snippet"], rows
