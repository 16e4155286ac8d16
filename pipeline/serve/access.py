"""How the web interface reads the database.

Each request opens the hardened read-only connection of `pipeline.db.readonly` and
closes it before the page is rendered, so `informes ingest` can take the write lock
between requests. `/buscar` calls `pipeline.db.search.search`, which opens a
connection of its own with another configuration; DuckDB refuses two configurations of
one database file in one process, so a search runs alone: the `Gate` lets any number
of page requests in at once, or one search, which waits for them and they for it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from pipeline.db import readonly

Params = list[Any] | dict[str, Any] | None


class Gate:
    """Shared entry for page requests, exclusive entry for searches (searches first:
    once one waits, new page requests wait behind it)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.readers = 0
        self.searching = False
        self.waiting = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self.changed:
            self.changed.wait_for(lambda: not (self.searching or self.waiting))
            self.readers += 1
        try:
            yield
        finally:
            with self.changed:
                self.readers -= 1
                self.changed.notify_all()

    @contextmanager
    def alone(self) -> Iterator[None]:
        with self.changed:
            self.waiting += 1
            self.changed.wait_for(lambda: not (self.searching or self.readers))
            self.waiting -= 1
            self.searching = True
        try:
            yield
        finally:
            with self.changed:
                self.searching = False
                self.changed.notify_all()


# How long a request waits for an ingest to let go of the database (it holds it about a
# second at a time) before the page says it is being updated.
WRITER_WAIT = 1.5


@contextmanager
def reading(gate: Gate, db: Path, search: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A hardened read-only connection for one request (see the module docstring)."""
    with gate.shared(), readonly.reading(db, search, wait=WRITER_WAIT) as con:
        yield con


def records(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name."""
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def record(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> dict[str, Any] | None:
    found = records(con, sql, params)
    return found[0] if found else None
