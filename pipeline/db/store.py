"""The only module that writes to DuckDB.

Tables are built from the pydantic models in `models` (their `Field` descriptions are
the documentation); the views over them live in `pipeline.db.views`. Each document is
written whole in one transaction that first deletes whatever an earlier version of the
same file left.

Only a database of ours is written to: a file that is not DuckDB, or a DuckDB database
of another program, is refused before anything is created in it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import types
import typing
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel

from models import (
    AcuerdoParts,
    Claim,
    Document,
    Extraction,
    Finding,
    FindingEvidence,
    Mention,
    Section,
    TocEntry,
)
from pipeline.db.guard import cannot_open, check_database_file, check_ours, disk_full
from pipeline.db.views import VIEWS
from pipeline.errors import DatabaseInUse

DEFAULT_DB = "informes.duckdb"
TABLES: dict[str, type[BaseModel]] = {
    "documents": Document,
    "sections": Section,
    "toc_entries": TocEntry,
    "mentions": Mention,
    "claims": Claim,
    "acuerdo_parts": AcuerdoParts,
    "findings": Finding,
    "finding_evidence": FindingEvidence,
}
PER_DOCUMENT = ("sections", "toc_entries", "mentions", "claims", "acuerdo_parts")
SQL_TYPES = {str: "VARCHAR", int: "INTEGER", bool: "BOOLEAN", dt.date: "DATE", dt.time: "TIME"}
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def resolve_db(db: str | Path | None) -> Path:
    """`--db`, else $INFORMES_DB, else informes.duckdb in the current directory."""
    return Path(db or os.environ.get("INFORMES_DB") or DEFAULT_DB)


def sql_type(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return sql_type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "VARCHAR"
    return SQL_TYPES.get(annotation, "VARCHAR")


def create_statement(name: str, model: type[BaseModel]) -> str:
    columns = ", ".join(
        f'"{field}" {sql_type(info.annotation)}' for field, info in model.model_fields.items()
    )
    return f"create table if not exists {name} ({columns})"


def connect(
    db: str | Path | None = None, read_only: bool = False, create: bool = True
) -> duckdb.DuckDBPyConnection:
    """A connection with the schema in place. Only `ingest` creates a database: every
    other command (`create=False` or read-only) says there is none yet. A file that is
    not a database of ours is refused before DuckDB opens it, or before anything is
    created in it."""
    path = resolve_db(db)
    check_database_file(path, create=create and not read_only, default_name=DEFAULT_DB)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=CONNECT_CONFIG)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseInUse(
                f"database {path} is in use by another informes process — wait for it to finish"
            ) from None
        raise disk_full(exc, path) or cannot_open(exc, path, read_only) from None
    try:
        check_ours(con, path)
        if not read_only:
            ensure_schema(con)
    except BaseException:
        con.close()
        raise
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name, model in TABLES.items():
        con.execute(create_statement(name, model))
    con.execute(VIEWS)


def cell(value: Any) -> Any:
    """A value as DuckDB stores it: enums by value, nested records as JSON text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def rows(records: Iterable[BaseModel]) -> list[tuple[Any, ...]]:
    return [tuple(cell(v) for v in r.model_dump().values()) for r in records]


def insert(con: duckdb.DuckDBPyConnection, table: str, values: list[tuple[Any, ...]]) -> None:
    """Insert rows through one Arrow table: `executemany` cost ~3 ms a row (0.21 s for a
    72-row document), an Arrow insert a few ms for the whole document (docs/performance.md)."""
    if not values:
        return
    import pyarrow as pa

    batch = pa.table(
        [pa.array(column) for column in zip(*values, strict=True)],
        names=[f"c{i}" for i in range(len(values[0]))],
    )
    # from_arrow().insert_into(): 2.2 ms a table where register + INSERT … SELECT took 3.3
    con.from_arrow(batch).insert_into(table)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The single value a query returns (None when it returns no row)."""
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def known_version(con: duckdb.DuckDBPyConnection, doc_id: str) -> str | None:
    """The extractor version that produced this document's rows, or None if unknown."""
    row = con.execute("select extractor_version from documents where doc_id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def write(con: duckdb.DuckDBPyConnection, extraction: Extraction) -> None:
    write_many(con, [extraction])


def write_many(con: duckdb.DuckDBPyConnection, extractions: list[Extraction]) -> None:
    """Replace everything known about these documents (and older versions of the same
    files) in one transaction: a crash leaves either the old rows or the new ones, never
    part of a document. Several documents share one transaction because DuckDB's cost is
    per statement and per commit (27 ms a document alone, 4 ms in a group of 16), and the writer
    is the one process every worker waits on. The documents must differ in id and path."""
    if not extractions:
        return
    docs = [e.document for e in extractions]
    con.execute("begin transaction")
    try:
        stale = con.execute(
            "select doc_id from documents where list_contains(?, doc_id) or list_contains(?, path)",
            [[d.doc_id for d in docs], [d.path for d in docs]],
        ).fetchall()
        if stale:
            for table in (*PER_DOCUMENT, "documents"):
                con.execute(f"delete from {table} where list_contains(?, doc_id)", [[r[0] for r in stale]])
        insert(con, "documents", rows(docs))
        insert(con, "sections", rows(s for e in extractions for s in e.sections))
        insert(con, "toc_entries", rows(t for e in extractions for t in e.toc))
        insert(con, "mentions", rows(m for e in extractions for m in e.mentions))
        insert(con, "claims", rows(c for e in extractions for c in e.claims))
        insert(con, "acuerdo_parts", rows(p for e in extractions for p in e.acuerdo_parts))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def replace_findings(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    con.execute("begin transaction")
    try:
        con.execute("delete from findings")
        con.execute("delete from finding_evidence")
        insert(con, "findings", rows(findings))
        insert(con, "finding_evidence", rows(evidence_rows(findings)))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def evidence_rows(findings: list[Finding]) -> list[FindingEvidence]:
    return [
        FindingEvidence(finding_id=f.finding_id, evidence_no=n, **item.model_dump())
        for f in findings
        for n, item in enumerate(f.evidence, start=1)
    ]


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Tables and views with their columns (for error messages and `schema`)."""
    result: dict[str, list[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = 'main' order by table_name, ordinal_position"
    ).fetchall():
        result.setdefault(table, []).append(column)
    return result


__all__ = ["TABLES", "connect", "replace_findings", "resolve_db", "write", "write_many"]
