"""`informes query` and `informes show`: read commands over the SQL contract."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._util import DbOption, app, console, echo, friendly, render


@app.command()
@friendly
def query(
    sql: Annotated[str | None, typer.Argument(help="SQL to run (or use -f, or stdin).")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the SQL from a file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    db: DbOption = None,
) -> None:
    """Run SQL on a read-only connection and print the result."""
    from pipeline.db.query import read_sql, run_query

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
    from pipeline.db.show import describe

    for title, columns, records in describe(kind, ident, db):
        console.print(f"[bold]{title}[/bold]")
        console.print(render(columns, records, "table"))
