"""`informes serve`: the local web interface (pipeline.serve), registered on the app in `pipeline.cli`."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli._util import DbOption, app, friendly


@app.command()
@friendly
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (keep 127.0.0.1 to stay local).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Browse the database in a local, read-only web interface (in Spanish)."""
    from pipeline.serve import serve as run

    run(db, host=host, port=port)
