"""Tables never drop a column (issue 12, item 7): they fold prose to fit, or turn into
one record per block and say so; doc IDs show as their first 12 characters unless
--full-ids."""

from __future__ import annotations

import duckdb
import pytest
from rich.console import Console
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli._util import render

runner = CliRunner()
RECORDS = "one record per block"


def columns(db, relation: str) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute(f"describe {relation}").fetchall()]
    finally:
        con.close()


def printed(output, width: int) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(output)
    console.file.close()
    return console.export_text()


def test_query_of_a_wide_table_keeps_every_column(seed_db):
    """The issue: `select * from documents` lost status, error, encoding and
    extractor_version at 250 columns."""
    result = runner.invoke(app, ["query", "select * from documents", "--db", str(seed_db)])
    assert result.exit_code == 0
    assert RECORDS in result.output
    for name in columns(seed_db, "documents"):
        assert f"\n{name} " in result.output
    assert "extractor_version" in result.output and "encoding" in result.output


@pytest.mark.parametrize(
    "sql, width",
    [
        ("select doc_id, kind, title, process, pages from documents", 80),
        ("select doc_id, path, kind, title, issuer, pages, status from documents", 160),
        ("select doc_id, path, kind, title, issuer, pages, status from documents", 250),
    ],
)
def test_a_table_that_fits_folds_prose_and_keeps_ids_whole(seed_db, sql, width):
    con = duckdb.connect(str(seed_db), read_only=True)
    cur = con.execute(sql)
    names, rows = [d[0] for d in cur.description], cur.fetchall()
    con.close()
    text = printed(render(names, rows, "table", width=width), width)
    assert RECORDS not in text
    assert all(len(line) <= width for line in text.splitlines())
    header = text.splitlines()[1]
    assert all(name in header for name in names)
    assert rows[0][0][:12] in text  # IDs and paths are never folded or cut
    assert "path" not in names or rows[0][1] in text
    assert rows[0][names.index("title")] not in text  # the prose was folded


def test_a_table_too_wide_for_the_terminal_becomes_records(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    cur = con.execute("select * exclude (text) from documents")
    names, rows = [d[0] for d in cur.description], cur.fetchall()
    con.close()
    text = printed(render(names, rows, "table", width=60), 60)
    assert text.startswith(f"{len(names)} columns do not fit in 60 characters: {RECORDS}")
    assert "── 1 of 1 ──" in text
    assert all(any(line.startswith(name + " ") for line in text.splitlines()) for name in names)
    assert all(len(line) <= 60 for line in text.splitlines())


def test_doc_ids_are_short_in_tables_and_whole_elsewhere(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    doc_id = con.execute("select doc_id from documents").fetchone()[0]
    con.close()
    sql = "select doc_id, path from documents"
    short = runner.invoke(app, ["query", sql, "--db", str(seed_db)]).output
    assert doc_id[:12] in short and doc_id not in short
    assert doc_id in runner.invoke(app, ["query", sql, "--db", str(seed_db), "--full-ids"]).output
    assert doc_id in runner.invoke(app, ["query", sql, "--db", str(seed_db), "--format", "csv"]).output
    shown = runner.invoke(app, ["show", "doc", doc_id[:12], "--db", str(seed_db)])
    assert shown.exit_code == 0 and doc_id not in shown.output
    assert (
        doc_id in runner.invoke(app, ["show", "doc", doc_id[:12], "--db", str(seed_db), "--full-ids"]).output
    )


def test_a_very_long_value_is_cut_and_the_table_says_so():
    from rich.console import Console

    from pipeline.cli._util import LONG, render

    out = Console(width=120, record=True)
    out.print(render(["path", "text"], [("a.txt", "palabra " * 200)], "table"))
    text = out.export_text()
    assert f"longer than {LONG} characters are cut" in text
    assert text.count("palabra") < 200 // 2 + 10
