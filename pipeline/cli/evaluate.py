"""`informes evaluate`: precision, recall and F1 against the gold corpus, and the
producer matrix (the same texts as PDFs from ordinary producers)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from pipeline.cli._util import app, console, friendly

if TYPE_CHECKING:
    from pipeline.evaluate import Evaluation

# The producer matrix's columns: what a PDF producer can break (issue: "Facts that survive the PDF").
MATRIX_COLUMNS = (
    ("acuerdo F1", "mentions", "acuerdo", "f1"),
    ("date F1", "mentions", "date", "f1"),
    ("session F1", "mentions", "session", "f1"),
    ("approved_in R", "claims", "approved_in", "recall"),
    ("approved_on R", "claims", "approved_on", "recall"),
    ("held_on R", "claims", "held_on", "recall"),
    ("subject F1", "claims", "subject", "f1"),
)


@app.command()
@friendly
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold *.json (documents in ../docs).")] = Path(
        "corpus/gold"
    ),
    docs: Annotated[Path | None, typer.Option(help="Folder of the documents (default: ../docs).")] = None,
    producers: Annotated[
        Path | None,
        typer.Option(
            help="Also score a producer matrix: one folder of PDFs per producer (corpus/producers)."
        ),
    ] = None,
    reader: Annotated[str, typer.Option(help="PDF reader: pypdfium2 or pdfplumber.")] = "pypdfium2",
    errors_only: Annotated[bool, typer.Option("--no-list", help="Print the scores only.")] = False,
) -> None:
    """Score extraction against hand-checked gold annotations; list every miss and false hit."""
    from pipeline.evaluate import evaluate as run
    from pipeline.evaluate import evaluate_producers

    result = run(gold_dir, reader=reader, docs_dir=docs)
    console.print(f"{result.documents} documents")
    console.print(score_table(result))
    matrix = evaluate_producers(gold_dir, producers) if producers else {}
    if matrix:
        console.print(matrix_table(matrix))
    if not errors_only:
        for name, evaluation in [("", result), *((k, v) for k, v in matrix.items() if k != "text")]:
            list_errors(name, evaluation)


def score_table(result: Evaluation) -> Table:
    table = Table("kind", "what", "precision", "recall", "F1", "tp", "fp", "fn")
    for group, scores in (("mention", result.mentions), ("claim", result.claims)):
        for name, score in sorted(scores.items()):
            table.add_row(
                group,
                name,
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                str(score.tp),
                str(score.fp),
                str(score.fn),
            )
    return table


def matrix_table(matrix: dict[str, Evaluation]) -> Table:
    """One row per producer, the same documents as text first."""
    from pipeline.evaluate import Score

    table = Table("producer", "documents", *(title for title, *_ in MATRIX_COLUMNS))
    for name, result in matrix.items():
        cells = [
            f"{getattr(getattr(result, group).get(key, Score()), measure):.3f}"
            for _, group, key, measure in MATRIX_COLUMNS
        ]
        table.add_row(name, str(result.documents), *cells)
    return table


def list_errors(name: str, result: Evaluation) -> None:
    for title, rows in (("Misses", result.misses), ("False hits", result.false_hits)):
        console.print(f"[bold]{title}{f' ({name})' if name else ''} ({len(rows)})[/bold]")
        for document, what, context in rows:
            console.print(
                f"  {document}: {what}" + (f"\n      «{context}»" if context else ""),
                markup=False,
                highlight=False,
            )
