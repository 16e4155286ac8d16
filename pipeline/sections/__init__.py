"""Stage 3 — sections: the table of contents and the section tree (the title block is
in `pipeline.sections.title`).

Paragraphs of the clean text are separated by blank lines (pipeline.layout). A TOC is
a run of lines ending in a page number or dotted leaders; with a TOC, headings are
the body lines it names; without one, short unpunctuated lines that open a paragraph
block, and the structural words of acuerdos (ANTECEDENTES, CONSIDERANDOS, PUNTOS DE
ACUERDO, TRANSITORIOS…, also letter-spaced: "A N T E C E D E N T E S").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from models import CleanText, Section, TocEntry
from pipeline.grammar.dates import find_dates
from pipeline.grammar.ids import find_acuerdos
from pipeline.grammar.lines import toc_line
from pipeline.vocab import fold, forms, load, phrase_alternation

ENUMERATOR = re.compile(
    r"^(?:(?P<letter>[a-z])[.)]|(?P<sub>\d+\.\d+)\.?|(?P<arabic>\d{1,2})[.)]|(?P<roman>[IVX]{1,5})[.)])\s+"
)


@cache
def structure_words() -> frozenset[str]:
    return frozenset(row["words"] for row in load("structure_words"))


@cache
def title_words(role: str) -> list[str]:
    return [f for row in load("title_words") if row["role"] == role for f in forms(row, "forms")]


@cache
def process_pattern() -> re.Pattern[str]:
    """ "Proceso Electoral Local Ordinario 2021-2022": the name, its qualifiers, its years."""
    name, qualifier = phrase_alternation(title_words("process")), phrase_alternation(title_words("qualifier"))
    return re.compile(rf"(?:{name})(?:\s+(?:{qualifier}))*\s+\d{{4}}(?:\s*[-–]\s*\d{{4}})?", re.I)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


def paragraphs(clean: CleanText) -> list[Paragraph]:
    found = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", clean.text):
        found.append(Paragraph(match.start(), match.end(), match.group()))
    return found


def toc_entries(paras: list[Paragraph]) -> tuple[list[tuple[str, int]], set[int]]:
    """(title, page) of each TOC line and the indices of the paragraphs they occupy: a
    line shaped like an entry counts when a neighbour is one too."""
    entries, used = [], set()
    matches = [toc_line(para.text) for para in paras]  # once each: neighbours ask again
    for i, (para, match) in enumerate(zip(paras, matches, strict=True)):
        if match and len(match.group("title")) < 160 and not process_pattern().search(para.text):
            if any(0 <= j < len(paras) and matches[j] for j in (i - 1, i + 1)):
                entries.append((match.group("title").strip(), int(match.group("page"))))
                used.add(i)
    return entries, used


def is_structure_word(text: str) -> bool:
    return fold(text).rstrip(":. ") in structure_words()


def looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and len(text) <= 120
        and not text.rstrip().endswith((".", ",", ";", ":"))
        and (text[:1].isupper() or bool(ENUMERATOR.match(text)))
        and not find_dates(text, 2000)
        and not find_acuerdos(text)
    )


def level_of(text: str) -> int:
    match = ENUMERATOR.match(text)
    if match and (match.group("letter") or match.group("sub")):
        return 2
    return 1


@dataclass(frozen=True)
class Outline:
    """What the sections stage finds: the section tree, where the body starts (after the
    title block and the table of contents), and the table of contents itself."""

    sections: list[Section]
    body_start: int
    toc: list[TocEntry]
    toc_span: tuple[int, int] | None  # where the table of contents sits in the clean text


def find_sections(doc_id: str, clean: CleanText, heading_hints: tuple[str, ...] = ()) -> Outline:
    """Sections in document order, the body's start and the table of contents."""
    paras = paragraphs(clean)
    entries, toc_used = toc_entries(paras)
    toc_titles = {fold(title) for title, _ in entries}
    hints = {fold(h) for h in heading_hints}
    body_start = paras[max(toc_used)].end if toc_used else 0
    headings: list[tuple[Paragraph, bool]] = []
    for i, para in enumerate(paras):
        if i in toc_used or para.start < body_start:
            continue
        key = fold(para.text)
        in_toc = key in toc_titles
        if (
            in_toc
            or is_structure_word(para.text)
            or (
                not entries
                and looks_like_heading(para.text)
                and (key in hints or not hints)
                and followed_by_text(paras, i)
            )
        ):
            headings.append((para, in_toc))
    if not entries and headings:
        body_start = min(body_start, headings[0][0].start)
    toc = [TocEntry(doc_id=doc_id, entry_no=n, title=t, page=p) for n, (t, p) in enumerate(entries, start=1)]
    span = (paras[min(toc_used)].start, paras[max(toc_used)].end) if toc_used else None
    return Outline(build_tree(doc_id, clean, headings), body_start, toc, span)


def followed_by_text(paras: list[Paragraph], i: int) -> bool:
    return i + 1 < len(paras) and len(paras[i + 1].text) > len(paras[i].text)


def build_tree(doc_id: str, clean: CleanText, headings: list[tuple[Paragraph, bool]]) -> list[Section]:
    sections: list[Section] = []
    stack: list[Section] = []
    levels = [level_of(p.text) for p, _ in headings]
    for number, ((para, in_toc), level) in enumerate(zip(headings, levels, strict=True), start=1):
        end = next(
            (h.start for (h, _), lv in zip(headings[number:], levels[number:], strict=True) if lv <= level),
            len(clean.text),
        )
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(
            doc_id=doc_id,
            section_no=number,
            parent_no=stack[-1].section_no if stack else None,
            level=len(stack) + 1 if level > 1 and stack else 1,
            heading=para.text,
            page_start=clean.page_at(para.start),
            page_end=clean.page_at(max(para.start, end - 1)),
            char_start=para.start,
            char_end=end,
            in_toc=in_toc,
        )
        sections.append(section)
        stack.append(section)
    return sections


def section_at(sections: list[Section], offset: int) -> int | None:
    """The innermost section holding `offset` (the last heading before it)."""
    current = None
    for section in sections:
        if section.char_start <= offset:
            current = section.section_no
        else:
            break
    return current
