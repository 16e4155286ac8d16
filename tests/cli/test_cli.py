"""The `informes` command as a user runs it: ingest's closing line, the database option,
and one-line errors. The read commands are tested with their library in tests/db/."""

import json
import shutil

from typer.testing import CliRunner

from pipeline.cli import app
from tests.corpus import SEED

runner = CliRunner()
SESSION = "iepc durango|consejo general|extraordinaria|39|2021"


def test_ingest_prints_closing_line_and_is_idempotent(tmp_path):
    db = str(tmp_path / "t.duckdb")
    first = runner.invoke(app, ["ingest", str(SEED), "--db", db, "--quiet"])
    assert first.exit_code == 0, first.output
    assert "1 file, 1 document: 1 ingested, 0 unchanged, 0 errors; 4 pages" in first.output
    second = runner.invoke(app, ["ingest", str(SEED), "--db", db, "--quiet"])
    assert "1 file, 1 document: 0 ingested, 1 unchanged, 0 errors; 0 pages" in second.output


def test_query_acuerdos_contract(seed_db):
    sql = "select acuerdo_id, session_id, approved_on from acuerdos order by 1"
    result = runner.invoke(app, ["query", sql, "--db", str(seed_db), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {"acuerdo_id": f"IEPC/CG12{n}/2021", "session_id": SESSION, "approved_on": "2021-08-25"}
        for n in (2, 3)
    ]


def test_query_takes_the_database_from_the_environment(seed_db, monkeypatch):
    monkeypatch.setenv("INFORMES_DB", str(seed_db))
    result = runner.invoke(app, ["query", "select number, held_on, held_at from sessions", "--format", "csv"])
    assert result.output.splitlines() == ["number,held_on,held_at", "39,2021-08-25,10:00:00"]


def test_ingest_missing_file(tmp_path):
    result = runner.invoke(app, ["ingest", "no/such/file.pdf", "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no such file or folder: no/such/file.pdf — check the path"


def test_ingest_bad_pdf_is_recorded_and_batch_goes_on(tmp_path):
    db = str(tmp_path / "t.duckdb")
    bad = tmp_path / "docs" / "roto.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"esto no es un pdf")
    shutil.copy(SEED, bad.parent / "seed.txt")
    result = runner.invoke(app, ["ingest", str(bad.parent), "--db", db, "-q"])
    assert result.exit_code == 0
    assert "2 files, 2 documents: 2 ingested, 0 unchanged, 1 error;" in result.output
    sql = "select status, error from documents where status <> 'ok'"
    rows = runner.invoke(app, ["query", sql, "--db", db, "--format", "csv"])
    assert "roto.pdf: not a PDF (no %PDF- header) despite its .pdf name" in rows.output


def test_show_acuerdo_with_provenance(seed_db):
    result = runner.invoke(app, ["show", "acuerdo", "iepc/cg122/2021", "--db", str(seed_db)])
    assert result.exit_code == 0
    assert "Acuerdo IEPC/CG122/2021" in result.output
    assert "approved_in" in result.output and "iepc-durango-informe-2021-08.txt" in result.output


def test_show_folds_long_values_instead_of_cutting_them(tmp_path):
    deep = tmp_path / "informes-de-avance-del-prep" / "durango"  # ~130 characters with the file name
    deep.mkdir(parents=True)
    copy = deep / SEED.name
    shutil.copy(SEED, copy)
    db = str(tmp_path / "deep.duckdb")
    runner.invoke(app, ["ingest", str(copy), "--db", db, "-q"])
    result = runner.invoke(app, ["show", "acuerdo", "IEPC/CG122/2021", "--db", db])
    assert result.exit_code == 0
    assert str(copy) in result.output
    for predicate in ("approved_in", "approved_on", "subject", "sent_to", "sent_on"):
        assert predicate in result.output
