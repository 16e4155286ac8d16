"""What a batch must do: which files are documents, which are unchanged, which are refused."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from models import DocStatus, Extraction
from pipeline.errors import InformesError
from pipeline.read import hash_bytes, tesseract_available
from pipeline.version import EXTRACTOR_VERSION

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".md")
MAX_BYTES = 200 * 1024 * 1024


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and documents (.txt, .pdf, .md) under folders named, recursively."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InformesError(f"no such file or folder: {path} — check the path")
    return found


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """doc_id → (extractor_version, status) for every stored document, in one query."""
    rows = con.execute("select doc_id, extractor_version, status from documents").fetchall()
    return {doc_id: (version, status) for doc_id, version, status in rows}


def too_large(path: Path, max_bytes: int) -> Extraction | None:
    size = path.stat().st_size
    if size <= max_bytes:
        return None
    from pipeline.process import failed  # the extraction stages load only when needed

    mb = 1024 * 1024
    return failed(
        path,
        f"file too large ({size / mb:.0f} MB > {max_bytes / mb:.0f} MB limit); raise --max-bytes to read it",
        "error",
        hash_bytes(f"too large:{path}".encode()),
    )


def is_current(known: tuple[str, str] | None, ocr: str) -> bool:
    """Same bytes, same extractor version — unless OCR could now rescue a page-less scan."""
    if known is None or known[0] != EXTRACTOR_VERSION:
        return False
    return not (known[1] == DocStatus.no_text and ocr != "off" and tesseract_available())


def plan(
    files: list[Path], con: duckdb.DuckDBPyConnection, force: bool, ocr: str, max_bytes: int
) -> tuple[list[Path], list[Path], list[Extraction]]:
    """Split files into (unchanged, to extract, refused without reading)."""
    known = {} if force else known_documents(con)
    unchanged, todo, refused = [], [], []
    for path in files:
        if (big := too_large(path, max_bytes)) is not None:
            refused.append(big)
        elif not force and is_current(known.get(hash_bytes(path.read_bytes())), ocr):
            unchanged.append(path)
        else:
            todo.append(path)
    return unchanged, todo, refused
