"""What a serious CLI has (issue 12): unknown choices refused with the allowed ones."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


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
