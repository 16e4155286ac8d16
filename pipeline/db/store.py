"""The only module that writes to DuckDB.

Tables are built from the pydantic models in `models` (their `Field` descriptions are
the documentation); the views over them live in `pipeline.db.views`. Each document is
written whole in one transaction that first deletes whatever an earlier version of the
same file left.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

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
    OcrWord,
    Page,
    Section,
    TocEntry,
)
from pipeline.db.arrow import DOCUMENT_TABLES, extraction_tables
from pipeline.db.arrow import table as arrow_table
from pipeline.db.types import sql_type
from pipeline.db.views import VIEWS
from pipeline.errors import DatabaseInUse, DatabaseMissing

DEFAULT_DB = "informes.duckdb"
TABLES: dict[str, type[BaseModel]] = {
    "documents": Document,
    "sections": Section,
    "toc_entries": TocEntry,
    "mentions": Mention,
    "claims": Claim,
    "acuerdo_parts": AcuerdoParts,
    "pages": Page,
    "ocr_words": OcrWord,
    "findings": Finding,
    "finding_evidence": FindingEvidence,
}
PER_DOCUMENT = tuple(name for name in DOCUMENT_TABLES if name != "documents")


def resolve_db(db: str | Path | None) -> Path:
    """`--db`, else $INFORMES_DB, else informes.duckdb in the current directory."""
    return Path(db or os.environ.get("INFORMES_DB") or DEFAULT_DB)


def create_statement(name: str, model: type[BaseModel]) -> str:
    columns = ", ".join(
        f'"{field}" {sql_type(info.annotation)}' for field, info in model.model_fields.items()
    )
    return f"create table if not exists {name} ({columns})"


def connect(
    db: str | Path | None = None, read_only: bool = False, create: bool = True
) -> duckdb.DuckDBPyConnection:
    """A connection with the schema in place. Only `ingest` creates a database: every
    other command (`create=False` or read-only) says there is none yet."""
    path = resolve_db(db)
    if (read_only or not create) and not path.exists():
        raise DatabaseMissing(f"no database at {path} — run `informes ingest PATH` first, or pass --db")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseInUse(
                f"database {path} is in use by another informes process — wait for it to finish"
            ) from None
        raise
    if not read_only:
        ensure_schema(con)
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables and views in place. A database made before a column was added to a table
    gets it (null): rows are inserted by position, and new columns come last."""
    for name, model in TABLES.items():
        con.execute(create_statement(name, model))
    present = table_columns(con)
    for name, model in TABLES.items():
        for field, info in model.model_fields.items():
            if field not in present[name]:
                con.execute(f'alter table {name} add column "{field}" {sql_type(info.annotation)}')
    con.execute(VIEWS)


def insert(con: duckdb.DuckDBPyConnection, name: str, rows_table: pa.Table) -> None:
    """Insert rows through one Arrow table: `executemany` cost ~3 ms a row (0.21 s for a
    72-row document), an Arrow insert a few ms for the whole document (docs/performance.md);
    from_arrow().insert_into(): 2.2 ms a table where register + INSERT … SELECT took 3.3."""
    if rows_table.num_rows:
        con.from_arrow(rows_table).insert_into(name)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> Any:
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
    """Replace everything known about these documents (see `write_tables`)."""
    if extractions:
        write_tables(con, extraction_tables(extractions))


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    """Replace everything known about the documents of these Arrow tables (and older
    versions of the same files) in one transaction: a crash leaves either the old rows or
    the new ones, never part of a document. Several documents share one transaction
    because DuckDB's cost is per statement and per commit (27 ms a document alone, 4 ms in
    a group of 16), and the writer is the one process every worker waits on. The documents
    must differ in id and path. The tables come from `pipeline.db.arrow`: built from
    extractions, or read back from Parquet shards."""
    docs = tables["documents"]
    if not docs.num_rows:
        return
    con.execute("begin transaction")
    try:
        stale = con.execute(
            "select doc_id from documents where list_contains(?, doc_id) or list_contains(?, path)",
            [docs.column("doc_id").to_pylist(), docs.column("path").to_pylist()],
        ).fetchall()
        if stale:
            for name in (*PER_DOCUMENT, "documents"):
                con.execute(f"delete from {name} where list_contains(?, doc_id)", [[r[0] for r in stale]])
        for name in DOCUMENT_TABLES:
            insert(con, name, tables[name])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def replace_findings(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    con.execute("begin transaction")
    try:
        con.execute("delete from findings")
        con.execute("delete from finding_evidence")
        insert(con, "findings", arrow_table(Finding, findings))
        insert(con, "finding_evidence", arrow_table(FindingEvidence, evidence_rows(findings)))
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


__all__ = [
    "TABLES",
    "connect",
    "replace_findings",
    "resolve_db",
    "sql_type",
    "write",
    "write_many",
    "write_tables",
]
