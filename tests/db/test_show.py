"""`show` and `summary` name a document by its path, its doc_id or the start of exactly
one doc_id; an ambiguous start is refused with the candidates, and `%` and `_` are
characters, not wildcards (issue 12, item 6)."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def documents(db) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select doc_id, path from documents order by path, doc_id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("command", [["show", "doc"], ["summary", "--out", "{tmp}"]])
def test_an_ambiguous_prefix_is_refused_with_its_candidates(twins_db, tmp_path, command):
    db, first = twins_db
    alike = [(d, p) for d, p in documents(db) if d.startswith(first)]
    assert len(alike) >= 3
    args = [a.format(tmp=tmp_path) for a in command]
    result = runner.invoke(app, [*args, first, "--db", str(db)])
    assert result.exit_code == 1
    line = result.output.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(f"Error: '{first}' starts the IDs of {len(alike)} documents: ")
    assert all(f"{doc_id[:12]} {path}" in line for doc_id, path in alike)
    assert line.endswith("— give more characters of the doc_id, or its path")


def test_a_unique_prefix_a_short_id_and_a_path_all_show_the_document(twins_db):
    db, first = twins_db
    doc_id, path = next((d, p) for d, p in documents(db) if d.startswith(first))
    for ident in (doc_id[:12], doc_id, path):
        result = runner.invoke(app, ["show", "doc", ident, "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert doc_id[:12] in result.output and path in result.output


@pytest.mark.parametrize("ident", ["%", "_", "2%", "_" * 12])
def test_like_wildcards_are_characters(twins_db, ident):
    """Before, `show doc %` showed the first document."""
    db, _ = twins_db
    result = runner.invoke(app, ["show", "doc", ident, "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no document with id starting {ident!r} (nor at that path)")


def test_a_path_with_wildcard_characters_is_found_as_written(twins_db):
    db, _ = twins_db
    path = next(p for _, p in documents(db) if p.endswith("dos_50%.txt"))
    result = runner.invoke(app, ["show", "doc", path, "--db", str(db)])
    assert result.exit_code == 0 and path in result.output


def test_session_prefix_takes_percent_literally(seed_db):
    assert runner.invoke(app, ["show", "session", "iepc durango|", "--db", str(seed_db)]).exit_code == 0
    result = runner.invoke(app, ["show", "session", "iepc durango|%", "--db", str(seed_db)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no session starting with 'iepc durango|%'")
