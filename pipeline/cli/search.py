"""`informes search`, `export` and `schema`: registered on the app in `pipeline.cli`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._util import FORMATS, DbOption, app, choose, echo, friendly, render


@app.command()
@friendly
def search(
    text: Annotated[
        str,
        typer.Argument(
            help='Words (Spanish stemming, accents ignored), numbers, acuerdo IDs, "phrases in quotes".'
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="ROWS", help="Show at most this many sections.")
    ] = 10,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    db: DbOption = None,
) -> None:
    """Full-text search over sections, best first, with document, page, section and a snippet."""
    from pipeline.db.search import search as run

    choose(fmt, FORMATS)
    columns, records = run(text, db, limit=limit)
    if not records and fmt == "table":
        typer.echo(f"No section matches {text!r}.")
        return
    echo(render(columns, records, fmt))


@app.command()
@friendly
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder to write one file per table into.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    db: DbOption = None,
) -> None:
    """Write every contract table and view to Parquet or CSV files, for use in other tools."""
    from pipeline.db.export import export as run

    written = run(db, out, fmt)
    echo(render(["table", "rows", "file"], [(n, rows, str(p)) for n, rows, p in written], "table"))


@app.command()
@friendly
def schema(
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
) -> None:
    """The SQL contract: every table and view, its columns and what they mean."""
    from pipeline.db.schema import contract

    choose(fmt, FORMATS)
    echo(render(["table", "kind", "column", "type", "description"], contract(), fmt))
