"""Read-only SQL over the database: one statement, on the hardened connection, bounded
in time (interrupted after `timeout` seconds) and in rows (streamed; only `limit`
rows reach Python, the rest are counted and dropped)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.db.limits import COUNT_SECONDS, DEFAULT_ROWS, DEFAULT_SECONDS
from pipeline.db.readonly import reading
from pipeline.db.schema import contract_names
from pipeline.db.store import table_columns
from pipeline.errors import InformesError, QueryError

Rows = tuple[list[str], list[tuple[Any, ...]]]
COUNT_CHUNK = 10_000


class QueryTimeout(InformesError):
    """The query ran longer than its time limit and was interrupted."""


class QueryInterrupted(InformesError):
    """The user pressed Ctrl-C while the query ran."""

    exit_code = 130


@dataclass
class Answer:
    """A query's result as far as it is kept: the first rows, and how many more there were."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    hidden: int = 0  # rows beyond the limit, dropped
    exact: bool = True  # False: counting stopped, `hidden` is a lower bound


def read_sql(sql: str | None, file: Path | None) -> str:
    if file is not None:
        if not file.exists():
            raise InformesError(f"no such SQL file: {file}")
        return file.read_text(encoding="utf-8")
    if sql is None or sql == "-":
        if sys.stdin.isatty():
            raise InformesError("no SQL given — pass it as an argument, with -f FILE, or on stdin")
        return sys.stdin.read()
    return sql


def one_statement(sql: str) -> str:
    """The SQL if it is exactly one statement; a script of several is refused."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(" ".join(str(exc).split()) + " — correct the SQL") from None
    if not statements:
        raise InformesError(
            'no SQL statement given — pass one, e.g. informes query "select count(*) from documents"'
        )
    if len(statements) > 1:
        raise InformesError(
            f"{len(statements)} statements given; query runs one at a time — run them as separate "
            "queries, or join them into one with a WITH clause"
        )
    return sql


def run_query(
    sql: str, db: str | Path | None, limit: int = DEFAULT_ROWS, timeout: float = DEFAULT_SECONDS
) -> Answer:
    """Run one statement read-only: the first `limit` rows, and how many were left out."""
    statement = one_statement(sql)
    if limit < 1:
        raise InformesError(f"--limit must be at least 1, not {limit}")
    if timeout < 0:
        raise InformesError(f"--timeout must be 0 (no limit) or more seconds, not {timeout:g}")
    with reading(db) as con, deadline(con, timeout) as expired:
        try:
            result = con.execute(statement)
            if result.description is None:
                return Answer()
            columns = [d[0] for d in result.description]
            rows = result.fetchmany(limit)
            hidden, exact = count_rest(result, expired)
        except duckdb.InterruptException:
            if expired():
                raise QueryTimeout(
                    f"query stopped after {timeout:g} s — narrow it (WHERE, LIMIT), or allow more with --timeout SECONDS"
                ) from None
            raise interrupted() from None
        except RuntimeError as exc:  # DuckDB's answer to Ctrl-C during execute
            if "interrupt" in str(exc).lower():
                raise interrupted() from None
            raise
        except KeyboardInterrupt:
            raise interrupted() from None
        except duckdb.Error as exc:
            raise refused(con, exc) from None
    return Answer(columns, rows, hidden, exact)


def refused(con: duckdb.DuckDBPyConnection, exc: duckdb.Error) -> QueryError:
    """DuckDB's message, and what to do: the sandbox's limits, or the tables to use."""
    message = str(exc).splitlines()[0]
    if isinstance(exc, duckdb.PermissionException) or "configuration has been locked" in message:
        return QueryError(
            f"{message} — a query reads this database only: no other files, network, extensions "
            "or settings (README, 'The query sandbox')"
        )
    if isinstance(exc, duckdb.OutOfMemoryException):
        return QueryError(f"{message} — narrow the query (WHERE, LIMIT, fewer columns)")
    contract = set(contract_names())
    tables = "; ".join(f"{t}({', '.join(c)})" for t, c in table_columns(con).items() if t in contract)
    return QueryError(f"{message} — tables: {tables}")


def interrupted() -> QueryInterrupted:
    return QueryInterrupted("query interrupted (Ctrl-C); nothing was changed — narrow it with WHERE or LIMIT")


def count_rest(result: duckdb.DuckDBPyConnection, expired: Callable[[], bool]) -> tuple[int, bool]:
    """Rows left in a streamed result, dropped as they come; (count, exact). Counting
    stops after COUNT_SECONDS, or when the query's time is up."""
    hidden, stop = 0, time.monotonic() + COUNT_SECONDS
    try:
        while chunk := result.fetchmany(COUNT_CHUNK):
            hidden += len(chunk)
            if time.monotonic() > stop:
                return hidden, not result.fetchmany(1)
    except duckdb.InterruptException:
        if not expired():
            raise
        return hidden, False
    return hidden, True


@contextmanager
def deadline(con: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[Callable[[], bool]]:
    """Interrupt whatever `con` runs after `seconds` (0: never); yields a function that
    tells whether the time ran out."""
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(seconds, fire) if seconds else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        yield fired.is_set
    finally:
        if timer:
            timer.cancel()


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Rows:
    result = con.execute(sql, params)
    return [d[0] for d in result.description], result.fetchall()
