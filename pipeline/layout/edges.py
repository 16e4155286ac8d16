"""Running headers, footers and page numbers: found by repetition across pages and, in
PDFs, by position — a header sits in a page's top or bottom band at the same height on
every page, so a body line that happens to read like one ("2021." closing a paragraph,
the document's own ID in its title) stays."""

from __future__ import annotations

from collections import Counter
from statistics import median

from models import RawPage
from pipeline.layout.lines import PAGE_NUMBER, Line

MAX_BOILERPLATE_LEN = 100
EDGE_LINES = 4  # text files: lines counted as a page's top or bottom edge
BAND = 0.12  # PDFs: the share of the page height at the top and at the bottom where headers sit
SAME_HEIGHT = 6.0  # points: how far the same header may move from page to page


def strip_edges(pages: list[list[Line]], raw: dict[int, RawPage]) -> list[list[Line]]:
    if any(line.box for page in pages for line in page):
        return strip_drawn_edges(pages, raw)
    return strip_text_edges(pages)


def boilerplate_key(line: Line) -> str | None:
    """The key a header or footer repeats under, or None when the line cannot be one:
    too long, or no letters and not a page number (a year alone, "2021.", is content)."""
    key = line.key
    if not key or len(key) > MAX_BOILERPLATE_LEN:
        return None
    if not any(c.isalpha() for c in key) and not PAGE_NUMBER.match(line.text):
        return None
    return key


def threshold(pages: list[list[Line]]) -> int:
    return max(2, (len(pages) + 1) // 2)


def strip_text_edges(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page-number lines, and the lines at the top or bottom edge of a page that
    also open or close at least half of the other pages. Only lines touching the edge
    go: a cover that repeats the header's institute name in its middle keeps it (IEEM
    informe, corpus/docs/A-ieem-informe-2021-05.txt)."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        keys = [line.key for line in page if line.text]
        tops.update(set(keys[:EDGE_LINES]))
        bottoms.update(set(keys[-EDGE_LINES:]))
    enough = threshold(pages)

    def boilerplate(line: Line, seen: Counter[str]) -> bool:
        key = boilerplate_key(line)
        return bool(PAGE_NUMBER.match(line.text)) or (
            len(pages) > 1 and key is not None and seen[key] >= enough
        )

    stripped = []
    for page in pages:
        first, last = 0, len(page)
        while first < last and (not page[first].text or boilerplate(page[first], tops)):
            first += 1
        while last > first and (not page[last - 1].text or boilerplate(page[last - 1], bottoms)):
            last -= 1
        stripped.append(page[first:last])
    return stripped


def band_of(line: Line, page: RawPage) -> str | None:
    """'top' or 'bottom' when the line sits in that band of its page."""
    if line.box is None or not page.height:
        return None
    if line.box.top > page.height * (1 - BAND):
        return "top"
    if line.box.bottom < page.height * BAND:
        return "bottom"
    return None


def strip_drawn_edges(pages: list[list[Line]], raw: dict[int, RawPage]) -> list[list[Line]]:
    """PDF pages: a line in the top or bottom band goes when the same line (digits
    aside) stands in that band at the same height on at least half the pages, or when
    it is a page number ("Página 2 de 5", "- 3 -") in the band."""
    heights: dict[tuple[str, str], list[float]] = {}
    for page in pages:
        seen = set()
        for line in page:
            band = band_of(line, raw[line.page])
            key = boilerplate_key(line)
            if band and key and (band, key) not in seen and line.box:
                seen.add((band, key))
                heights.setdefault((band, key), []).append(line.box.top)
    enough = threshold(pages)
    usual = {k: median(v) for k, v in heights.items() if len(v) >= enough}

    def boilerplate(line: Line) -> bool:
        band = band_of(line, raw[line.page])
        if not band or line.box is None:
            return False
        at = usual.get((band, boilerplate_key(line) or ""))
        return bool(PAGE_NUMBER.match(line.text)) or (
            at is not None and abs(line.box.top - at) <= SAME_HEIGHT
        )

    return [[line for line in page if line.text and not boilerplate(line)] for page in pages]
