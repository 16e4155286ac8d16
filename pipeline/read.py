"""Stage 1 — read: a path becomes a `RawDocument` (pages of text).

PDF text comes from pypdfium2 by default: on a 62-page informe it was 34× faster
than pdfplumber with 15× less memory (PERF-NOTES.md). pdfplumber is offered as
`reader="pdfplumber"` and is used where its layout knowledge pays: font sizes and
weights for headings, and tables.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from models import RawDocument, RawPage, RawTable
from pipeline.errors import UnreadableDocument

READERS = ("pypdfium2", "pdfplumber")
TABLE_RULES = 6  # a table of two rows already draws more cell borders than this
TEXT_ENCODINGS = ("utf-8", "cp1252")
OCR_MODES = ("auto", "force", "off")
OCR_DPI = 200  # 300 was 4× slower for the same words on corpus scans
INSTALL_TESSERACT = "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-spa) and re-run"


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
    pages = tuple(RawPage(number=i, text=t) for i, t in enumerate(text.split("\f"), start=1))
    return RawDocument(doc_id=doc_id, path=str(path), pages=pages, encoding=encoding)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8 first (a BOM is dropped), then cp1252; anything else is refused, not guessed."""
    if b"\x00" in data:
        raise UnreadableDocument(str(path), "binary file (NUL bytes): not a text document")
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise UnreadableDocument(str(path), "text is neither UTF-8 nor cp1252; convert it with iconv -t UTF-8")


def read_pdf(
    path: Path, data: bytes, doc_id: str, reader: str, password: str | None, ocr: str = "auto"
) -> RawDocument:
    if reader == "pdfplumber":
        from pipeline.read_plumber import read_pages_plumber

        pages, tables = read_pages_plumber(path, data, password)
    else:
        pages, ruled = read_pages_pdfium(path, data, password)
        tables = read_tables(path, data, password, ruled) if ruled else ()
    wanted = [p.number for p in pages if ocr == "force" or (ocr == "auto" and not p.text.strip())]
    if wanted and tesseract_available():
        pages = ocr_pages(data, password, pages, wanted)
    if not any(page.text.strip() for page in pages):
        raise UnreadableDocument(str(path), no_text_advice(ocr), status="no_text")
    return RawDocument(doc_id=doc_id, path=str(path), pages=pages, encoding="pdf", tables=tables)


def read_tables(path: Path, data: bytes, password: str | None, pages: list[int]) -> tuple[RawTable, ...]:
    from pipeline.read_plumber import read_tables as plumber_tables

    return plumber_tables(path, data, password, pages)


def ruled_pages(path_counts: list[int]) -> list[int]:
    """Pages drawing clearly more lines and boxes than the document's usual page (whose
    header rule and logo every page repeats): candidates for tables."""
    if not path_counts:
        return []
    usual = sorted(path_counts)[len(path_counts) // 2]
    return [i + 1 for i, count in enumerate(path_counts) if count >= usual + TABLE_RULES]


def read_pages_pdfium(path: Path, data: bytes, password: str | None) -> tuple[tuple[RawPage, ...], list[int]]:
    """Text of every page, and the pages that look ruled (see `ruled_pages`)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(str(path), describe_pdfium_error(exc)) from None
    try:
        pages, paths = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            paths.append(count_paths(page.raw))
            page.close()
            pages.append(RawPage(number=index + 1, text=text))
        return tuple(pages), ruled_pages(paths)
    finally:
        pdf.close()


def count_paths(raw_page: object) -> int:
    """Top-level path objects (lines, boxes) of a page, through the raw API: the helper
    `get_objects` wraps every object in Python and cost 0.6 ms a page, half the text's time."""
    import pypdfium2.raw as pdfium_c

    objects = pdfium_c.FPDFPage_CountObjects(raw_page)
    path_type = pdfium_c.FPDF_PAGEOBJ_PATH
    return sum(
        1 for i in range(objects) if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw_page, i)) == path_type
    )


def describe_pdfium_error(exc: Exception) -> str:
    message = str(exc)
    if "password" in message.lower():
        return "the PDF is encrypted; pass --password"
    return f"corrupt or truncated PDF ({message})"


def no_text_advice(ocr: str) -> str:
    if ocr == "off":
        return "the PDF has no text layer (scanned?); run with --ocr auto"
    if not tesseract_available():
        return f"the PDF has no text layer (scanned?) and Tesseract is not installed; {INSTALL_TESSERACT}"
    return "the PDF has no text layer and OCR found no text in it"


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_pages(
    data: bytes, password: str | None, pages: tuple[RawPage, ...], wanted: list[int]
) -> tuple[RawPage, ...]:
    """Replace the text of the `wanted` pages (1-based) by Tesseract's reading of them,
    rendered at OCR_DPI; Spanish model when installed (tesseract-ocr-spa)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data, password=password)
    texts = {}
    try:
        with tempfile.TemporaryDirectory(prefix="informes-ocr-") as tmp:
            for number in wanted:
                image = Path(tmp) / f"page-{number}.png"
                pdf[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
                texts[number] = run_tesseract(image)
    finally:
        pdf.close()
    return tuple(p.model_copy(update={"text": texts[p.number]}) if p.number in texts else p for p in pages)


@functools.cache
def tesseract_language() -> str:
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return "spa" if "spa" in langs.split() else "eng"


def run_tesseract(image: Path) -> str:
    # One thread: workers already run in parallel, and OpenMP threads fighting made it 4× slower.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", tesseract_language()],
        capture_output=True,
        text=True,
        env=env,
    )
    return done.stdout if done.returncode == 0 else ""
