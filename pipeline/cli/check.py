"""`informes check` and `informes summary` (registered on the app of pipeline.cli)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._util import DbOption, app, choose, console, friendly
from pipeline.errors import InformesError

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


@app.command()
@friendly
def check(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Exit 1 if a finding is this severe: error or warning.")
    ] = None,
) -> None:
    """Run every check over the database, store the findings and print them by document."""
    from pipeline.check import doc_ids_of, run_checks
    from pipeline.db.readonly import reading

    choose(fmt, ("text", "json"))
    if fail_on is not None:
        choose(fail_on, ("error", "warning"), "severity")
    with reading(db) as con:  # the rules only read: a file that is not ours is refused here
        findings = run_checks(con)
        paths = dict(con.execute("select doc_id, path from documents").fetchall())
    not_stored = store(db, findings)
    if fmt == "json":
        typer.echo(
            json.dumps(
                [f.model_dump(mode="json") for f in findings],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_grouped(findings, paths, doc_ids_of)
    if not_stored:
        raise not_stored
    if fail_on and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in findings):
        raise typer.Exit(1)


def store(db: Path | None, findings: list) -> InformesError | None:  # type: ignore[type-arg]
    """Replace the stored findings; a database that cannot be written (a read-only file
    or folder) is an error reported after the findings are printed."""
    import duckdb

    from pipeline.db.guard import CannotOpen
    from pipeline.db.store import connect, replace_findings, resolve_db

    try:
        con = connect(db, create=False)
    except (duckdb.IOException, OSError, CannotOpen) as exc:
        path = resolve_db(db)
        reason = exc.reason if isinstance(exc, CannotOpen) else str(exc).splitlines()[0]
        return InformesError(
            f"findings not stored: {path} cannot be written ({reason}) — make it writable "
            f"(chmod u+w {path}) or run check on a writable copy"
        )
    try:
        replace_findings(con, findings)
    finally:
        con.close()
    return None


def print_grouped(findings, paths, doc_ids_of) -> None:  # type: ignore[no-untyped-def]
    groups: dict[str, list] = {}  # type: ignore[type-arg]
    for item in findings:
        for doc_id in doc_ids_of(item) or ["?"]:
            groups.setdefault(doc_id, []).append(item)
    for doc_id in sorted(groups, key=lambda d: paths.get(d, d)):
        console.print(f"[bold]{paths.get(doc_id, doc_id)}[/bold]", highlight=False)
        for item in groups[doc_id]:
            colour = COLOURS[item.severity]
            console.print(
                f"  [{colour}]{item.severity:<7}[/{colour}] {item.check}: {item.message}",
                highlight=False,
                markup=True,
            )
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    console.print(
        f"{len(findings)} findings: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} info",
        highlight=False,
    )


@app.command()
@friendly
def summary(
    doc_ids: Annotated[list[str] | None, typer.Argument(help="Documents (doc_id or a prefix of it).")] = None,
    all_docs: Annotated[bool, typer.Option("--all", help="Every document in the database.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    out: Annotated[Path, typer.Option("--out", help="Folder to write the summaries to.")] = Path("out"),
    db: DbOption = None,
) -> None:
    """Write Spanish summaries per document, a timeline per institute and an index linking
    them, from the database alone."""
    from pipeline.db.readonly import reading
    from pipeline.db.show import resolve_doc
    from pipeline.summarise import write_summaries

    choose(fmt, ("md", "html"))
    if not doc_ids and not all_docs:
        raise InformesError("no documents given — pass DOC_ID ... or --all")
    with reading(db) as con:
        known = [
            r[0]
            for r in con.execute("select doc_id from documents where status = 'ok' order by path").fetchall()
        ]
        chosen = known if all_docs else [resolve_doc(con, prefix, ok_only=True) for prefix in doc_ids or []]
        chosen = list(dict.fromkeys(chosen))  # a document named twice is written once
        written = write_summaries(con, chosen, fmt, out)
    timelines = len(written) - len(chosen) - 1
    console.print(
        f"{len(written)} files written to {out}: {len(chosen)} document summaries, "
        f"{timelines} institute timelines and {written[-1].name}",
        highlight=False,
    )
