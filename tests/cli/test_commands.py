"""What a serious CLI has (issue 12): --version, `python -m pipeline`, shell completion,
--help without Python type labels, unknown choices refused with the allowed ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version

import pytest
import typer.main
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.version import EXTRACTOR_VERSION

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
TYPE_LABEL = re.compile(r"<(?:bool|int|float|str|path|list\[[^\]]*\]|[A-Z]\w*)>")


def module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_version_from_package_metadata_and_extractor():
    expected = f"informes {version('informes')} (extractor {EXTRACTOR_VERSION})"
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == expected
    done = module("--version")  # `python -m pipeline` is the same command
    assert done.returncode == 0 and done.stdout.strip() == expected


def test_shell_completion_script_and_answers():
    script = module("--show-completion", "bash")
    assert script.returncode == 0 and "_INFORMES_COMPLETE=complete_bash" in script.stdout
    answer = module(
        env={"_INFORMES_COMPLETE": "complete_bash", "COMP_WORDS": "informes que", "COMP_CWORD": "1"}
    )
    assert answer.stdout.split() == ["query"]
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
