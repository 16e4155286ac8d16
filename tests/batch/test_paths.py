"""Every path a document was seen at is kept; `prune` removes what no path holds any more."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pipeline.batch import ingest
from pipeline.cli import app
from pipeline.db.show import describe
from tests.corpus import CONTRADICTIONS, DOCS, SEED, as_if_older

runner = CliRunner()
OTHER = DOCS / "A-iecm-informe-2021-03.txt"


def rows(db: Path, sql: str) -> list[tuple]:
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql).fetchall()


def test_same_bytes_at_two_paths_keep_both_paths(tmp_path):
    """The second path was forgotten (`show doc <it>`: not found) and the closing line
    counted 3 documents for 2."""
    db, folder = tmp_path / "t.duckdb", tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(SEED, folder / "b.txt")
    shutil.copy(OTHER, folder / "c.txt")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert "3 files, 2 documents: 2 ingested, 0 unchanged, 0 errors" in result.output
    assert rows(db, "select count(*) from documents") == [(2,)]
    paths = rows(db, "select path from document_paths order by path")
    assert paths == [(str(folder / name),) for name in ("a.txt", "b.txt", "c.txt")]
    for name in ("a.txt", "b.txt"):
        (_, _, head), *_ = describe("doc", str(folder / name), db)
        assert [Path(r[1]).name for r in head] == ["a.txt"]  # the path it was ingested at
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert "3 files, 2 documents: 0 ingested, 2 unchanged, 0 errors" in again.output


def test_a_copy_found_later_is_added_and_a_relative_path_finds_it(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    ingest([SEED], db=db)
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "copy.txt")
    report = ingest([Path("copy.txt")], db=db)
    assert (report.documents, report.skipped) == (0, 1)
    assert rows(db, "select count(*) from document_paths") == [(2,)]
    (_, _, head), *_ = describe("doc", "copy.txt", db)
    assert [r[1] for r in head] == [str(SEED)]


def test_changed_file_moves_its_path_and_drops_a_document_nothing_holds(tmp_path):
    db, doc = tmp_path / "t.duckdb", tmp_path / "doc.txt"
    shutil.copy(SEED, doc)
    shutil.copy(SEED, tmp_path / "copy.txt")
    ingest([doc, tmp_path / "copy.txt"], db=db)
    shutil.copy(OTHER, doc)  # doc.txt now holds other bytes; the seed stays at copy.txt
    ingest([doc], db=db)
    assert rows(db, "select count(*) from documents") == [(2,)]
    shutil.copy(OTHER, tmp_path / "copy.txt")  # and now nothing holds the seed
    ingest([tmp_path / "copy.txt"], db=db)
    assert rows(db, "select count(*), count(distinct doc_id) from document_paths") == [(2, 1)]
    assert rows(db, "select count(*) from documents") == [(1,)]
    assert rows(db, "select count(*) from claims where doc_id not in (select doc_id from documents)") == [
        (0,)
    ]


def test_prune_lists_first_and_removes_with_yes(tmp_path):
    db, folder = tmp_path / "t.duckdb", tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(CONTRADICTIONS / "session_date_conflict.txt", folder / "conflict.txt")
    ingest([folder], db=db)
    assert rows(db, "select count(*) from findings where \"check\" = 'session_date_conflict'") != [(0,)]
    (folder / "conflict.txt").unlink()
    listed = runner.invoke(app, ["prune", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert str(folder / "conflict.txt") in listed.output
    assert "1 document would be removed — run `informes prune --yes` to remove them" in listed.output
    assert rows(db, "select count(*) from documents") == [(2,)]
    removed = runner.invoke(app, ["prune", "--db", str(db), "--yes"])
    assert "removed 1 document" in removed.output
    assert rows(db, "select path from documents") == [(str(folder / "seed.txt"),)]
    assert rows(db, "select count(*) from findings where \"check\" = 'session_date_conflict'") == [(0,)]
    nothing = runner.invoke(app, ["prune", "--db", str(db)])
    assert "nothing to prune" in nothing.output


def test_database_from_before_document_paths_gets_them(tmp_path):
    """An older database: every document's path becomes its first document_paths row."""
    db = tmp_path / "t.duckdb"
    ingest([SEED], db=db)
    with closing(duckdb.connect(str(db))) as con:
        con.execute("drop table document_paths")
        as_if_older(con)
    assert ingest([SEED], db=db).skipped == 1
    assert rows(db, "select path from document_paths") == [(str(SEED),)]
