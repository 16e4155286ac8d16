"""`informes ingest`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._util import DbOption, app, console, errors, friendly
from pipeline.errors import InformesError


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
    max_bytes: Annotated[
        str, typer.Option(help="Refuse files larger than this: MB, KB, GB or bytes, e.g. 50MB.")
    ] = "200MB",
    time_limit: Annotated[float, typer.Option(help="Seconds allowed per document.")] = 120.0,
    max_memory: Annotated[int, typer.Option(help="MB of memory allowed per worker.")] = 2048,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the closing line.")] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Extract on a Dask cluster: 'local' (a LocalCluster of --workers processes) "
            "or a scheduler's address, e.g. tcp://host:8786."
        ),
    ] = None,
    shards: Annotated[
        Path | None,
        typer.Option(help="Folder of the Parquet shards (default: <db>.shards beside the database)."),
    ] = None,
) -> None:
    """Read documents, extract facts and store them in the database."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from pipeline.batch import IngestReport, discover, plural
    from pipeline.batch import ingest as run
    from pipeline.batch.limits import Guard
    from pipeline.batch.plan import parse_size

    if reader not in ("pypdfium2", "pdfplumber"):
        raise InformesError(f"unknown reader {reader!r} — use pypdfium2 or pdfplumber")
    if workers is not None and workers < 1:
        raise InformesError("--workers must be at least 1")
    limit = parse_size(max_bytes)
    total = len(discover(paths).files)
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
    report = IngestReport()  # filled as the run goes: what was stored if Ctrl-C stops it
    task = progress.add_task("ingest", total=total, errors=0, rate=0.0)

    def advance(path: Path, stored: Any) -> None:
        nonlocal failures, pages
        if not progress.live.is_started:  # at the first document: an early error shows no bar
            progress.start()
        if stored is not None:
            pages += stored.pages
            if stored.error:
                failures += 1
                progress.console.print(f"[red]{stored.error}[/red]", highlight=False, soft_wrap=True)
        elapsed = progress.tasks[0].elapsed or 0.0
        progress.update(
            task,
            advance=1,
            description=path.name[:30],
            errors=failures,
            rate=pages / elapsed if elapsed else 0.0,
        )

    def notice(message: str) -> None:
        progress.console.print(f"[yellow]{message}[/yellow]", highlight=False, soft_wrap=True)

    try:
        run(
            paths,
            db=db,
            reader=reader,
            password=password,
            force=force,
            strict=strict,
            workers=workers,
            ocr=ocr,
            max_bytes=limit,
            guard=Guard(time_limit=time_limit, memory_mb=max_memory),
            on_document=advance,
            dask=dask,
            shards=shards,
            on_notice=notice,
            report=report,
        )
    except KeyboardInterrupt:
        stop(progress)
        typer.echo(f"interrupted: {report.documents} documents stored (run ingest again to go on)", err=True)
        raise typer.Exit(130) from None
    finally:
        stop(progress)
    rate = report.pages / report.seconds if report.seconds else 0.0
    console.print(
        f"{plural(report.files, 'file')}, {plural(report.distinct, 'document')}: {report.documents} ingested, "
        f"{report.skipped} unchanged, {plural(len(report.errors), 'error')}"
        + (f" ({len(report.kept)} kept the stored version)" if report.kept else "")
        + f"; {report.pages} pages, {report.mentions} mentions, {report.claims} claims "
        f"in {report.seconds:.1f} s ({rate:.0f} pages/s)",
        highlight=False,
    )


def stop(progress: Any) -> None:
    if progress.live.is_started:  # stopping a bar never shown prints an empty line
        progress.stop()
