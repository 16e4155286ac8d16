"""The one read-only connection every read command (query, show, search, export,
summary, check's read side) and the web interface open: it cannot read or write other
files, reach the network, load or install extensions, or change its own settings.

Before DuckDB sees the file it is checked to be a DuckDB database (not a folder, an
SQLite file or garbage), and after opening to be one `informes` wrote, so every such
mistake is one line naming the file.

DuckDB's Python client shares one database instance, and its settings, between the
connections open to a file: setting up and locking are serialised across threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.db.store import resolve_db
from pipeline.errors import DatabaseInUse, DatabaseMissing, InformesError

# Given at connect time. External access and the configuration lock are set right
# after: with external access off from the start DuckDB refuses to LOAD the fts
# extension file that search needs.
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
HARDENING = ("set enable_external_access = false", "set lock_configuration = true")
SETUP = threading.Lock()
# A DuckDB file carries "DUCK" at byte 8; an SQLite file starts with its own header.
DUCKDB_MAGIC = (8, b"DUCK")
SQLITE_MAGIC = b"SQLite format 3\0"
# Tables every database `informes ingest` wrote has (the contract has more).
OWN_TABLES = ("documents", "claims")
PASS_OURS = "pass --db the file `informes ingest` wrote"


def extension_path() -> Path:
    """The fts extension file shipped by the `duckdb-extension-fts` wheel."""
    import duckdb_extension_fts

    path = (
        Path(duckdb_extension_fts.__file__).parent
        / "extensions"
        / f"v{duckdb.__version__}"
        / "fts.duckdb_extension"
    )
    if not path.exists():
        raise InformesError(
            f"no fts extension for duckdb {duckdb.__version__} at {path} — "
            f"install duckdb-extension-fts=={duckdb.__version__}"
        )
    return path


class SearchUnavailable(InformesError):
    """The fts extension could not be loaded into an already locked database instance."""


class NotOurDatabase(InformesError):
    """--db names a folder, a file that is not a DuckDB database, or another program's."""


def open_read(
    db: str | Path | None, search: bool = False, writable_dir: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A hardened read-only connection; `search=True` loads the fts extension (from the
    `duckdb-extension-fts` wheel, never downloaded) before locking; `writable_dir` is
    the one folder its COPY statements may write into (`informes export`)."""
    path = resolve_db(db)
    check_file(path)
    with SETUP:
        try:
            con = duckdb.connect(str(path), read_only=True, config=CONNECT_CONFIG)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseInUse(
                    f"database {path} is being written by another informes process — try again when it finishes"
                ) from None
            raise NotOurDatabase(
                f"cannot open {path} as a DuckDB database ({first_line(exc)}) — {PASS_OURS}"
            ) from None
        try:
            harden(con, search, writable_dir)
            check_tables(con, path)
        except BaseException:
            con.close()
            raise
    return con


def check_file(path: Path) -> None:
    """Refuse what is not a DuckDB file before DuckDB opens it: DuckDB would try to
    load its sqlite extension for an SQLite file, and says little for a folder."""
    if not path.exists():
        raise DatabaseMissing(f"no database at {path} — run `informes ingest PATH` first, or pass --db")
    if path.is_dir():
        raise NotOurDatabase(
            f"--db {path} is a folder — pass the database file in it, e.g. --db {path / 'informes.duckdb'}"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise NotOurDatabase(
            f"cannot read {path}: {exc.strerror} — check its permissions, or {PASS_OURS}"
        ) from None
    if head.startswith(SQLITE_MAGIC):
        raise NotOurDatabase(f"{path} is an SQLite database, not an informes (DuckDB) one — {PASS_OURS}")
    at, magic = DUCKDB_MAGIC
    if head[at : at + len(magic)] != magic:
        what = "empty" if not head else "not a DuckDB database"
        raise NotOurDatabase(f"{path} is {what} — {PASS_OURS}")


def check_tables(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    found = {
        r[0]
        for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
    }
    missing = [t for t in OWN_TABLES if t not in found]
    if missing:
        raise NotOurDatabase(
            f"{path} is a DuckDB database but not an informes one (no {' or '.join(missing)} table) — {PASS_OURS}"
        )


def harden(con: duckdb.DuckDBPyConnection, search: bool, writable_dir: Path | None = None) -> None:
    locked = bool(single(con, "select current_setting('lock_configuration')"))
    if search and not has_fts(con):
        if locked:  # another connection shares this instance, locked without fts
            raise SearchUnavailable("full-text search is not loaded in this database instance")
        con.execute(f"load '{extension_path()}'")
    if writable_dir is not None:
        if locked:
            raise InformesError("the database is already open in this process — close it and export again")
        # the only place outside the database a statement on this connection may touch
        folder = (str(writable_dir.resolve()) + "/").replace("'", "''")
        con.execute(f"set allowed_directories = ['{folder}']")
    if not locked:
        for statement in HARDENING:
            con.execute(statement)


def has_fts(con: duckdb.DuckDBPyConnection) -> bool:
    # duckdb_functions(), not duckdb_extensions(): the latter lists the extension folder
    # on disk, which a locked connection may not touch
    return bool(single(con, "select count(*) from duckdb_functions() where function_name = 'stem'"))


def single(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    row = con.execute(sql).fetchone()
    return row[0] if row else None


def first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


@contextmanager
def reading(
    db: str | Path | None, search: bool = False, writable_dir: Path | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """`open_read` as a context: the connection is closed (and the write lock free for
    an ingest) as soon as the block ends. Leaving it by an exception (Ctrl-C among them)
    interrupts a query still running first: closing would otherwise wait for it."""
    con = open_read(db, search, writable_dir)
    try:
        yield con
    except BaseException:
        con.interrupt()
        raise
    finally:
        con.close()
