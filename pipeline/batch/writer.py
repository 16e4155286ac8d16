"""The single writer: documents are stored a group per transaction, each document whole.

What reaches it is either an `Extraction` (a failure, or a document extracted in this
process) or a `Sharded` document whose rows a worker wrote as a Parquet shard
(`pipeline.batch.shards`); both become the same Arrow tables and one `write_tables`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from models import Extraction
from pipeline.batch.shards import Sharded, read_shards
from pipeline.db.arrow import concat, extraction_tables
from pipeline.db.store import write_tables

# Documents per transaction: in groups of 16 a document cost the writer 4 ms, alone 27 ms.
GROUP_DOCUMENTS, GROUP_SECONDS = 16, 0.5

Item = Extraction | Sharded


@dataclass(frozen=True)
class Stored:
    """A document once stored: what the report and the progress bar count."""

    path: str
    doc_id: str
    status: str
    error: str | None
    pages: int
    mentions: int
    claims: int
    shard: str | None = None


def key(item: Item) -> tuple[str, str]:
    """(doc_id, path) of what is pending."""
    if isinstance(item, Sharded):
        return item.doc_id, item.path
    return item.document.doc_id, item.document.path


class GroupWriter:
    """Collects documents and writes them a group per transaction; `done` is called for
    each document once it is stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection, done: Callable[[Stored], None]) -> None:
        self.con, self.done = con, done
        self.pending: list[Item] = []
        self.since = time.monotonic()

    def add(self, item: Item) -> None:
        doc_id, path = key(item)
        if any(key(p)[0] == doc_id or key(p)[1] == path for p in self.pending):
            self.flush()  # a copy of a pending file replaces it: keep the order of writes
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= GROUP_DOCUMENTS or time.monotonic() - self.since >= GROUP_SECONDS:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            stored = self.write(pending)
        except duckdb.Error:
            stored = [
                s for item in pending for s in self.write([item])
            ]  # the documents before a bad one are kept
        for item in stored:
            self.done(item)

    def write(self, items: list[Item]) -> list[Stored]:
        extractions = [i for i in items if isinstance(i, Extraction)]
        sharded = [i for i in items if isinstance(i, Sharded)]
        groups = [extraction_tables(extractions)] if extractions else []
        if sharded:
            groups.append(read_shards(sharded))
        tables = concat(groups)
        write_tables(self.con, tables)
        return stored_of(tables, {s.doc_id: s.shard for s in sharded})


def stored_of(tables: dict, shards: dict[str, str]) -> list[Stored]:
    mentions = Counter(tables["mentions"].column("doc_id").to_pylist())
    claims = Counter(tables["claims"].column("doc_id").to_pylist())
    return [
        Stored(
            d["path"],
            d["doc_id"],
            d["status"],
            d["error"],
            d["pages"],
            mentions[d["doc_id"]],
            claims[d["doc_id"]],
            shards.get(d["doc_id"]),
        )
        for d in tables["documents"].select(["path", "doc_id", "status", "error", "pages"]).to_pylist()
    ]
