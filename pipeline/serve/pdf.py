"""Page images, page frames and (where no box is stored) boxes found by searching the
page's text, from the PDF file itself.

Highlights come from the boxes ingest stores for each mention (`mentions.boxes`,
pipeline/layout/boxes.py). A PDF read by pdfplumber, or a page read by OCR, has none:
there `quote_boxes` finds the mention's text on the page with pypdfium2's text search.
PDFium is not thread-safe and Starlette runs handlers in a thread pool, so every call
into it holds `PDFIUM`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.read import hash_bytes
from pipeline.serve.views import Box

PDFIUM = threading.Lock()
DPI = 100
MAX_QUOTE = 200  # characters of a text to look for: longer quotes are cut to their head
HEAD = 40  # characters of a quoted sentence that are searched to find it on the page
TAIL = 24  # characters of its end, searched to know where it ends
Frame = tuple[float, float, float, float]  # crop box: left, bottom, width, height


def quote_boxes(
    pdf_path: Path, page_no: int, texts: Iterable[str], within: str | None = None
) -> tuple[Box, ...]:
    """Boxes (PDF points from the bottom left of the crop box) of every place on page
    `page_no` (1-based) where one of `texts` is written, case ignored; a text that runs
    over lines gives one box per line. With `within` (a quoted sentence), only the
    places inside that sentence, when it is found on the page."""
    wanted = tuple(dict.fromkeys(flat(t)[:MAX_QUOTE] for t in texts if t.strip()))
    if not wanted:
        return ()
    stat = pdf_path.stat()
    return cached_boxes(str(pdf_path), stat.st_mtime_ns, stat.st_size, page_no, wanted, flat(within or ""))


def flat(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=512)
def cached_boxes(
    path: str, mtime_ns: int, size: int, page_no: int, texts: tuple[str, ...], within: str
) -> tuple[Box, ...]:
    boxes: dict[tuple[float, ...], Box] = {}
    with PDFIUM:
        pdf = pdfium.PdfDocument(path)
        try:
            page = pdf[page_no - 1]
            left, bottom, _, _ = page.get_cropbox()
            textpage = page.get_textpage()
            span = sentence_span(textpage, within)
            for text in texts:
                for x0, y0, x1, y1 in find_rects(textpage, text, span):
                    key = tuple(round(v, 1) for v in (x0 - left, y0 - bottom, x1 - left, y1 - bottom))
                    boxes.setdefault(
                        key, Box(x0=key[0], y0=key[1], x1=key[2], y1=key[3], label=text, stored=False)
                    )
        finally:
            pdf.close()
    return tuple(boxes.values())


def sentence_span(textpage: pdfium.PdfTextPage, sentence: str) -> tuple[int, int] | None:
    """Character range of the page's text that holds `sentence`: from where its head is
    found to where its tail is found after it. Without the tail (the sentence goes on to
    the next page), the range gets the sentence's length plus a tenth as slack: the
    page's text has a line break ("\\r\\n") per line and hyphens the clean text dropped."""
    if not sentence:
        return None
    head = textpage.search(sentence[:HEAD], match_case=False).get_next()
    if head is None:
        return None
    tail = textpage.search(sentence[-TAIL:], index=head[0], match_case=False).get_next()
    limit = head[0] + len(sentence) + len(sentence) // 10 + 20
    if tail is not None and tail[0] + tail[1] <= limit:
        return head[0], tail[0] + tail[1]
    return head[0], limit


def find_rects(
    textpage: pdfium.PdfTextPage, text: str, span: tuple[int, int] | None = None
) -> list[tuple[float, float, float, float]]:
    """Rectangles of each occurrence of `text` (inside `span`, when given)."""
    rects = []
    searcher = textpage.search(text, index=span[0] if span else 0, match_case=False)
    while (found := searcher.get_next()) is not None:
        index, count = found
        if span and index + count > span[1]:
            break
        rects += [textpage.get_rect(i) for i in range(textpage.count_rects(index, count))]
    return rects


def page_frame(pdf_path: Path, page_no: int) -> Frame:
    """The page's crop box (what is rendered), in PDF points: stored boxes are in page
    space, so they are drawn at (x - left, y - bottom) of an image this wide and high."""
    stat = pdf_path.stat()
    return cached_frame(str(pdf_path), stat.st_mtime_ns, stat.st_size, page_no)


@lru_cache(maxsize=1024)
def cached_frame(path: str, mtime_ns: int, size: int, page_no: int) -> Frame:
    with PDFIUM:
        pdf = pdfium.PdfDocument(path)
        try:
            left, bottom, right, top = pdf[page_no - 1].get_cropbox()
        finally:
            pdf.close()
    return left, bottom, right - left, top - bottom


def page_png(pdf_path: Path, doc_id: str, page_no: int, cache: Path, dpi: int = DPI) -> Path:
    """The page as a PNG at `dpi`, rendered once and kept in `cache` (keyed by document,
    page and resolution: a document's bytes never change under its doc_id)."""
    target = cache / f"{doc_id}-p{page_no}-{dpi}dpi.png"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with PDFIUM:
        pdf = pdfium.PdfDocument(str(pdf_path))
        try:
            image = pdf[page_no - 1].render(scale=dpi / 72).to_pil()
        finally:
            pdf.close()
    # written beside the target and renamed: a concurrent request never reads half a file
    handle, temporary = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        # level 1: on the seed PDF as small as optimize=True and 4x faster to write (20 ms vs 90)
        image.save(out, format="PNG", compress_level=1)
    os.replace(temporary, target)
    return target


def locate_pdf(stored_path: str, db_path: Path, doc_id: str) -> Path | None:
    """The PDF a document was read from, if it is still there with the same bytes: the
    stored path as given (relative to where ingest ran), or relative to the database."""
    candidates = [Path(stored_path)]
    if not Path(stored_path).is_absolute():
        candidates.append(db_path.resolve().parent / stored_path)
    for candidate in candidates:
        if candidate.is_file():
            stat = candidate.stat()
            if file_digest(str(candidate.resolve()), stat.st_mtime_ns, stat.st_size) == doc_id:
                return candidate
    return None


@lru_cache(maxsize=256)
def file_digest(path: str, mtime_ns: int, size: int) -> str:
    """The file's doc_id, hashed again only when its mtime or size changes."""
    return hash_bytes(Path(path).read_bytes())
