"""What every command shares: the Typer app, the consoles, the common options, the
error wrapper and the table renderer (spaCy's `cli/_util.py` pattern)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Column, Table

from pipeline.errors import InformesError

app = typer.Typer(
    help="Turn PREP informes and acuerdos of Mexican electoral institutes into a DuckDB database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
if not console.is_terminal:  # piped or captured: do not wrap tables at 80 columns
    console = Console(width=250)
errors = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="INFORMES_DB", help="Database file (default: informes.duckdb)."),
]
F = TypeVar("F", bound=Callable[..., Any])


def friendly(command: F) -> F:
    """Expected problems become `Error: <what> — <how to fix>` and exit code 1 (130
    for Ctrl-C)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InformesError as exc:
            typer.echo(f"Error: {exc}", err=True)  # one unwrapped line, whatever the width
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None
        except KeyboardInterrupt:
            typer.echo("Error: interrupted (Ctrl-C)", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def render(columns: list[str], records: list[tuple[Any, ...]], fmt: str) -> str | Table:
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, r, strict=True)) for r in records], default=str, ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(records)
        return buffer.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += [
            "| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in r) + " |"
            for r in records
        ]
        return "\n".join(lines)
    cells = [["" if v is None else str(v) for v in record] for record in records]
    table = Table(*(table_column(name, [row[i] for row in cells]) for i, name in enumerate(columns)))
    for row in cells:
        table.add_row(*row)
    return table


def table_column(name: str, values: list[str]) -> Column:
    """Values without spaces (IDs, paths, dates) keep their whole width; prose folds
    onto more lines. Nothing is cut with "…" (a deep checkout path was, in `show`)."""
    if any(" " in value for value in values):
        return Column(name, overflow="fold")
    widest = max([len(name), *map(len, values)])
    return Column(name, overflow="fold", min_width=min(widest, 160))


def echo(output: str | Table) -> None:
    """Plain text as is (csv, json, markdown); tables through rich."""
    if isinstance(output, str):
        typer.echo(output)
    else:
        console.print(output)
