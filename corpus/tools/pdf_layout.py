"""The look of the generated reports, for `make_pdf.py`: page geometry, paragraph styles,
running header and footer, cover decoration, tables, and the two values that are only
known after layout (the page total for `{pages}` and the table of contents).

The style imitates a Mexican state electoral institute's informe: letter size,
justified Helvetica 11 pt with generous leading, a logo band with grey header lines
and a thin magenta rule, "Página N de M" at the bottom right, a cover with centred
title lines. Only the built-in Helvetica fonts are used (see `make_pdf.py` for why).
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config

rl_config.invariant = 1  # fixed /CreationDate and /ID, no per-run comments in the file

# The imports below must follow the invariant switch.
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT  # noqa: E402
from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

PAGE_W, PAGE_H = letter
MARGIN_L, MARGIN_R = 3.0 * cm, 2.5 * cm
# Tall header/footer zones, like an institute's Word template with its logo band; with
# them the seed informe breaks pages where the real report does (TOC pages 3 3 4 4 5).
MARGIN_TOP, MARGIN_BOTTOM = 5.8 * cm, 4.4 * cm
INK, GREY = colors.HexColor("#1a1a1a"), colors.HexColor("#6b6b6b")
ACCENT = colors.HexColor("#7a1f5c")  # institutional magenta: emblem, bands, header rule

BODY = ParagraphStyle(
    "body", fontName="Helvetica", fontSize=11, leading=21, alignment=TA_JUSTIFY, spaceAfter=13, textColor=INK
)
H1 = ParagraphStyle(
    "h1",
    parent=BODY,
    fontName="Helvetica-Bold",
    fontSize=13.5,
    leading=18,
    alignment=TA_LEFT,
    spaceBefore=28,
    spaceAfter=10,
    keepWithNext=1,
)
H2 = ParagraphStyle(
    "h2", parent=H1, fontSize=11.5, leading=16, spaceBefore=6, spaceAfter=8, leftIndent=0.6 * cm
)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0, alignment=TA_LEFT)
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName="Helvetica-Bold")
COVER_TITLE = ParagraphStyle(
    "covertitle",
    parent=BODY,
    fontName="Helvetica-Bold",
    fontSize=20,
    leading=26,
    alignment=TA_CENTER,
    spaceAfter=0,
)
COVER_LINE = ParagraphStyle("coverline", parent=COVER_TITLE, fontName="Helvetica", fontSize=14, leading=20)
TOC_FONT, TOC_SIZE, TOC_LEAD, TOC_GAP = "Helvetica", 11, 15, 8
TOC_INDENT, TOC_NUMBER_W = 0.8 * cm, 1.2 * cm


def markup(text: str) -> str:
    """Escape XML specials for reportlab's mini-HTML, then turn **x** into <b>x</b>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


class Indexer(Flowable):
    """A zero-size flowable holding a value known only after layout. Each multiBuild pass
    draws `shown` (what the previous pass found) while collecting `fresh`; multiBuild
    stops once a pass found what it showed. `Indexer(0)` is the page total."""

    def __init__(self, empty: int | list) -> None:
        super().__init__()
        self.empty, self.ok = empty, False
        self.shown: Any = empty
        self.fresh: Any = empty

    def isIndexing(self) -> int:
        return 1

    def beforeBuild(self) -> None:
        self.fresh = type(self.empty)()

    def afterBuild(self) -> None:
        self.ok, self.shown = self.fresh == self.shown, self.fresh

    def isSatisfied(self) -> bool:
        return self.ok

    def notify(self, kind: str, stuff: object) -> None:
        if kind == "TOCEntry" and isinstance(self.fresh, list):
            self.fresh.append(stuff)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Toc(Indexer):
    """Table of contents, drawn by hand rather than with reportlab's TableOfContents,
    which draws the leader before the title: extraction then reads '. . . 4' before a
    wrapped title. Here each entry reads 'Title ........ 4', in order, as Word's do."""

    def __init__(self, entries: list | None = None) -> None:
        super().__init__([])
        self.shown = entries if entries is not None else []

    def _rows(self, aw: float):
        for level, text, page, key in self.shown:
            indent = level * TOC_INDENT
            lines = simpleSplit(text, TOC_FONT, TOC_SIZE, aw - indent - TOC_NUMBER_W)
            yield indent, lines, page, key, len(lines) * TOC_LEAD + TOC_GAP

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.aw, self.height = aw, sum(row[-1] for row in self._rows(aw))
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        # A long TOC (benchmark documents) continues on the next page.
        heights = [row[-1] for row in self._rows(aw)]
        k = next((i for i in range(len(heights)) if sum(heights[: i + 1]) > ah), len(heights))
        return [] if k == 0 else [Toc(self.shown[:k]), Toc(self.shown[k:])]

    def draw(self) -> None:
        canv, y = self.canv, self.height
        for indent, lines, page, key, height in self._rows(self.aw):
            canv.setFont(TOC_FONT, TOC_SIZE)
            canv.setFillColor(INK)
            for line in lines:
                y -= TOC_LEAD
                canv.drawString(indent, y + 4, line)
            start = indent + stringWidth(lines[-1], TOC_FONT, TOC_SIZE) + 6
            leader = canv.beginText(start, y + 4)
            leader.setFont(TOC_FONT, TOC_SIZE)
            leader.setCharSpace(1.55)  # dot 3.06 pt + 1.55 pt: an even dotted leader
            leader.textOut("." * max(int((self.aw - 0.6 * cm - start) / 4.61), 0))
            leader.setCharSpace(0)  # Tc outlives the text object: reset it for later text
            canv.drawText(leader)
            canv.drawRightString(self.aw, y + 4, str(page))
            canv.linkRect("", key, (indent, y, self.aw, y + height - TOC_GAP), relative=1, thickness=0)
            y -= TOC_GAP


class ReportDoc(BaseDocTemplate):
    """Cover and body page templates; headings feed the TOC; pages feed `{pages}`.

    Headings are flowables carrying `toc_level`, `toc_text` and `toc_key` attributes.
    """

    def __init__(
        self, buf: io.BytesIO, headers: list[str], footers: list[str], has_cover: bool, total: Indexer, **kw
    ) -> None:
        super().__init__(
            buf,
            pagesize=letter,
            leftMargin=MARGIN_L,
            rightMargin=MARGIN_R,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1,
            **kw,
        )
        self.headers, self.footers, self.total = headers, footers, total
        body = Frame(
            MARGIN_L,
            MARGIN_BOTTOM,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = Frame(MARGIN_L, 2.5 * cm, self.width, PAGE_H - 5 * cm, id="cover")
        templates = [
            PageTemplate("cover", [cover], onPage=_draw_cover_decor),
            PageTemplate("body", [body], onPage=self._header, onPageEnd=self._footer),
        ]
        # The first template is the one the document starts with.
        self.addPageTemplates(templates if has_cover else templates[::-1])

    def afterPage(self) -> None:
        self.total.fresh = self.page

    def afterFlowable(self, flowable: Flowable) -> None:
        if hasattr(flowable, "toc_key"):
            self.canv.bookmarkPage(flowable.toc_key)  # target of the TOC entry's link
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page, flowable.toc_key))

    def _header(self, canv, doc) -> None:
        # Header drawn when the page starts and footer when it ends: text extraction then
        # reads header, body, footer in that order, as from the real reports.
        canv.saveState()
        top, logo = PAGE_H - 1.6 * cm, 1.9 * cm
        draw_emblem(canv, MARGIN_L, top - logo, logo)
        canv.setFont("Helvetica", 9)
        canv.setFillColor(GREY)
        for i, line in enumerate(self.headers):
            canv.drawRightString(PAGE_W - MARGIN_R, top - 10 - i * 12, line)
        rule = min(top - logo - 0.5 * cm, top - 10 - len(self.headers) * 12)
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(0.7)
        canv.line(MARGIN_L, rule, PAGE_W - MARGIN_R, rule)
        canv.restoreState()

    def _footer(self, canv, doc) -> None:
        canv.saveState()
        canv.setStrokeColor(colors.HexColor("#b0b0b0"))
        canv.setLineWidth(0.4)
        canv.line(MARGIN_L, 3.1 * cm, PAGE_W - MARGIN_R, 3.1 * cm)
        canv.setFont("Helvetica", 9)
        canv.setFillColor(GREY)
        for i, line in enumerate(self.footers):
            text = line.replace("{page}", str(self.page)).replace("{pages}", str(self.total.shown))
            canv.drawRightString(PAGE_W - MARGIN_R, 2.5 * cm - i * 12, text)
        canv.restoreState()


def draw_emblem(canv, x: float, y: float, size: float) -> None:
    """A vector ballot-box emblem: reads as a logo but adds no extractable text."""
    canv.setFillColor(ACCENT)
    canv.roundRect(x, y, size, size, size * 0.18, stroke=0, fill=1)
    for fill, (dx, dy, w, h) in (
        (colors.white, (0.2, 0.16, 0.6, 0.36)),
        (ACCENT, (0.28, 0.46, 0.44, 0.05)),
        (colors.white, (0.36, 0.5, 0.28, 0.34)),
    ):
        canv.setFillColor(fill)
        canv.rect(x + size * dx, y + size * dy, size * w, size * h, stroke=0, fill=1)


def _draw_cover_decor(canv, doc) -> None:
    canv.saveState()
    canv.setFillColor(ACCENT)
    canv.rect(0, PAGE_H - 1.1 * cm, PAGE_W, 1.1 * cm, stroke=0, fill=1)
    canv.rect(0, 0, PAGE_W, 0.5 * cm, stroke=0, fill=1)
    draw_emblem(canv, (PAGE_W - 2.6 * cm) / 2, PAGE_H - 5.2 * cm, 2.6 * cm)
    canv.restoreState()


def cover(lines: list[str]) -> list[Flowable]:
    """Centred cover lines; the first blank-separated group is the title (large, bold);
    each blank line adds vertical space."""
    story: list[Flowable] = [Spacer(1, 4.2 * cm)]
    for line in lines:
        is_title = not any(isinstance(f, Spacer) for f in story[1:])
        story.append(
            Paragraph(markup(line), COVER_TITLE if is_title else COVER_LINE) if line else Spacer(1, 0.9 * cm)
        )
    return story


def table(rows: list[list[str]], width: float) -> Table:
    """Grid table, bold shaded header row (repeated on each page), wrapping cells."""
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    data = [[Paragraph(markup(c), CELL_HEAD if i == 0 else CELL) for c in r] for i, r in enumerate(rows)]
    grid = Table(data, colWidths=_column_widths(rows, width), repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return grid


def _column_widths(rows: list[list[str]], width: float) -> list[float]:
    """Every column gets at least its longest word, so an ID like IEPC/CG122/2021 is never
    broken inside; the rest of the width goes to the columns with the most text."""

    def w(text: str) -> float:  # bold metrics: the widest a cell's text can be
        return stringWidth(text.replace("**", ""), "Helvetica-Bold", CELL.fontSize) + 13

    cols = list(zip(*rows, strict=True))
    least = [max(w(word) for cell in col for word in cell.split() or [""]) for col in cols]
    most = [max(w(cell) for cell in col) for col in cols]
    if sum(least) >= width:  # cannot fit whole words: shrink proportionally
        return [width * x / sum(least) for x in least]
    if sum(most) <= width:  # everything fits on one line: spread the slack evenly
        return [x + (width - sum(most)) / len(most) for x in most]
    slack = [m - x for m, x in zip(most, least, strict=True)]
    return [x + (width - sum(least)) * d / sum(slack) for x, d in zip(least, slack, strict=True)]
