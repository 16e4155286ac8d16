"""Every CLI command is documented in the README and has help text; every link resolves."""

import re

import pytest
import typer.main
from typer.testing import CliRunner

from pipeline.cli import app
from tests.corpus import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
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


def relative_links(markdown: str) -> list[str]:
    """Targets of Markdown links and of `path/like.this` references to files of the repository."""
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", markdown)
    return [link for link in links if not re.match(r"[a-z]+:", link)]


@pytest.mark.parametrize(
    "doc", ["README.md", "corpus/README.md", *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
)
def test_docs_relative_links_resolve(doc):
    base = (ROOT / doc).parent
    missing = [
        link
        for link in relative_links((ROOT / doc).read_text(encoding="utf-8"))
        if not (base / link).exists()
    ]
    assert missing == []


def test_docs_readme_cites_nothing_outside_the_repository():
    assert "../shared" not in README and "PERF-NOTES" not in README and "FORMATS.md" not in README


def test_docs_contract_is_the_schema():
    result = CliRunner().invoke(app, ["schema", "--format", "markdown"])
    assert result.output.strip() in (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
