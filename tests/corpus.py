"""The corpus for tests: where its files are, and each document extracted once per run
(shared by every test that needs an extraction or an in-memory database of them)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

from models import Extraction
from pipeline.db import store
from pipeline.process import process

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOCS = CORPUS / "docs"
CONTRADICTIONS = CORPUS / "contradictions"
SEED = DOCS / "iepc-durango-informe-2021-08.txt"
SEED_PDF = DOCS / "iepc-durango-informe-2021-08.pdf"


@cache
def extraction(path: Path) -> Extraction:
    return process(path)


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".pdf"))


def memory_db(*paths: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    store.ensure_schema(con)
    store.write_many(con, [extraction(path) for path in paths])
    return con


def as_if_older(con: duckdb.DuckDBPyConnection) -> None:
    """After a test has removed what an older version's database lacks: the schema mark
    goes too (an older version left none, or its own), so the next connection brings the
    schema up to date."""
    con.execute("comment on table documents is null")


def encrypted_pdf(path: Path, password: str = "secreto") -> Path:
    """A one-page PDF that opens only with `password`."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt=password)
    page.drawString(72, 720, "ACUERDO IEPC/CG122/2021 aprobado el 25 de agosto de 2021.")
    page.save()
    return path
