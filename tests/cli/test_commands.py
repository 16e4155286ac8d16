"""What a serious CLI has (issue 12): --version, `python -m pipeline`, shell completion,
--help without Python type labels, unknown choices refused with the allowed ones, and
`evaluate` refusing folders it cannot score (item 14)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import version

import pytest
import typer.main
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.version import EXTRACTOR_VERSION
from tests.corpus import CORPUS, SEED

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
TYPE_LABEL = re.compile(r"<(?:bool|int|float|str|path|list\[[^\]]*\]|[A-Z]\w*)>")


def test_version_from_package_metadata_and_extractor():
    expected = f"informes {version('informes')} (extractor {EXTRACTOR_VERSION})"
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == expected
    done = subprocess.run(  # `python -m pipeline` is the same command
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == expected


def test_shell_completion_script_and_answers(monkeypatch):
    import typer.completion

    # the shell is detected from the parent processes (shellingham), which a test runner
    # started by make, nohup or CI need not have: as if run from bash
    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    script = runner.invoke(app, ["--show-completion"], prog_name="informes")
    assert script.exit_code == 0 and "_INFORMES_COMPLETE=complete_bash" in script.output
    asked = {"_INFORMES_COMPLETE": "complete_bash", "COMP_WORDS": "informes que", "COMP_CWORD": "1"}
    assert runner.invoke(app, [], prog_name="informes", env=asked).output.split() == ["query"]
    assert "--install-completion" in runner.invoke(app, ["--help"]).output


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_help_has_no_python_type_labels(name):
    result = runner.invoke(app, [*([name] if name else []), "--help"])
    assert result.exit_code == 0
    assert TYPE_LABEL.findall(result.output) == []


@pytest.mark.parametrize(
    "args, allowed",
    [
        (["query", "select 1", "--format", "xml"], "table, csv, json or markdown"),
        (["search", "x", "--format", "xml"], "table, csv, json or markdown"),
        (["schema", "--format", "xml"], "table, csv, json or markdown"),
        (["check", "--format", "xml"], "text or json"),
        (["summary", "--all", "--format", "xml"], "md or html"),
        (["export", "--out", "x", "--format", "xml"], "parquet or csv"),
    ],
)
def test_unknown_format_is_refused_with_the_allowed_ones(seed_db, args, allowed):
    result = runner.invoke(app, [*args, "--db", str(seed_db)] if args[0] != "schema" else args)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: unknown format 'xml' — use {allowed}"


def test_evaluate_an_empty_folder_is_an_error(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no gold annotations (*.json) in {tmp_path}"


@pytest.mark.parametrize(
    "content, problem",
    [("{not json", "not valid JSON"), (json.dumps({"title": "x"}), "not a gold annotation")],
)
def test_evaluate_a_file_that_is_not_gold_is_one_line(tmp_path, content, problem):
    (tmp_path / "notes.json").write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"Error: {tmp_path / 'notes.json'}: {problem}")


def test_evaluate_an_empty_producer_folder_is_an_error(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs").mkdir()
    shutil.copy(CORPUS / "gold" / f"{SEED.name}.json", tmp_path / "gold")
    shutil.copy(SEED, tmp_path / "docs")
    (tmp_path / "producers" / "libreoffice").mkdir(parents=True)
    result = runner.invoke(
        app, ["evaluate", str(tmp_path / "gold"), "--producers", str(tmp_path / "producers")]
    )
    assert result.exit_code == 1
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith(f"Error: no PDFs in {tmp_path / 'producers'}/<producer>/ named like a gold")
    )
