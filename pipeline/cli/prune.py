"""`informes prune`."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli._util import DbOption, app, console, friendly


@app.command()
@friendly
def prune(
    db: DbOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Remove them; without it, only list them.")] = False,
) -> None:
    """List documents whose files are gone from every path they were seen at; --yes removes them."""
    from pipeline.batch import plural
    from pipeline.batch import prune as run

    gone = run(db, remove=yes)
    for doc_id, paths in gone:
        console.print(f"{doc_id[:12]}  {', '.join(paths)}", highlight=False, soft_wrap=True)
    if not gone:
        console.print("nothing to prune: every document is still at one of its paths", highlight=False)
    elif yes:
        console.print(f"removed {plural(len(gone), 'document')}", highlight=False)
    else:
        console.print(
            f"{plural(len(gone), 'document')} would be removed — run `informes prune --yes` to remove them",
            highlight=False,
        )
