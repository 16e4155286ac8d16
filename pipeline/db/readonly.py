"""The one read-only connection every read command (query, show, search, export,
summary, check's read side) and the web interface open: it cannot read or write other
files, reach the network, load or install extensions, or change its own settings.

Before DuckDB sees the file it is checked to be a DuckDB database (not a folder, an
SQLite file or garbage), and after opening to be one `informes` wrote, so every such
mistake is one line naming the file (`pipeline.db.guard`, as for the writer).

DuckDB's Python client shares one database instance, and its settings, between the
connections open to a file: setting up and locking are serialised across threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline.db.guard import check_database_file, check_ours
from pipeline.db.store import CONNECT_CONFIG, DEFAULT_DB, LOCK_WAIT, open_waiting, resolve_db
from pipeline.errors import InformesError

# Set right after connecting (store.CONNECT_CONFIG, no extension installed or loaded
# behind our back, is given at connect time): with external access off from the start
# DuckDB refuses to LOAD the fts extension file that search needs.
HARDENING = ("set enable_external_access = false", "set lock_configuration = true")
SETUP = threading.Lock()


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


def open_read(
    db: str | Path | None,
    search: bool = False,
    writable_dir: Path | None = None,
    wait: float = LOCK_WAIT,
) -> duckdb.DuckDBPyConnection:
    """A hardened read-only connection; `search=True` loads the fts extension (from the
    `duckdb-extension-fts` wheel, never downloaded) before locking; `writable_dir` is
    the one folder its COPY statements may write into (`informes export`). A database an
    ingest is writing is waited for up to `wait` seconds (the writer lets go of it
    between groups)."""
    path = resolve_db(db)
    check_database_file(path, create=False, default_name=DEFAULT_DB)
    with SETUP:
        con = open_waiting(path, True, CONNECT_CONFIG, wait)
        try:
            check_ours(con, path)
            harden(con, search, writable_dir)
        except BaseException:
            con.close()
            raise
    return con


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
    db: str | Path | None, search: bool = False, writable_dir: Path | None = None, wait: float = LOCK_WAIT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """`open_read` as a context: the connection is closed (and the write lock free for
    an ingest) as soon as the block ends. Leaving it by an exception (Ctrl-C among them)
    interrupts a query still running first: closing would otherwise wait for it."""
    con = open_read(db, search, writable_dir, wait)
    try:
        yield con
    except BaseException:
        con.interrupt()
        raise
    finally:
        con.close()
