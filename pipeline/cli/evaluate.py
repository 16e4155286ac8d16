"""`informes evaluate`: precision, recall and F1 against the gold corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.cli._util import app, console, friendly


@app.command()
@friendly
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold *.json (documents in ../docs).")] = Path(
        "corpus/gold"
    ),
    reader: Annotated[str, typer.Option(help="PDF reader: pypdfium2 or pdfplumber.")] = "pypdfium2",
    errors_only: Annotated[bool, typer.Option("--no-list", help="Print the scores only.")] = False,
) -> None:
    """Score extraction against hand-checked gold annotations; list every miss and false hit."""
    from pipeline.evaluate import evaluate as run

    result = run(gold_dir, reader=reader)
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
    console.print(f"{result.documents} documents")
    console.print(table)
    if not errors_only:
        for title, rows in (("Misses", result.misses), ("False hits", result.false_hits)):
            console.print(f"[bold]{title} ({len(rows)})[/bold]")
            for document, what, context in rows:
                console.print(
                    f"  {document}: {what}" + (f"\n      «{context}»" if context else ""),
                    markup=False,
                    highlight=False,
                )
