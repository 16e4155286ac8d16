"""The one read-only connection every read command (query, show, search, export,
summary, check's read side) and the web interface open: it cannot read or write other
files, reach the network, load or install extensions, or change its own settings.

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


def open_read(db: str | Path | None, search: bool = False) -> duckdb.DuckDBPyConnection:
    """A hardened read-only connection; `search=True` loads the fts extension (from the
    `duckdb-extension-fts` wheel, never downloaded) before locking."""
    path = resolve_db(db)
    if not path.exists():
        raise DatabaseMissing(f"no database at {path} — run `informes ingest PATH` first, or pass --db")
    with SETUP:
        try:
            con = duckdb.connect(str(path), read_only=True, config=CONNECT_CONFIG)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseInUse(
                    f"database {path} is being written by another informes process — try again when it finishes"
                ) from None
            raise
        try:
            harden(con, search)
        except BaseException:
            con.close()
            raise
    return con


def harden(con: duckdb.DuckDBPyConnection, search: bool) -> None:
    locked = bool(single(con, "select current_setting('lock_configuration')"))
    if search and not has_fts(con):
        if locked:  # another connection shares this instance, locked without fts
            raise SearchUnavailable("full-text search is not loaded in this database instance")
        con.execute(f"load '{extension_path()}'")
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


@contextmanager
def reading(db: str | Path | None, search: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """`open_read` as a context: the connection is closed (and the write lock free for
    an ingest) as soon as the block ends."""
    con = open_read(db, search)
    try:
        yield con
    finally:
        con.close()
