"""pdfplumber reading: text plus what only layout tells — heading lines and tables.

Slow (~10 pages/s, docs/performance.md), so the default reader uses it only for pages that
draw table rules. Every page is closed after use: without `page.close()` memory grows
per page.
"""

from __future__ import annotations

import io
import statistics
from pathlib import Path

from models import RawPage, RawTable
from pipeline.errors import UnreadableDocument
from pipeline.read.pdfium import password_problem

Table = RawTable


def open_pdf(path: Path, data: bytes, password: str | None):  # type: ignore[no-untyped-def]
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many unrelated types
        # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect())
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args, exc.__context__)):
            raise UnreadableDocument(str(path), password_problem(password)) from None
        raise UnreadableDocument(str(path), f"corrupt or truncated PDF ({exc})") from None


def read_pages_plumber(
    path: Path, data: bytes, password: str | None
) -> tuple[tuple[RawPage, ...], tuple[Table, ...]]:
    pdf = open_pdf(path, data, password)
    pages: list[RawPage] = []
    tables: list[Table] = []
    try:
        for page in pdf.pages:
            text = page.extract_text() or ""
            pages.append(RawPage(number=page.page_number, text=text, heading_lines=find_heading_lines(page)))
            tables.extend(extract_tables(page))
            page.close()
    finally:
        pdf.close()
    return tuple(pages), tuple(tables)


def read_tables(path: Path, data: bytes, password: str | None, pages: list[int]) -> tuple[Table, ...]:
    """Tables of the given 1-based pages only (the default reader picks the pages that
    draw rules, so pdfplumber's slow layout analysis runs where it pays)."""
    pdf = open_pdf(path, data, password)
    tables: list[Table] = []
    try:
        for number in pages:
            page = pdf.pages[number - 1]
            tables.extend(extract_tables(page))
            page.close()
    finally:
        pdf.close()
    return tuple(tables)


def extract_tables(page) -> list[Table]:  # type: ignore[no-untyped-def]
    found = []
    for raw in page.extract_tables():
        rows = tuple(tuple(" ".join((cell or "").split()) for cell in row) for row in raw if row)
        if len(rows) >= 2 and len(rows[0]) >= 2:
            found.append(RawTable(page=page.page_number, rows=rows))
    return found


def find_heading_lines(page) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """Lines whose characters are all bold or clearly larger than the page's body text."""
    chars = [c for c in page.chars if c["text"].strip()]
    if not chars:
        return ()
    body_size = statistics.median(round(c["size"], 1) for c in chars)
    lines: dict[float, list[dict]] = {}
    for char in chars:
        lines.setdefault(round(char["top"]), []).append(char)
    headings = []
    for top in sorted(lines):
        line = sorted(lines[top], key=lambda c: c["x0"])
        bold = all("Bold" in c["fontname"] for c in line)
        large = min(c["size"] for c in line) > body_size + 0.5
        if bold or large:
            headings.append(" ".join("".join(c["text"] for c in line).split()))
    return tuple(headings)
