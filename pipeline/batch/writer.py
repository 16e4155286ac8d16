"""The single writer: extractions are stored a group per transaction, each document whole.

The writer opens the database for a group and lets go of it after HOLD_SECONDS, so read
commands (which wait for DuckDB's lock) can run while an ingest does: DuckDB locks the
whole file for as long as a write connection is open.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import TracebackType

import duckdb

from models import Extraction
from pipeline.db.store import connect, write_many

# Documents per transaction: in groups of 16 a document cost the writer 4 ms, alone 27 ms.
GROUP_DOCUMENTS, GROUP_SECONDS = 16, 0.5
# How long the writer keeps the database between groups, and how long it waits for
# readers to let go of it before a group (docs/performance.md §4).
HOLD_SECONDS, WRITE_WAIT = 1.0, 120.0


class GroupWriter:
    """Collects extractions and writes them a group per transaction; `done(extraction,
    kept)` is called for each document once it is stored — or, `kept` True, once it is
    known that the stored version stays (a failure of this run's limits)."""

    def __init__(
        self,
        db: Path,
        done: Callable[[Extraction, bool], None],
        copies: dict[str, list[str]] | None = None,
        seen_at: dt.datetime | None = None,
    ) -> None:
        self.db, self.done = db, done
        self.copies, self.seen_at = copies or {}, seen_at or dt.datetime.now()
        self.pending: list[Extraction] = []
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

    def add(self, extraction: Extraction) -> None:
        doc = extraction.document
        if any(p.document.doc_id == doc.doc_id or p.document.path == doc.path for p in self.pending):
            self.flush()  # a copy of a pending file replaces it: keep the order of writes
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(extraction)
        if len(self.pending) >= GROUP_DOCUMENTS or time.monotonic() - self.since >= GROUP_SECONDS:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            kept = self.write(pending)
        except (duckdb.IOException, duckdb.TransactionException):
            raise  # the disk or the database file failed: one at a time would fail the same
        except duckdb.Error:
            # a bad value in one document: the documents before and after it are kept
            kept = [k for extraction in pending for k in self.write([extraction])]
        if time.monotonic() - self.opened >= HOLD_SECONDS:
            self.release()
        for extraction in pending:
            self.done(extraction, any(extraction is k for k in kept))

    def write(self, extractions: list[Extraction]) -> list[Extraction]:
        return write_many(self.connection(), extractions, self.copies, self.seen_at)

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            self.con = connect(self.db, wait=WRITE_WAIT, schema=False)
            self.opened = time.monotonic()
        return self.con

    def release(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
