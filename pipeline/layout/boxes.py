"""Where each mention is drawn: its boxes on the page, in PDF points, so the web
interface can highlight a quote on the page image.

`CleanText.sources` maps a clean-text offset back to the PDF line it came from (page,
line index, offset in the line), and a line's `start` is the index of its first
character in pdfium's character array. A mention's part on each line it runs over is
boxed from pypdfium2's (loose) character boxes of its first and last characters there:
two calls a line, on a text page opened again for the pages that hold mentions (the
reader's were closed; docs/performance.md has the cost).

On a page read by OCR the line is Tesseract's, its words joined by single spaces, and
the page keeps each word's box: the part is boxed from the words it runs over. Where
neither is known (the words do not pair up with the lines), the part is estimated inside
the line's own box, in proportion to its characters. Text files have no lines with
boxes, so their mentions get none (null).
Coordinates are pdfium's page space: points from the bottom left, y upwards.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from models import CleanText, Mention, PageSource, RawDocument, RawLine
from pipeline.layout.lines import MARKUP, tidy

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class CharBoxes(Protocol):
    """Boxes of a page's characters by their index in the reader's character array."""

    def box(self, page: int, line: RawLine, first: int, last: int) -> Box | None:
        """The box from character `first` to `last` (inclusive, indices into
        `line.text`) of `line`, or None when these are not the reader's characters."""


def place(
    mentions: Sequence[Mention], text: CleanText, raw: RawDocument, chars: CharBoxes | None
) -> tuple[Mention, ...]:
    """The mentions with their boxes on their page (unchanged where none is known)."""
    if not text.sources:
        return tuple(mentions)
    lines = {page.number: page.lines for page in raw.pages}
    words = OcrWordBoxes(raw)  # an OCRed page's lines are not pdfium's characters
    placed = []
    for mention in mentions:
        boxes = [
            box
            for page, line, first, last in parts(text, lines, mention.char_start, mention.char_end)
            if page == mention.page
            if (
                box := (
                    words.box(page, line, first, last)
                    if page in words.pages
                    else chars.box(page, line, first, last)
                    if chars
                    else None
                )
                or estimate(line, first, last)
            )
        ]
        placed.append(mention.model_copy(update=box_fields(boxes)) if boxes else mention)
    return tuple(placed)


def box_fields(boxes: list[Box]) -> dict[str, Any]:
    rounded = tuple(tuple(round(v, 1) for v in box) for box in boxes)
    return {
        "x0": min(b[0] for b in rounded),
        "y0": min(b[1] for b in rounded),
        "x1": max(b[2] for b in rounded),
        "y1": max(b[3] for b in rounded),
        "boxes": rounded,
    }


def parts(
    text: CleanText, lines: dict[int, tuple[RawLine, ...]], start: int, end: int
) -> Iterator[tuple[int, RawLine, int, int]]:
    """(page, line, first, last) for each line the clean span [start, end) runs over:
    `first` and `last` index the line's own text."""
    sources = text.sources
    at = max(bisect_right(sources, (start, 1 << 30, 1 << 30)) - 1, 0)
    while at < len(sources) and sources[at][0] < end:
        offset, page, number = sources[at]
        line = lines[page][number]
        positions = visible(line.text)
        begin, stop = max(start - offset, 0), min(end - offset, len(positions))
        if begin < stop:
            yield page, line, positions[begin], positions[stop - 1]
        at += 1


@cache
def visible(raw: str) -> tuple[int, ...]:
    """For each character of the line as layout keeps it (`lines.tidy`: markup dropped,
    white space collapsed, spaced capitals closed up), its index in the raw line. Only
    spaces are added or dropped, so non-space characters pair up in order; a kept space
    points at the raw character after the previous one."""
    hidden = {i for m in MARKUP.finditer(raw) for i in range(m.start(), m.end())}
    shown = [i for i, c in enumerate(raw) if not c.isspace() and i not in hidden]
    positions: list[int] = []
    kept = iter(shown)
    for char in tidy(raw):
        positions.append(positions[-1] + 1 if char == " " and positions else next(kept, len(raw) - 1))
    return tuple(positions)


def estimate(line: RawLine, first: int, last: int) -> Box | None:
    """The part's box inside the line's, in proportion to its characters."""
    size = len(line.text.rstrip())
    if size == 0 or line.x1 <= line.x0:
        return None
    width = (line.x1 - line.x0) / size
    return line.x0 + first * width, line.bottom, line.x0 + (last + 1) * width, line.top


class OcrWordBoxes:
    """Boxes from the OCR words of the pages Tesseract read: a line's text is its words
    joined by single spaces, and the page's words run in the order of its lines."""

    def __init__(self, raw: RawDocument) -> None:
        self.pages = {page.number for page in raw.pages if page.source == PageSource.ocr}
        self.lines: dict[int, list[Box]] = {}  # id(line) → its words' boxes
        for page in raw.pages:
            if page.number not in self.pages:
                continue
            counts = [len(line.text.split(" ")) for line in page.lines]
            if sum(counts) != len(page.words):
                continue  # words and lines disagree: estimate inside the lines instead
            at = 0
            for line, count in zip(page.lines, counts, strict=True):
                self.lines[id(line)] = [
                    (x0, bottom, x1, top) for _, _, x0, x1, top, bottom in page.words[at : at + count]
                ]
                at += count

    def box(self, page: int, line: RawLine, first: int, last: int) -> Box | None:
        boxes = self.lines.get(id(line))
        if not boxes:
            return None
        over = boxes[line.text.count(" ", 0, first) : line.text.count(" ", 0, last) + 1]
        return (
            min(b[0] for b in over),
            min(b[1] for b in over),
            max(b[2] for b in over),
            max(b[3] for b in over),
        )


class PdfiumChars:
    """Character boxes from pypdfium2's text pages, each page loaded once."""

    def __init__(self, pdf: Any) -> None:
        import pypdfium2.raw as pdfium_c

        self.pdf = pdf
        self.raw = pdfium_c
        self.rect = pdfium_c.FS_RECTF()
        self.pages: dict[int, Any] = {}

    def textpage(self, page: int) -> Any:
        if page not in self.pages:
            self.pages[page] = self.pdf[page - 1].get_textpage()
        return self.pages[page]

    def char_box(self, textpage: Any, index: int, char: str) -> Box | None:
        if chr(self.raw.FPDFText_GetUnicode(textpage.raw, index)) != char:
            return None
        if not self.raw.FPDFText_GetLooseCharBox(textpage.raw, index, self.rect):
            return None
        return self.rect.left, self.rect.bottom, self.rect.right, self.rect.top

    def box(self, page: int, line: RawLine, first: int, last: int) -> Box | None:
        textpage = self.textpage(page)
        left = self.char_box(textpage, line.start + first, line.text[first])
        right = self.char_box(textpage, line.start + last, line.text[last])
        if left is None or right is None:
            return None
        return (
            min(left[0], right[0]),
            min(left[1], right[1]),
            max(left[2], right[2]),
            max(left[3], right[3]),
        )

    def close(self) -> None:
        for textpage in self.pages.values():
            textpage.close()
        self.pdf.close()


@contextmanager
def pdf_chars(path: Path, raw: RawDocument, password: str | None = None) -> Iterator[CharBoxes | None]:
    """Character boxes of the PDF at `path` (read again: the reader closed its pages),
    or None for a text file or a PDF whose lines carry no boxes."""
    if raw.encoding != "pdf" or not any(page.lines for page in raw.pages):
        yield None
        return
    import pypdfium2 as pdfium

    try:
        chars = PdfiumChars(pdfium.PdfDocument(path.read_bytes(), password=password))
    except (OSError, pdfium.PdfiumError):
        yield None  # gone or changed since it was read: the estimate inside line boxes remains
        return
    try:
        yield chars
    finally:
        chars.close()
