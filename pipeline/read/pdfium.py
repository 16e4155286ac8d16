"""PDF text through pypdfium2, with the box of every visual line, and the pages that draw
enough rules to hold a table.

pdfium ends a line with "\r\n", except where a hyphenated word was cut: there it leaves
the marker U+FFFE and runs straight on with the next line's text (real hyphens at a line
end come out the same way). Lines are therefore cut after each marker too, and a line
whose first and last characters stand at different heights is cut where the height
changes. Each line gets its box from two character boxes (its first and last
characters): about 90 calls a page, not one per character (3,700 calls cost 9.5 ms).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from models import RawLine, RawPage
from pipeline.errors import UnreadableDocument

TABLE_RULES = 6  # a table of two rows already draws more cell borders than this
LINE_END = re.compile("\r\n|\ufffe")


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
        raise UnreadableDocument(str(path), describe_pdfium_error(exc, password)) from None
    try:
        pages, paths = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            lines = page_lines(textpage, text)
            textpage.close()
            drawn, hidden = count_objects(page.raw)
            paths.append(drawn)
            width, height = page.get_size()
            page.close()
            clean = text.replace("\r\n", "\n").replace("\r", "\n")
            pages.append(
                RawPage.model_construct(
                    number=index + 1,
                    text=clean,
                    heading_lines=(),
                    width=width,
                    height=height,
                    lines=lines,
                    hidden=hidden,
                )
            )
        return tuple(pages), ruled_pages(paths)
    finally:
        pdf.close()


def page_lines(textpage: Any, text: str) -> tuple[RawLine, ...]:
    """The visual lines of a page, each with its box (see the module docstring)."""
    import pypdfium2.raw as pdfium_c

    rect = pdfium_c.FS_RECTF()

    def box(index: int) -> tuple[float, float, float, float]:
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, rect)
        return rect.left, rect.bottom, rect.right, rect.top

    lines: list[RawLine] = []
    start = 0
    for end in [
        *(m.end() if m.group() == "\ufffe" else m.start() for m in LINE_END.finditer(text)),
        len(text),
    ]:
        lines += measured(text, start, end, box)
        start = end + 2 if text.startswith("\r\n", end) else end
    return tuple(lines)


def measured(text: str, start: int, end: int, box: Any) -> list[RawLine]:
    """The line text[start:end] with its box; cut where it runs on to another height."""
    chunk = text[start:end]
    body = chunk.strip()
    if not body:
        return []
    first = start + len(chunk) - len(chunk.lstrip())
    last = first + len(body) - 1
    left, bottom, _, top = box(first)
    _, low, right, high = box(last)
    if abs(high - top) > 0.5 * max(top - bottom, 1.0):  # a wrap pdfium did not mark
        cut = next(
            (i for i in range(first + 1, last + 1) if abs(box(i)[3] - top) > 0.5 * (top - bottom)), None
        )
        if cut is not None:
            return measured(text, start, cut, box) + measured(text, cut, end, box)
    return [
        RawLine.model_construct(text=chunk.rstrip(), start=start, x0=left, x1=right, top=top, bottom=bottom)
    ]


def count_objects(raw_page: object) -> tuple[int, bool]:
    """Top-level path objects (lines, boxes) of a page, and whether all its text is drawn
    invisibly (render mode 3: a scanner's OCR layer over the image). Through the raw API:
    the helper `get_objects` wraps every object in Python and cost 0.6 ms a page, half the
    text's time."""
    import pypdfium2.raw as pdfium_c

    paths = texts = invisible = 0
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        item = pdfium_c.FPDFPage_GetObject(raw_page, i)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts += 1
            invisible += (
                pdfium_c.FPDFTextObj_GetTextRenderMode(item) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
            )
    return paths, texts > 0 and invisible == texts


def describe_pdfium_error(exc: Exception, password: str | None) -> str:
    message = str(exc)
    if "password" in message.lower():
        return password_problem(password)
    return f"corrupt or truncated PDF ({message})"


def password_problem(password: str | None) -> str:
    """What to say when a PDF does not open: the advice differs once a password was given."""
    if password:
        return "the PDF is encrypted and the password is wrong; check --password"
    return "the PDF is encrypted; pass --password"
