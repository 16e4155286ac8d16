"""Stage 2 — layout: raw pages become one clean text with a map back to pages and lines.

What real documents do (the seed informe and the producer matrix show each): a running
header repeated between pages, "Página N de M" lines, paragraphs wrapped into lines,
words hyphenated at line ends (in PDFs marked by pdfium with U+FFFE), a sentence cut by
a page or column break, `**bold**` markers. Paragraphs end with a blank line in the
clean text; lines kept apart (headings, TOC entries) end with one newline.

    lines → pages (text dumps: split on the running header) → edges stripped
          → frames (columns) → paragraphs → joined across frames → CleanText
"""

from __future__ import annotations

from statistics import median

from models import CleanText, RawDocument
from pipeline.grammar.lines import ends_sentence, leader_line
from pipeline.layout.dumps import split_on_running_header
from pipeline.layout.edges import strip_edges
from pipeline.layout.lines import Line, ends_with_mark, normalise_line, page_lines
from pipeline.layout.paragraphs import (
    Frame,
    Paragraph,
    drawn_paragraphs,
    fits,
    frame,
    frames,
    join_pair,
    steps,
    text_block,
    text_paragraphs,
)

__all__ = ["clean", "normalise_line"]


def clean(raw: RawDocument) -> CleanText:
    pages = [page_lines(page) for page in raw.pages]
    drawn = any(line.box for page in pages for line in page)
    if len(pages) == 1 and not drawn:
        pages = split_on_running_header(pages[0])
    pages = strip_edges(pages, {page.number: page for page in raw.pages})
    headings = frozenset(toc_titles(pages) | {normalise_line(h) for p in raw.pages for h in p.heading_lines})
    every = [step for page in pages for step in steps(page)]
    pitch = median(every) if every else 0.0
    block = text_block([line for page in pages for line in page])
    centers = {page.number: (page.width or 0.0) / 2 for page in raw.pages}
    laid_out = [
        page_frames(page, headings, drawn, pitch, block, centers.get(page[0].page, 0.0) if page else 0.0)
        for page in pages
    ]
    return assemble(laid_out, headings)


def toc_titles(pages: list[list[Line]]) -> set[str]:
    """Titles named by dotted-leader TOC lines: in the body such a line is a heading
    and stands alone, however long."""
    return {
        normalise_line(match.group("title"))
        for page in pages
        for line in page
        if (match := leader_line(line.text))
    }


def page_frames(
    lines: list[Line],
    headings: frozenset[str],
    drawn: bool,
    pitch: float,
    block: tuple[float, float],
    center: float,
) -> list[tuple[Frame, list[Paragraph]]]:
    if not drawn:
        return [(frame(lines), text_paragraphs(lines, headings))]
    return [(f, drawn_paragraphs(f, headings)) for f in frames(lines, pitch, block, center)]


def join_lines(lines: Paragraph) -> tuple[str, list[tuple[int, Line]]]:
    """The paragraph's text, and where each of its lines starts in it."""
    text, starts = lines[0].text, [(0, lines[0])]
    for line in lines[1:]:
        text = join_pair(text, line.text)
        starts.append((len(text) - len(line.text), line))
    return text, starts


def continues(
    last: str, before: Line | None, after: Paragraph, previous: Frame | None, headings: frozenset[str]
) -> bool:
    """Whether the paragraph left open at the bottom of a page or column (`last`, ending
    in the line `before`) goes on at the top of the next (seed: "…del Estado de" /
    "Durango, mediante…")."""
    first = after[0]
    if not last or before is None:
        return False
    if ends_with_mark(before.text):
        return True
    if ends_sentence(last) or leader_line(last) or leader_line(first.text):
        return False
    if normalise_line(last) in headings or first.key in headings:
        return False
    if first.text[:1].islower():
        return True
    if before.box is not None and previous is not None:
        return not fits(before, first, previous.right)
    return len(last) > 80


def assemble(pages: list[list[tuple[Frame, list[Paragraph]]]], headings: frozenset[str]) -> CleanText:
    """Clean text, the offset where each page starts, and where each PDF line landed.
    Paragraphs are collected in a list (one string at the end), and the one left open at
    a page or column break is joined to the next."""
    done: list[str] = []  # finished paragraphs
    size = 0  # their length, with the blank lines between them
    last = ""  # the paragraph still open
    page_starts: list[int] = []
    sources: list[tuple[int, int, int]] = []
    before: Line | None = None
    previous: Frame | None = None
    for laid_out in pages:
        page_starts.append(size + len(last) + (2 if last else 0))
        opening = True  # the page's first paragraph: the page starts where it lands
        for current, paragraphs in laid_out:
            for n, paragraph in enumerate(paragraphs):
                joined, starts = join_lines(paragraph)
                if n == 0 and continues(last, before, paragraph, previous, headings):
                    last = join_pair(last.rstrip(), joined)
                else:
                    if last:
                        done.append(last)
                        size += len(last) + 2
                    last = joined
                offset = size + len(last) - len(joined)
                if opening:
                    page_starts[-1], opening = offset, False
                sources += [(offset + at, line.page, line.number) for at, line in starts if line.box]
                before = paragraph[-1]
            previous = current
    if last:
        done.append(last)
    return CleanText(text="\n\n".join(done), page_starts=tuple(page_starts), sources=tuple(sources))
