"""The only module that writes to DuckDB.

Tables are built from the pydantic models in `models` (their `Field` descriptions are
the documentation); the views over them live in `pipeline.db.views`. Each document is
written whole in one transaction that first deletes whatever an earlier version of the
same file left. `document_paths` records every path a document's bytes were found at; a
path holds one document at a time, and a document no file holds any more is deleted.

Only a database of ours is written to: a file that is not DuckDB, or a DuckDB database
of another program, is refused before anything is created in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

import duckdb
from pydantic import BaseModel

from models import (
    AcuerdoParts,
    Claim,
    DocStatus,
    Document,
    DocumentPath,
    Extraction,
    Finding,
    FindingEvidence,
    Mention,
    OcrWord,
    Page,
    Section,
    TocEntry,
)
from pipeline.db.arrow import DOCUMENT_TABLES, concat, extraction_tables
from pipeline.db.arrow import table as arrow_table
from pipeline.db.guard import cannot_open, check_database_file, check_ours, disk_full, has_table
from pipeline.db.paths import absolute
from pipeline.db.types import sql_type
from pipeline.db.views import VIEWS
from pipeline.errors import DatabaseInUse

DEFAULT_DB = "informes.duckdb"
TABLES: dict[str, type[BaseModel]] = {
    "documents": Document,
    "document_paths": DocumentPath,
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
# Whether the stored findings describe the stored claims: cleared in every transaction
# that changes documents, set by `replace_findings` (ingest refreshes them when unset).
FINDINGS_STATE = "findings_state"
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
# A writer locks the whole file; an ingest holds it only while it stores a group (about
# a second at most), so a command that finds it locked tries again for a while.
LOCK_WAIT, LOCK_RETRY = 5.0, 0.02
PLACE_CHUNK = 1000  # (doc_id, path) pairs per INSERT statement
MARK_SQL = (
    "select comment from duckdb_tables() where database_name = current_database()"
    " and schema_name = 'main' and table_name = 'documents'"
)


def resolve_db(db: str | Path | None) -> Path:
    """`--db`, else $INFORMES_DB, else informes.duckdb in the current directory."""
    return Path(db or os.environ.get("INFORMES_DB") or DEFAULT_DB)


def create_statement(name: str, model: type[BaseModel]) -> str:
    columns = ", ".join(
        f'"{field}" {sql_type(info.annotation)}' for field, info in model.model_fields.items()
    )
    return f"create table if not exists {name} ({columns})"


def connect(
    db: str | Path | None = None,
    read_only: bool = False,
    create: bool = True,
    wait: float | None = None,
    schema: bool = True,
) -> duckdb.DuckDBPyConnection:
    """A connection with the schema in place. Only `ingest` creates a database: every
    other command (`create=False` or read-only) says there is none yet. A database
    another process holds is waited for up to `wait` seconds (default: LOCK_WAIT): an
    ingest holds it only while it stores a group."""
    path = resolve_db(db)
    check_database_file(path, create=create and not read_only, default_name=DEFAULT_DB)
    con = open_waiting(path, read_only, CONNECT_CONFIG, LOCK_WAIT if wait is None else wait)
    try:
        check_ours(con, path)
        if schema and not read_only:
            ensure_schema(con)
    except BaseException:
        con.close()
        raise
    return con


def open_waiting(
    path: Path, read_only: bool, config: dict[str, str | bool | int | float | list[str]], wait: float
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, trying again for up to `wait` seconds while another process holds
    the file's lock (an ingest holds it only while it stores a group)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise disk_full(exc, path) or cannot_open(exc, path, read_only) from None
            if time.monotonic() >= deadline:
                raise DatabaseInUse(
                    f"database {path} is in use by another informes process — wait for it to finish"
                ) from None
            time.sleep(LOCK_RETRY)


def schema_mark() -> str:
    """What `documents`' comment says once this version's tables and views are in place."""
    ddl = "\n".join([*(create_statement(n, m) for n, m in TABLES.items()), FINDINGS_STATE, VIEWS])
    return "informes schema " + hashlib.sha256(ddl.encode()).hexdigest()[:16]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables and views in place. A database made before a column was added to a table
    gets it (null): rows are inserted by position, and new columns come last. Nothing
    to do when `documents` bears this version's mark: the DDL cost 23 ms on every
    writing connection, and its checkpoint as much again on closing."""
    mark = schema_mark()
    if scalar(con, MARK_SQL) == mark:
        return
    new_paths = not has_table(con, "document_paths")
    for name, model in TABLES.items():
        con.execute(create_statement(name, model))
    present = table_columns(con)
    for name, model in TABLES.items():
        for field, info in model.model_fields.items():
            if field not in present[name]:
                con.execute(f'alter table {name} add column "{field}" {sql_type(info.annotation)}')
    if new_paths:  # a database from before document_paths: each document's path
        place(con, con.execute("select doc_id, path from documents").fetchall(), dt.datetime.now())
    if not has_table(con, FINDINGS_STATE):  # findings of a database from before: unknown
        con.execute(f"create table {FINDINGS_STATE} as select not exists (from documents) as fresh")
    con.execute(VIEWS)
    con.execute(f"comment on table documents is '{mark}'")


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


def write_many(
    con: duckdb.DuckDBPyConnection,
    extractions: list[Extraction],
    copies: dict[str, list[str]] | None = None,
    seen_at: dt.datetime | None = None,
    more: dict[str, pa.Table] | None = None,
) -> list[Extraction]:
    """Store these extractions (and the Arrow tables `more`, read back from Parquet
    shards) with `write_tables`, in one transaction. A failure of this run
    (`Extraction.run_failure`: a limit, a crash) or a failure on bytes that were read fine
    before never replaces a good stored version: those extractions are not written, and
    are returned."""
    with transaction(con):
        kept = keep_stored(con, extractions)
        written = [e for e in extractions if all(e is not k for k in kept)]
        groups = [extraction_tables(written)] if written else []
        if more:
            groups.append(more)
        if groups:
            write_tables(con, concat(groups), copies, seen_at)
    return kept


def write_tables(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pa.Table],
    copies: dict[str, list[str]] | None = None,
    seen_at: dt.datetime | None = None,
) -> None:
    """Replace everything known about the documents of these Arrow tables (and about
    what their files held before); call inside a transaction, so a crash leaves either
    the old rows or the new ones, never part of a document. Several documents share one
    transaction because DuckDB's cost is per statement and per commit (27 ms a document
    alone, 4 ms in a group of 16), and the writer is the one process every worker waits
    on. The documents must differ in id and path; `copies` gives further paths of a
    document's bytes. The tables come from `pipeline.db.arrow`: built from extractions,
    or read back from Parquet shards."""
    docs = tables["documents"].select(["doc_id", "path"]).to_pylist()
    if not docs:
        return
    pairs = [(d["doc_id"], p) for d in docs for p in (d["path"], *(copies or {}).get(d["doc_id"], ()))]
    delete_documents(con, [d["doc_id"] for d in docs] + place(con, pairs, seen_at or dt.datetime.now()))
    for name in DOCUMENT_TABLES:
        insert(con, name, tables[name])


def keep_stored(con: duckdb.DuckDBPyConnection, extractions: list[Extraction]) -> list[Extraction]:
    """The failed extractions that must not replace a good stored document: the same
    bytes stored as ok (they read fine before: this run's conditions failed), or a
    failure of this run where its path holds a good document."""
    failures = [e for e in extractions if e.document.status != DocStatus.ok]
    if not failures:
        return []
    good_ids = {
        r[0]
        for r in con.execute(
            "select doc_id from documents where status = 'ok' and list_contains(?, doc_id)",
            [[e.document.doc_id for e in failures]],
        ).fetchall()
    }
    good_paths = {
        r[0]
        for r in con.execute(
            "select p.path from document_paths p join documents d using (doc_id)"
            " where d.status = 'ok' and list_contains(?, p.path)",
            [[absolute(e.document.path) for e in failures]],
        ).fetchall()
    }
    return [
        e
        for e in failures
        if e.document.doc_id in good_ids or (e.run_failure and absolute(e.document.path) in good_paths)
    ]


def record_paths(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], seen_at: dt.datetime) -> None:
    """Documents found again (unchanged) at these paths: `place` them, in one transaction."""
    if pairs:
        with transaction(con):
            delete_documents(con, place(con, pairs, seen_at))


def place(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], seen_at: dt.datetime) -> list[str]:
    """Each (doc_id, path): the file at path holds that document now. Other documents
    leave those paths; those left with no path at all are returned, to be deleted (the
    file they came from changed)."""
    occupant = {absolute(path): doc_id for doc_id, path in pairs}
    if not occupant:
        return []
    # a temporary table filled by multi-row VALUES: the same pairs as unnest(?) list
    # parameters cost 35 ms a statement for 224 documents (an unchanged re-ingest); a
    # registered Arrow table 6 ms, but loading pyarrow costs an unchanged re-ingest more
    con.execute("create or replace temporary table placed (doc_id varchar, path varchar)")
    items = [value for path, doc_id in occupant.items() for value in (doc_id, path)]
    for at in range(0, len(items), 2 * PLACE_CHUNK):
        chunk = items[at : at + 2 * PLACE_CHUNK]
        con.execute("insert into placed values " + ", ".join(["(?, ?)"] * (len(chunk) // 2)), chunk)
    try:
        moved = con.execute(
            "delete from document_paths using placed where document_paths.path = placed.path"
            " and document_paths.doc_id <> placed.doc_id returning document_paths.doc_id"
        ).fetchall()
        con.execute(
            "update document_paths set last_seen = ? from placed"
            " where document_paths.doc_id = placed.doc_id and document_paths.path = placed.path",
            [seen_at],
        )
        con.execute(
            "insert into document_paths select doc_id, path, ?, ? from placed where not exists"
            " (from document_paths d where d.doc_id = placed.doc_id and d.path = placed.path)",
            [seen_at, seen_at],
        )
    finally:
        con.execute("drop table placed")
    left = {r[0] for r in moved} - set(occupant.values())
    orphans = con.execute(
        "select doc_id from documents where list_contains(?, doc_id)"
        " and doc_id not in (select doc_id from document_paths)",
        [sorted(left)],
    ).fetchall()
    return [r[0] for r in orphans]


def delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    """Every row of these documents (call inside a transaction); the findings go stale.
    Only documents stored are deleted from each table: a batch of new documents costs one
    query, not one a table (3 ms each)."""
    if not doc_ids:
        return
    stored = [
        r[0]
        for r in con.execute(
            "select doc_id from documents where list_contains(?, doc_id)", [doc_ids]
        ).fetchall()
    ]
    for table in (*PER_DOCUMENT, "documents") if stored else ():
        con.execute(f"delete from {table} where list_contains(?, doc_id)", [stored])
    con.execute(f"update {FINDINGS_STATE} set fresh = false")


def forget_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    """Remove documents and every path they were seen at (`informes prune`)."""
    with transaction(con):
        delete_documents(con, doc_ids)
        con.execute("delete from document_paths where list_contains(?, doc_id)", [doc_ids])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction; rolled back on any error (if DuckDB has not ended it already: a
    failed commit, as on a full disk, leaves none to roll back)."""
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("rollback")
        raise


def findings_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(scalar(con, f"select fresh from {FINDINGS_STATE}"))


def replace_findings(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    with transaction(con):
        con.execute("delete from findings")
        con.execute("delete from finding_evidence")
        insert(con, "findings", arrow_table(Finding, findings))
        insert(con, "finding_evidence", arrow_table(FindingEvidence, evidence_rows(findings)))
        con.execute(f"update {FINDINGS_STATE} set fresh = true")


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
    "findings_fresh",
    "forget_documents",
    "record_paths",
    "replace_findings",
    "resolve_db",
    "sql_type",
    "write",
    "write_many",
    "write_tables",
]
