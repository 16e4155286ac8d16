"""`informes query` and `informes show`: read commands over the SQL contract."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._util import FORMATS, DbOption, FullIdsOption, app, choose, console, echo, friendly, render
from pipeline.db.limits import DEFAULT_ROWS, DEFAULT_SECONDS


@app.command()
@friendly
def query(
    sql: Annotated[str | None, typer.Argument(help="One SQL statement (or use -f, or stdin).")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the SQL from a file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="ROWS", help="Print at most this many rows.")
    ] = DEFAULT_ROWS,
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Interrupt the query after this long (0: never)."),
    ] = DEFAULT_SECONDS,
    full_ids: FullIdsOption = False,
    db: DbOption = None,
) -> None:
    """Run one SQL statement on a read-only, sandboxed connection and print the result."""
    from pipeline.db.query import read_sql, run_query

    choose(fmt, FORMATS)
    answer = run_query(read_sql(sql, file), db, limit=limit, timeout=timeout)
    echo(render(answer.columns, answer.rows, fmt, full_ids))
    if answer.hidden:
        more = f"{answer.hidden:,}" if answer.exact else f"at least {answer.hidden:,}"
        typer.echo(
            f"{more} more rows not shown (--limit {limit:,}) — raise --limit, narrow the query with "
            "WHERE or LIMIT, or write whole tables with informes export",
            err=True,
        )


@app.command()
@friendly
def show(
    kind: Annotated[str, typer.Argument(help="acuerdo, session or doc.")],
    ident: Annotated[
        str, typer.Argument(help="Acuerdo ID, session_id, or doc_id or path (a prefix of an ID is enough).")
    ],
    full_ids: FullIdsOption = False,
    db: DbOption = None,
) -> None:
    """Everything known about an acuerdo, a session or a document, with provenance."""
    from pipeline.db.show import describe

    for title, columns, records in describe(kind, ident, db):
        console.print(f"[bold]{title}[/bold]")
        console.print(render(columns, records, "table", full_ids))
