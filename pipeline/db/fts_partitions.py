"""The full-text index in partitions, so an ingest rebuilds only what changed.

DuckDB's fts extension builds an index in one go and cannot update it. Rebuilt whole at
the end of every ingest, its cost grew with the database, not with the batch: adding 10
documents to 20,000 re-indexed 20,000. Partitions by a hash of the document id did not
help: 10 new documents fall into most hash partitions. So documents are given to
partitions as they arrive and keep their partition (`search_partitions`): new documents
fill the open (last) partition up to PARTITION_SECTIONS sections, then open the next. An
ingest rebuilds the partitions whose documents changed — the open one when documents
were only added; an older one only when one of its documents was re-extracted or
removed. Each partition is its own table and fts index with a fingerprint (index version
and its documents' ids and extractor versions); the first is named as the single index
always was (`sections_text`, schema `fts_main_sections_text`).

Scores (BM25) are computed within a partition; partitions of a large corpus have nearly
the same term statistics, so their scores compare.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import duckdb

BASE = "sections_text"
INDEX_VERSION = "2"  # search.fold_sql's folding; partitions indexed otherwise are rebuilt
PARTITION_SECTIONS = 20_000
MAP = "search_partitions"
STATE = "search_index_state"


def table_name(partition: int) -> str:
    return BASE if partition == 0 else f"{BASE}_{partition:03d}"


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


@dataclass(frozen=True)
class Plan:
    """What the index should be: each document's partition, each partition's fingerprint,
    and which partitions differ from the index as built."""

    assignment: dict[str, int]
    fingerprints: dict[int, str]
    built: dict[int, str]

    @property
    def todo(self) -> list[int]:
        return sorted(p for p, digest in self.fingerprints.items() if self.built.get(p) != digest)

    @property
    def gone(self) -> list[int]:
        return sorted(set(self.built) - set(self.fingerprints))

    @property
    def fresh(self) -> bool:
        return not self.todo and not self.gone


def built(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """partition → fingerprint as last built ({} before partitions by arrival)."""
    if STATE not in table_names(con):
        return {}
    columns = [r[0] for r in con.execute(f"describe {STATE}").fetchall()]
    if columns != ["partition", "fingerprint"]:  # a single index, or hash partitions
        return {}
    return dict(con.execute(f"select partition, fingerprint from {STATE}").fetchall())


def plan(con: duckdb.DuckDBPyConnection, cap: int | None = None) -> Plan:
    """Stored documents keep their partition; new ones fill the open partition, then the
    next, up to `cap` sections each. Reads only: the plan is stored by `rebuild`."""
    cap = cap or PARTITION_SECTIONS
    documents = con.execute(
        "select d.doc_id, d.extractor_version, count(s.doc_id) from documents d"
        " left join sections s using (doc_id) group by all order by d.doc_id"
    ).fetchall()
    known = (
        dict(con.execute(f"select doc_id, partition from {MAP}").fetchall())
        if MAP in table_names(con)
        else {}
    )
    before = built(con)
    assignment = {doc: known[doc] for doc, _, _ in documents if doc in known and known[doc] in before}
    fill = Counter[int]()
    for doc, _, sections in documents:
        if doc in assignment:
            fill[assignment[doc]] += sections
    current = max([*assignment.values(), *before], default=0)
    for doc, _, sections in documents:
        if doc in assignment:
            continue
        if fill[current] and fill[current] + sections > cap:
            current += 1
        assignment[doc] = current
        fill[current] += sections
    members: dict[int, list[str]] = {}
    for doc, version, _ in documents:
        members.setdefault(assignment[doc], []).append(f"{doc}:{version}")
    fingerprints = {
        p: f"{INDEX_VERSION}:" + hashlib.md5(",".join(docs).encode(), usedforsecurity=False).hexdigest()
        for p, docs in (members or {0: []}).items()  # no documents: one empty partition answers
    }
    return Plan(assignment, fingerprints, before)


def store_assignment(con: duckdb.DuckDBPyConnection, wanted: Plan) -> None:
    """Write the document → partition map (before the partitions are built from it)."""
    import pyarrow as pa

    rows = pa.table(
        {
            "doc_id": pa.array(list(wanted.assignment), pa.string()),
            "partition": pa.array(list(wanted.assignment.values()), pa.int32()),
        }
    )
    con.execute(f"create or replace table {MAP} (doc_id varchar, partition integer)")
    con.from_arrow(rows).insert_into(MAP)


def store_fingerprints(con: duckdb.DuckDBPyConnection, wanted: Plan) -> None:
    """Write the partitions' fingerprints (after they are built: an interrupted build is
    done again)."""
    con.execute(f"create or replace table {STATE} (partition integer, fingerprint varchar)")
    con.executemany(f"insert into {STATE} values (?, ?)", sorted(wanted.fingerprints.items()))


def drop_others(con: duckdb.DuckDBPyConnection, keep: set[int]) -> None:
    """Drop the tables and index schemas of partitions that are no more."""
    names = table_names(con)
    wanted = {table_name(p) for p in keep}
    for name in sorted(names):
        if (name == BASE or name.startswith(BASE + "_")) and name not in wanted:
            con.execute(f"drop schema if exists fts_main_{name} cascade")
            con.execute(f"drop table if exists {name}")


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The partition tables of the index as built."""
    return [table_name(p) for p in sorted(built(con))] or [BASE]
