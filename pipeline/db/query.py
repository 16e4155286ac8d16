"""Read-only SQL over the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb

from pipeline.db.store import connect, table_columns
from pipeline.errors import InformesError, QueryError

Rows = tuple[list[str], list[tuple[Any, ...]]]


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


def run_query(sql: str, db: str | Path | None) -> Rows:
    con = connect(db, read_only=True)
    try:
        try:
            result = con.execute(sql)
        except duckdb.Error as exc:
            tables = "; ".join(f"{t}({', '.join(c)})" for t, c in table_columns(con).items())
            raise QueryError(f"{str(exc).splitlines()[0]} — tables: {tables}") from None
        if result.description is None:
            return [], []
        return [d[0] for d in result.description], result.fetchall()
    finally:
        con.close()


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Rows:
    result = con.execute(sql, params)
    return [d[0] for d in result.description], result.fetchall()
