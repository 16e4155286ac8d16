"""Every CLI command is documented in the README and has help text."""

from pathlib import Path

import pytest
import typer.main

from pipeline.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_docs_lists_the_commands():
    assert {"ingest", "query", "show", "search", "export", "schema", "check", "summary", "evaluate"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_is_in_readme(name):
    assert f"`informes {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_has_help(name):
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.split()) >= 4


def test_docs_readme_quick_start_has_exactly_the_two_commands():
    quick = README.split("## Quick start")[1].split("## ")[0]
    assert [line for line in quick.splitlines() if line.startswith("$ ")] == ["$ make demo", "$ make test"]
