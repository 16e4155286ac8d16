"""The `informes` command: a thin layer that parses options, makes one library call
and formats the result. Only this module prints or chooses exit codes.

Heavy imports (spaCy, pdfplumber) happen inside the commands that need them, so
`informes query` starts fast.
"""

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
    """Expected problems become `Error: <what> — <how to fix>` and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InformesError as exc:
            typer.echo(f"Error: {exc}", err=True)  # one unwrapped line, whatever the width
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@friendly
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    db: DbOption = None,
    reader: Annotated[
        str, typer.Option(help="PDF text reader: pypdfium2 (fast) or pdfplumber.")
    ] = "pypdfium2",
    password: Annotated[str | None, typer.Option(help="Password for encrypted PDFs.")] = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents even if unchanged.")] = False,
    strict: Annotated[bool, typer.Option(help="Stop at the first bad document.")] = False,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: number of cores).")] = None,
    ocr: Annotated[
        str, typer.Option(help="OCR with Tesseract: auto (pages without text), force, off.")
    ] = "auto",
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this many bytes.")] = 200
    * 1024
    * 1024,
    time_limit: Annotated[float, typer.Option(help="Seconds allowed per document.")] = 120.0,
    max_memory: Annotated[int, typer.Option(help="MB of memory allowed per worker.")] = 2048,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the closing line.")] = False,
) -> None:
    """Read documents, extract facts and store them in the database."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from pipeline.batch import discover
    from pipeline.batch import ingest as run
    from pipeline.pool import Guard

    if reader not in ("pypdfium2", "pdfplumber"):
        raise InformesError(f"unknown reader {reader!r} — use pypdfium2 or pdfplumber")
    if workers is not None and workers < 1:
        raise InformesError("--workers must be at least 1")
    total = len(discover(paths))
    progress = Progress(
        TextColumn("{task.description:<30}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.1f} pages/s"),
        TimeRemainingColumn(),
        TextColumn("errors: {task.fields[errors]}"),
        console=errors,
        disable=quiet,
    )
    failures, pages = 0, 0
    with progress:
        task = progress.add_task("ingest", total=total, errors=0, rate=0.0)

        def advance(path: Path, extraction: Any) -> None:
            nonlocal failures, pages
            if extraction is not None:
                pages += extraction.document.pages
                if extraction.document.error:
                    failures += 1
                    progress.console.print(f"[red]{extraction.document.error}[/red]", highlight=False)
            elapsed = progress.tasks[0].elapsed or 0.0
            progress.update(
                task,
                advance=1,
                description=path.name[:30],
                errors=failures,
                rate=pages / elapsed if elapsed else 0.0,
            )

        report = run(
            paths,
            db=db,
            reader=reader,
            password=password,
            force=force,
            strict=strict,
            workers=workers,
            ocr=ocr,
            max_bytes=max_bytes,
            guard=Guard(time_limit=time_limit, memory_mb=max_memory),
            on_document=advance,
        )
    rate = report.pages / report.seconds if report.seconds else 0.0
    console.print(
        f"{report.documents} documents ingested ({report.skipped} unchanged), {report.pages} pages, "
        f"{report.mentions} mentions, {report.claims} claims, {len(report.errors)} errors "
        f"in {report.seconds:.1f} s ({rate:.0f} pages/s)",
        highlight=False,
    )


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


@app.command()
@friendly
def query(
    sql: Annotated[str | None, typer.Argument(help="SQL to run (or use -f, or stdin).")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the SQL from a file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    db: DbOption = None,
) -> None:
    """Run SQL on a read-only connection and print the result."""
    from pipeline.query import read_sql, run_query

    columns, records = run_query(read_sql(sql, file), db)
    echo(render(columns, records, fmt))


@app.command()
@friendly
def show(
    kind: Annotated[str, typer.Argument(help="acuerdo, session or doc.")],
    ident: Annotated[str, typer.Argument(help="Acuerdo ID, session_id or doc_id (a prefix is enough).")],
    db: DbOption = None,
) -> None:
    """Everything known about an acuerdo, a session or a document, with provenance."""
    from pipeline.query import describe

    for title, columns, records in describe(kind, ident, db):
        console.print(f"[bold]{title}[/bold]")
        console.print(render(columns, records, "table"))


from pipeline import (
    cli_check,  # noqa: E402,F401  (registers check, summary)
    cli_evaluate,  # noqa: E402,F401  (registers evaluate)
    cli_query,  # noqa: E402,F401  (registers search, export, schema)
)
