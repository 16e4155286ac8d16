"""Only a database of ours is opened, and every other file is refused in one line,
untouched (issue 12, item 13)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.db.store import connect
from tests.corpus import SEED
from tests.lockout import run_locked_out, unshare_works, write_protect

runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_duckdb(path: Path) -> Path:
    with closing(duckdb.connect(str(path))) as con:
        con.execute("create table ventas (id integer, total double)")
        con.execute("insert into ventas values (1, 9.5)")
    return path


def sqlite_db(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as con:
        con.execute("create table t (a)")
        con.commit()
    return path


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            foreign_duckdb,
            "is a DuckDB database of another program (tables: ventas) — informes will not change it",
        ),
        (sqlite_db, "is an SQLite database, not an informes database — informes will not touch it"),
        (
            lambda p: p.write_bytes(b"garbage " * 100) and p,
            "is not a DuckDB database, not an informes database — informes will not touch it",
        ),
        (
            lambda p: p.write_bytes(b"") and p,
            "is an empty file, not an informes database — informes will not touch it",
        ),
    ],
)
@pytest.mark.parametrize("command", [["ingest", str(SEED)], ["check"], ["query", "select 1"]])
def test_a_database_that_is_not_ours_is_refused_untouched(tmp_path, make, problem, command):
    """Ingest added five tables to another program's DuckDB file; an SQLite file made
    DuckDB try to download sqlite_scanner."""
    db = tmp_path / "other.db"
    make(db)
    before = digest(db)
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"Error: {db} {problem}; pass another --db\n"
    assert digest(db) == before and not db.with_name("other.db.wal").exists()


def test_db_in_a_folder_or_a_missing_folder_is_one_line(tmp_path):
    folder = runner.invoke(app, ["ingest", str(SEED), "--db", str(tmp_path)])
    assert folder.output == (
        f"Error: --db {tmp_path} is a folder — give a file inside it, e.g. {tmp_path / 'informes.duckdb'}\n"
    )
    missing = runner.invoke(app, ["ingest", str(SEED), "--db", str(tmp_path / "no" / "t.duckdb")])
    assert (
        missing.output
        == f"Error: folder {tmp_path / 'no'} does not exist — create it, or pass another --db\n"
    )


def test_our_database_opens(seed_db):
    with closing(connect(seed_db, read_only=True)) as con:
        assert con.execute("select count(*) from documents").fetchone() == (1,)


def test_a_current_database_is_opened_for_writing_without_rewriting_it(seed_db_copy):
    """The schema is brought up to date once: a writing connection to a database that is
    current changes nothing in the file (it recreated the views and checkpointed them)."""
    before = digest(seed_db_copy)
    connect(seed_db_copy).close()
    assert digest(seed_db_copy) == before


@pytest.mark.skipif(not unshare_works(), reason="as root, needs unshare --user to lose write access")
def test_database_without_write_access_is_one_line(tmp_path, seed_db):
    db = tmp_path / "t.duckdb"
    shutil.copy(seed_db, db)
    write_protect(db)
    done = run_locked_out("ingest", str(SEED), "--db", str(db))  # check prints, then says so
    assert (done.returncode, done.stdout) == (1, "")
    assert (
        done.stderr
        == f"Error: cannot open {db} (permission denied) — write access to it is needed; check its permissions\n"
    )
