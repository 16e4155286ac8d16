"""Stage 1 — read: a path becomes a `RawDocument` (pages of text).

PDF text comes from pypdfium2 by default: on a 62-page informe it was 34× faster
than pdfplumber with 15× less memory (docs/performance.md). pdfplumber is offered as
`reader="pdfplumber"` and is used where its layout knowledge pays: font sizes and
weights for headings, and tables (only on pages that draw rules).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from models import RawDocument, RawPage, RawTable
from pipeline.errors import UnreadableDocument
from pipeline.read.ocr import OCR_MODES, no_text_advice, ocr_pages, tesseract_available
from pipeline.read.pdfium import read_pages_pdfium
from pipeline.read.quality import assess
from pipeline.read.text import decode_text

__all__ = ["OCR_MODES", "READERS", "hash_bytes", "hash_file", "read", "tesseract_available"]

READERS = ("pypdfium2", "pdfplumber")


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str:
    """`hash_bytes` of a file's content, read in blocks (a 200 MB file is not held whole)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read(
    path: Path, reader: str = "pypdfium2", password: str | None = None, ocr: str = "auto"
) -> RawDocument:
    """Read a text file or a PDF. Raises `UnreadableDocument` naming the problem."""
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty", status="empty")
    doc_id = hash_bytes(data)
    if data.startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise UnreadableDocument(str(path), "not a PDF (no %PDF- header) despite its .pdf name")
        return read_pdf(path, data, doc_id, reader, password, ocr)
    text, encoding = decode_text(path, data)
    pages = tuple(assess(RawPage(number=i, text=t)) for i, t in enumerate(text.split("\f"), start=1))
    return RawDocument(doc_id=doc_id, path=str(path), pages=pages, encoding=encoding)


def read_pdf(
    path: Path, data: bytes, doc_id: str, reader: str, password: str | None, ocr: str = "auto"
) -> RawDocument:
    if reader == "pdfplumber":
        from pipeline.read.plumber import read_pages_plumber

        pages, tables = read_pages_plumber(path, data, password)
    else:
        pages, ruled = read_pages_pdfium(path, data, password)
        tables = read_tables(path, data, password, ruled) if ruled else ()
    pages = tuple(assess(page) for page in pages)
    if tesseract_available():
        pages = ocr_pages(data, password, pages, ocr)
    if not any(page.text.strip() for page in pages):
        raise UnreadableDocument(str(path), no_text_advice(ocr), status="no_text")
    return RawDocument(doc_id=doc_id, path=str(path), pages=pages, encoding="pdf", tables=tables)


def read_tables(path: Path, data: bytes, password: str | None, pages: list[int]) -> tuple[RawTable, ...]:
    from pipeline.read.plumber import read_tables as plumber_tables

    return plumber_tables(path, data, password, pages)
