"""Paths as `document_paths` keeps them, and a document found by any path it was seen at."""

from __future__ import annotations

import os

import duckdb

from pipeline.db.guard import has_table


def documents_at(con: duckdb.DuckDBPyConnection, path: str) -> list[str]:
    """The documents a file path holds or held (latest first): how `show doc PATH`
    finds a document by any path it was seen at, absolute or relative to here."""
    if not has_table(con, "document_paths"):  # a database from before document_paths
        return [r[0] for r in con.execute("select doc_id from documents where path = ?", [path]).fetchall()]
    found = con.execute(
        "select doc_id from document_paths where path = ? or path = ? order by last_seen desc, doc_id",
        [path, absolute(path)],
    ).fetchall()
    return list(dict.fromkeys(r[0] for r in found))


def absolute(path: str) -> str:
    """A path as `document_paths` keeps it: absolute, symbolic links not resolved."""
    return os.path.abspath(path)
