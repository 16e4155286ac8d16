"""`informes check` and `informes summary` as a user runs them."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.corpus import CONTRADICTIONS, SEED

runner = CliRunner()


def ingested(folder, *documents) -> str:
    for document in documents:
        shutil.copy(document, folder)
    path = str(folder / "check.duckdb")
    assert runner.invoke(app, ["ingest", str(folder), "--db", path, "-q", "--workers", "1"]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The seed and a document whose session has two dates: an error."""
    folder = tmp_path_factory.mktemp("check")
    shutil.copy(SEED, folder / "seed.txt")
    return ingested(folder, CONTRADICTIONS / "session_date_conflict.txt")


@pytest.fixture(scope="module")
def warning_db(tmp_path_factory):
    """A document whose only finding above info is a warning (a wrong weekday)."""
    return ingested(tmp_path_factory.mktemp("warning"), CONTRADICTIONS / "weekday_mismatch.txt")


def test_check_prints_findings_by_document(db):
    result = runner.invoke(app, ["check", "--db", db])
    assert result.exit_code == 0
    assert "session_date_conflict.txt" in result.output
    assert "error   session_date_conflict: La sesión" in result.output
    assert "aparece con fechas distintas" in result.output


@pytest.mark.parametrize(
    ("which", "fail_on", "code"),
    [
        ("db", [], 0),
        ("db", ["--fail-on", "error"], 1),
        ("db", ["--fail-on", "warning"], 1),
        ("warning_db", [], 0),
        ("warning_db", ["--fail-on", "error"], 0),
        ("warning_db", ["--fail-on", "warning"], 1),
    ],
)
def test_check_fail_on_sets_the_exit_code(request, which, fail_on, code):
    """An error fails both thresholds; a warning fails only --fail-on warning."""
    db = request.getfixturevalue(which)
    assert runner.invoke(app, ["check", "--db", db, *fail_on]).exit_code == code


def test_check_json_has_evidence_with_quotes(db):
    result = runner.invoke(app, ["check", "--db", db, "--format", "json"])
    findings = json.loads(result.output)
    conflict = next(f for f in findings if f["check"] == "session_date_conflict")
    assert conflict["severity"] == "error"
    assert all({"doc_id", "page", "section_no", "quote"} <= set(e) for e in conflict["evidence"])


def test_check_bad_option_and_missing_database(tmp_path):
    bad = runner.invoke(app, ["check", "--db", str(tmp_path / "x.duckdb"), "--fail-on", "info"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: unknown severity 'info'")
    missing = runner.invoke(app, ["check", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no database at")
    assert not (tmp_path / "none.duckdb").exists()


def test_summary_writes_markdown_and_html(db, tmp_path):
    for fmt in ("md", "html"):
        result = runner.invoke(app, ["summary", "--all", "--format", fmt, "--out", str(tmp_path), "--db", db])
        assert result.exit_code == 0, result.output
    seed = (tmp_path / "seed.md").read_text(encoding="utf-8")
    assert "25 de agosto de 2021" in seed and "IEPC/CG122/2021" in seed
    assert (tmp_path / "seed.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_summary_unknown_document(db, tmp_path):
    result = runner.invoke(app, ["summary", "ffff0000", "--out", str(tmp_path), "--db", db])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no document with id starting 'ffff0000'")
