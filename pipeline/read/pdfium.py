"""PDF text through pypdfium2, and the pages that draw enough rules to hold a table."""

from __future__ import annotations

from pathlib import Path

from models import RawPage
from pipeline.errors import UnreadableDocument

TABLE_RULES = 6  # a table of two rows already draws more cell borders than this


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
        1
        for i in range(objects)
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw_page, i)) == path_type
    )


def describe_pdfium_error(exc: Exception) -> str:
    message = str(exc)
    if "password" in message.lower():
        return "the PDF is encrypted; pass --password"
    return f"corrupt or truncated PDF ({message})"
