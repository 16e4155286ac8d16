"""The single writer: documents are stored a group per transaction, each document whole.

What reaches it is either an `Extraction` (a failure, or a document extracted in this
process) or a `Sharded` document whose rows a worker wrote as a Parquet shard
(`pipeline.batch.shards`); both become the same Arrow tables and one `write_tables`.

The writer opens the database for a group and lets go of it after HOLD_SECONDS, so read
commands (which wait for DuckDB's lock) can run while an ingest does: DuckDB locks the
whole file for as long as a write connection is open.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import duckdb

from models import Extraction
from pipeline.batch.shards import Sharded, read_shards
from pipeline.db.store import connect, write_many

if TYPE_CHECKING:
    import pyarrow as pa

# Documents per transaction: in groups of 16 a document cost the writer 4 ms, alone 27 ms.
GROUP_DOCUMENTS, GROUP_SECONDS = 16, 0.5
# How long the writer keeps the database between groups, and how long it waits for
# readers to let go of it before a group (docs/performance.md §4).
HOLD_SECONDS, WRITE_WAIT = 1.0, 120.0

Item = Extraction | Sharded


@dataclass(frozen=True)
class Stored:
    """A document once stored — or, `kept`, a failure of this run that left the stored
    version in place: what the report and the progress bar count."""

    path: str
    doc_id: str
    status: str
    error: str | None
    pages: int
    mentions: int
    claims: int
    shard: str | None = None
    kept: bool = False


def key(item: Item) -> tuple[str, str]:
    """(doc_id, path) of what is pending."""
    if isinstance(item, Sharded):
        return item.doc_id, item.path
    return item.document.doc_id, item.document.path


class GroupWriter:
    """Collects documents and writes them a group per transaction; `done` is called for
    each document once it is stored (or known to be kept)."""

    def __init__(
        self,
        db: Path,
        done: Callable[[Stored], None],
        copies: dict[str, list[str]] | None = None,
        seen_at: dt.datetime | None = None,
    ) -> None:
        self.db, self.done = db, done
        self.copies, self.seen_at = copies or {}, seen_at or dt.datetime.now()
        self.pending: list[Item] = []
        self.since = time.monotonic()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.opened = 0.0

    def __enter__(self) -> GroupWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.release()
        else:  # closing checkpoints: on a full disk it fails again, burying the first error
            with suppress(duckdb.Error):
                self.release()

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
        except (duckdb.IOException, duckdb.TransactionException):
            raise  # the disk or the database file failed: one at a time would fail the same
        except duckdb.Error:
            # a bad value in one document: the documents before and after it are kept
            stored = [s for item in pending for s in self.write([item])]
        if time.monotonic() - self.opened >= HOLD_SECONDS:
            self.release()
        for item in stored:
            self.done(item)

    def write(self, items: list[Item]) -> list[Stored]:
        extractions = [i for i in items if isinstance(i, Extraction)]
        sharded = [i for i in items if isinstance(i, Sharded)]
        shards = read_shards(sharded) if sharded else None
        kept = write_many(self.connection(), extractions, self.copies, self.seen_at, shards)
        written = [e for e in extractions if all(e is not k for k in kept)]
        groups = [stored_of_extraction(e) for e in written]
        if shards:
            groups += stored_of(shards, {s.doc_id: s.shard for s in sharded})
        return groups + [stored_of_extraction(e, kept=True) for e in kept]

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            self.con = connect(self.db, wait=WRITE_WAIT, schema=False)
            self.opened = time.monotonic()
        return self.con

    def release(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def stored_of_extraction(extraction: Extraction, kept: bool = False) -> Stored:
    doc = extraction.document
    error = f"{doc.error}; kept the stored version" if kept else doc.error
    return Stored(
        doc.path,
        doc.doc_id,
        doc.status,
        error,
        doc.pages,
        len(extraction.mentions),
        len(extraction.claims),
        kept=kept,
    )


def stored_of(tables: dict[str, pa.Table], shards: dict[str, str]) -> list[Stored]:
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
