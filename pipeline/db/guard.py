"""What may be opened as an informes database, and the file-level problems (a folder, a
missing folder, somebody else's database, a full disk) as one line each.

Checked before DuckDB opens the file: DuckDB would try to load an extension for an
SQLite file, and a write connection would add our tables to another program's database.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.errors import DatabaseMissing, InformesError

DUCKDB_MAGIC = (8, b"DUCK")  # offset and bytes of DuckDB's file header


class NotOurDatabase(InformesError):
    """The file is not a DuckDB database, or belongs to another program."""


class CannotOpen(InformesError):
    """The file system refused the database (a read-only file or folder)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class DiskFull(InformesError):
    """The disk holding the database has no space left."""


def check_database_file(path: Path, create: bool, default_name: str) -> None:
    """Refuse, before DuckDB opens it, a path that cannot be a database of ours: a
    folder, a file in a missing folder, an SQLite or other non-DuckDB file (DuckDB
    would try to load an extension for SQLite, or fail deep inside)."""
    if path.is_dir():
        raise InformesError(f"--db {path} is a folder — give a file inside it, e.g. {path / default_name}")
    if not path.exists():
        if not create:
            raise DatabaseMissing(f"no database at {path} — run `informes ingest PATH` first, or pass --db")
        if not path.parent.is_dir():
            raise InformesError(f"folder {path.parent} does not exist — create it, or pass another --db")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise InformesError(
            f"cannot read {path} ({exc.strerror}) — check its permissions, or pass another --db"
        ) from None
    offset, magic = DUCKDB_MAGIC
    if head[offset : offset + len(magic)] != magic:
        what = "an SQLite database" if head.startswith(b"SQLite format 3") else "not a DuckDB database"
        if not head:
            what = "an empty file"
        raise NotOurDatabase(
            f"{path} is {what}, not an informes database — informes will not touch it; pass another --db"
        )


def check_ours(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A DuckDB database is ours when it is empty or has our `documents` table. (The
    table list, then one table's columns: every command opens a connection, and reading
    all columns from duckdb_columns() cost 9 ms on a new one, this about 2.5.)"""
    tables = sorted(
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database()"
            " and schema_name = 'main'"
        ).fetchall()
    )
    if not tables:
        return
    columns = (
        {r[0] for r in con.execute("select name from pragma_table_info('documents')").fetchall()}
        if "documents" in tables
        else set()
    )
    if not {"doc_id", "path", "status"} <= columns:
        names = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise NotOurDatabase(
            f"{path} is a DuckDB database of another program (tables: {names}) — informes will not "
            "change it; pass another --db"
        )


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() and table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


def disk_full(exc: BaseException, path: Path) -> DiskFull | None:
    """DuckDB's "No space left on device", as one line that says what to do."""
    if "no space left on device" not in str(exc).lower():
        return None
    return DiskFull(
        f"the disk holding {path} is full — free some space and run the same command again "
        "(what was stored before is kept)"
    )


def cannot_open(exc: BaseException, path: Path, read_only: bool) -> CannotOpen:
    """Any other refusal by the file system ("Permission denied" on a read-only file)."""
    problem = str(exc).split(": ")[-1].strip().rstrip(".").lower()
    need = "read" if read_only else "write"
    return CannotOpen(
        f"cannot open {path} ({problem}) — {need} access to it is needed; check its permissions", problem
    )
