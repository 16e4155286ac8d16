"""Every read command on a --db that is not an informes database, or cannot be written
when it must be, says so in one line (issue 12, item 13) and changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def folder(tmp: Path) -> Path:
    (tmp / "dbs").mkdir()
    return tmp / "dbs"


def missing_folder(tmp: Path) -> Path:
    return tmp / "no" / "such" / "informes.duckdb"


def garbage(tmp: Path) -> Path:
    (tmp / "garbage.duckdb").write_bytes(bytes(range(256)) * 64)
    return tmp / "garbage.duckdb"


def empty(tmp: Path) -> Path:
    (tmp / "empty.duckdb").touch()
    return tmp / "empty.duckdb"


def sqlite(tmp: Path) -> Path:
    con = sqlite3.connect(tmp / "lite.db")
    con.execute("create table documents (doc_id text)")
    con.commit()
    con.close()
    return tmp / "lite.db"


def other_program(tmp: Path) -> Path:
    con = duckdb.connect(str(tmp / "theirs.duckdb"))
    con.execute("create table ventas (id integer, total double)")
    con.close()
    return tmp / "theirs.duckdb"


BAD = {
    folder: "is a folder — give a file inside it",
    missing_folder: "no database at",
    garbage: "is not a DuckDB database, not an informes database — informes will not touch it",
    empty: "is an empty file, not an informes database",
    sqlite: "is an SQLite database, not an informes database",
    other_program: "is a DuckDB database of another program (tables: ventas) — informes will not change it",
}
COMMANDS = {
    "query": ["query", "select 1"],
    "show": ["show", "doc", "abc"],
    "search": ["search", "comisión"],
    "export": ["export", "--out", "{tmp}/export"],
    "summary": ["summary", "--all", "--out", "{tmp}/summaries"],
    "check": ["check"],
}


def fingerprint(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("make", BAD, ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", COMMANDS)
def test_read_commands_refuse_what_is_not_an_informes_database(tmp_path, make, command):
    db = make(tmp_path)
    before = fingerprint(db)
    args = [a.format(tmp=tmp_path) for a in COMMANDS[command]]
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("Error: ") and BAD[make] in result.output
    assert fingerprint(db) == before  # never modified, never created
    assert not missing_folder(tmp_path).parent.exists()


def test_check_on_a_read_only_database_prints_then_says_it_could_not_store(seed_db, unwritable):
    db = unwritable(seed_db)
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-2].endswith(" info")  # the findings were printed: "N findings: … info"
    assert lines[-1].startswith(f"Error: findings not stored: {db} cannot be written (")
    assert lines[-1].endswith(f"— make it writable (chmod u+w {db}) or run check on a writable copy")


def test_search_on_a_read_only_database_without_an_index(seed_db_copy, unwritable):
    con = duckdb.connect(str(seed_db_copy))
    con.execute("drop table search_index_state")
    con.close()
    db = unwritable(seed_db_copy)
    result = runner.invoke(app, ["search", "comisión", "--db", str(db)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"Error: {db} has no search index and cannot be written to build one (")
    assert result.output.strip().endswith("— make it writable, or search a writable copy")


def test_read_commands_work_on_a_read_only_database(seed_db, unwritable, tmp_path):
    db = str(unwritable(seed_db))
    assert runner.invoke(app, ["query", "select count(*) from acuerdos", "--db", db]).exit_code == 0
    assert "Comisión" in runner.invoke(app, ["search", "comisión", "--db", db]).output
    assert runner.invoke(app, ["show", "acuerdo", "IEPC/CG122/2021", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["export", "--out", str(tmp_path / "x"), "--db", db]).exit_code == 0
