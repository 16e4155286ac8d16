"""The full-text index in partitions, so an ingest rebuilds only what changed.

DuckDB's fts extension builds an index in one go and cannot update it. Rebuilt whole at
the end of every ingest, its cost grew with the database, not with the batch: adding 10
documents to 100,000 re-indexed 100,000. The sections are therefore split by the first
two hex digits of their document's id into 1, 2, 4 … 256 partitions (about
PARTITION_SECTIONS sections each), each its own table and fts index with a fingerprint
of the documents it holds; an ingest rebuilds the partitions whose fingerprint changed.
A database with fewer than PARTITION_SECTIONS sections has one partition, named as the
single index always was (`sections_text`, schema `fts_main_sections_text`).

Scores (BM25) are computed within a partition; hash partitions of a large corpus have
nearly the same term statistics, so their scores compare.
"""

from __future__ import annotations

import duckdb

BASE = "sections_text"
INDEX_VERSION = "2"  # search.fold_sql's folding; partitions indexed otherwise are rebuilt
PARTITION_SECTIONS = 20_000
MAX_PARTITIONS = 256


def partition_count(sections: int) -> int:
    count = 1
    while count < MAX_PARTITIONS and sections > count * PARTITION_SECTIONS:
        count *= 2
    return count


def table_name(partition: int, count: int) -> str:
    return BASE if count == 1 else f"{BASE}_{partition:03d}"


def partition_of(count: int, column: str = "doc_id") -> str:
    """SQL: the partition of a row by its document id (hex), among `count`."""
    return f"(('0x' || substr({column}, 1, 2))::integer * {count} // 256)"


def fingerprints(con: duckdb.DuckDBPyConnection, count: int) -> dict[int, str]:
    """partition → the index version and a digest of the (doc_id, extractor_version) of
    its documents."""
    rows = con.execute(
        f"select {partition_of(count)} as p, '{INDEX_VERSION}:' || md5(string_agg(doc_id || ':' || extractor_version,"
        " ',' order by doc_id)) from documents group by p"
    ).fetchall()
    return dict(rows)


def built(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[int, str]]:
    """partition → (partition count, fingerprint) as last built."""
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if "search_index_state" not in tables:
        return {}
    columns = {r[0] for r in con.execute("describe search_index_state").fetchall()}
    if "partition" not in columns:  # a single index built before partitions
        return {}
    return {p: (n, f) for p, n, f in con.execute("select * from search_index_state").fetchall()}


def stale(con: duckdb.DuckDBPyConnection) -> tuple[int, list[int]]:
    """(partition count wanted, partitions to rebuild)."""
    sections = con.execute("select count(*) from sections").fetchone()
    count = partition_count(sections[0] if sections else 0)
    now, before = fingerprints(con, count), built(con)
    partitions = range(count)
    return count, [p for p in partitions if before.get(p) != (count, now.get(p, ""))]


def drop_others(con: duckdb.DuckDBPyConnection, count: int) -> None:
    """Drop the tables and index schemas of another partition count."""
    keep = {table_name(p, count) for p in range(count)}
    names = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
            f" and (table_name = '{BASE}' or table_name like '{BASE}\\_%' escape '\\')"
        ).fetchall()
    ]
    for name in names:
        if name not in keep:
            con.execute(f"drop schema if exists fts_main_{name} cascade")
            con.execute(f"drop table if exists {name}")


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The partition tables of the index as built."""
    state = built(con)
    if not state:
        return [BASE]
    count = next(iter(state.values()))[0]
    return [table_name(p, count) for p in range(count)]
