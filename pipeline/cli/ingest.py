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
    from pipeline.batch.pool import Guard

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
    task = progress.add_task("ingest", total=total, errors=0, rate=0.0)

    def advance(path: Path, extraction: Any) -> None:
        nonlocal failures, pages
        if not progress.live.is_started:  # at the first document: an early error shows no bar
            progress.start()
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

    try:
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
    finally:
        stop(progress)
    rate = report.pages / report.seconds if report.seconds else 0.0
    console.print(
        f"{report.documents} documents ingested ({report.skipped} unchanged), {report.pages} pages, "
        f"{report.mentions} mentions, {report.claims} claims, {len(report.errors)} errors "
        f"in {report.seconds:.1f} s ({rate:.0f} pages/s)",
        highlight=False,
    )


def stop(progress: Any) -> None:
    if progress.live.is_started:  # stopping a bar never shown prints an empty line
        progress.stop()
