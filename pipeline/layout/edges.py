"""Running headers, footers and page numbers: found by repetition across pages and, in
PDFs, by position — a header sits in a page's top or bottom band at the same height on
every page, so a body line that happens to read like one ("2021." closing a paragraph,
the document's own ID in its title) stays."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

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
    # every height each band line stands at, page by page: a title on page 1 may repeat
    # the running header's words a little lower (Chromium draws its header last)
    heights: dict[tuple[str, str], list[list[float]]] = {}
    for page in pages:
        here: dict[tuple[str, str], list[float]] = {}
        for line in page:
            band = band_of(line, raw[line.page])
            key = boilerplate_key(line)
            if band and key and line.box:
                here.setdefault((band, key), []).append(line.box.top)
        for k, tops in here.items():
            heights.setdefault(k, []).append(tops)
    enough = threshold(pages)
    usual = {k: at for k, per_page in heights.items() if (at := common_height(per_page, enough)) is not None}

    def boilerplate(line: Line) -> bool:
        band = band_of(line, raw[line.page])
        if not band or line.box is None:
            return False
        at = usual.get((band, boilerplate_key(line) or ""))
        return bool(PAGE_NUMBER.match(line.text)) or (
            at is not None and abs(line.box.top - at) <= SAME_HEIGHT
        )

    return [
        shares_no_row(
            [line for line in page if line.text], boilerplate, lambda line: band_of(line, raw[line.page])
        )
        for page in pages
    ]


ROW = 2.0  # points: lines whose tops are this close stand on one row


def shares_no_row(
    page: list[Line], boilerplate: Callable[[Line], bool], band: Callable[[Line], str | None]
) -> list[Line]:
    """The page without its boilerplate. A header stands on a row of its own, above all
    body text (a footer below it): a line that shares its row with body text, or has
    body text beyond it, is the top of a column (a two-column Diario Oficial page opening
    each acuerdo with the same seal lines), not a header."""
    kept = [line.box.top for line in page if line.box and not boilerplate(line)]
    candidates = [line for line in page if boilerplate(line)]
    gone: set[int] = set()
    for side, outward in (("top", -1.0), ("bottom", 1.0)):  # from the page's edge inwards
        ordered = sorted((c for c in candidates if band(c) == side), key=lambda c: outward * box_top(c))
        for line in ordered:
            top = box_top(line)
            inner = any(abs(t - top) <= ROW or (t - top) * -outward > ROW for t in kept)
            if line.box is None or PAGE_NUMBER.match(line.text) or not inner:
                gone.add(id(line))
            else:
                kept.append(top)
    return [line for line in page if id(line) not in gone]


def box_top(line: Line) -> float:
    return line.box.top if line.box else 0.0


def common_height(per_page: list[list[float]], enough: int) -> float | None:
    """A height at which the line stands on at least `enough` pages, if there is one."""
    for top in sorted({t for tops in per_page for t in tops}):
        pages = sum(any(abs(t - top) <= SAME_HEIGHT for t in tops) for tops in per_page)
        if pages >= enough:
            return top
    return None
