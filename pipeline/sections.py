"""Stage 3 — sections: the title block, the table of contents and the section tree.

Paragraphs of the clean text are separated by blank lines (pipeline.layout). A TOC is
a run of lines ending in a page number or dotted leaders; with a TOC, headings are
the body lines it names; without one, short unpunctuated lines that open a paragraph
block, and the structural words of acuerdos (ANTECEDENTES, CONSIDERANDOS, PUNTOS DE
ACUERDO, TRANSITORIOS…, also letter-spaced: "A N T E C E D E N T E S").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from models import CleanText, DocKind, Section, TitleBlock
from pipeline.dates import DateMatch, find_dates, month_table
from pipeline.grammar import find_bodies, find_issuer
from pipeline.ids import AcuerdoMatch, find_acuerdos
from pipeline.vocab import fold

TOC_LINE = re.compile(
    r"^(?P<title>.*?[A-Za-zÁÉÍÓÚáéíóúÑñ].*?)(?:\s*(?:\.\s?){3,}\s*|\s*…+\s*|\s+)(?P<page>\d{1,3})$"
)
STRUCTURE_WORDS = (
    "glosario",
    "antecedentes",
    "considerandos",
    "considerando",
    "resultandos",
    "resultando",
    "justificacion",
    "fundamentacion",
    "puntos de acuerdo",
    "acuerdo",
    "acuerdos",
    "transitorios",
    "transitorio",
    "presentacion",
    "introduccion",
    "conclusiones",
    "anexos",
    "indice",
    "contenido",
)
ENUMERATOR = re.compile(
    r"^(?:(?P<letter>[a-z])[.)]|(?P<sub>\d+\.\d+)\.?|(?P<arabic>\d{1,2})[.)]|(?P<roman>[IVX]{1,5})[.)])\s+"
)
PROCESS = re.compile(
    r"Proceso\s+Electoral(?:\s+(?:Local|Federal|Concurrente|Ordinario|Extraordinario))*\s+\d{4}(?:\s*[-–]\s*\d{4})?",
    re.I,
)
PERIOD = re.compile(r"\bmes\s+de\s+(?P<month>[a-záéíóú]+)(?:\s+de(?:l)?\s+(?P<year>\d{4}))?", re.I)


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


def unspace(text: str) -> str:
    """ "A N T E C E D E N T E S" → "ANTECEDENTES" (letter-spaced headings)."""
    if re.fullmatch(r"(?:[A-ZÁÉÍÓÚÑ] )+[A-ZÁÉÍÓÚÑ]:?", text.strip()):
        return text.replace(" ", "")
    return text


def toc_match(text: str) -> re.Match[str] | None:
    # A TOC line ends in its page number; checking that first skips TOC_LINE's
    # quadratic backtracking on long body paragraphs (63 % of process() time, bench/ingest.py).
    return TOC_LINE.match(text) if text[-1:].isdigit() else None


def toc_entries(paras: list[Paragraph]) -> tuple[list[tuple[str, int]], set[int]]:
    """(title, page) of each TOC line and the indices of the paragraphs they occupy."""
    entries, used = [], set()
    matches = [toc_match(para.text) for para in paras]  # once each: neighbours ask again
    for i, (para, match) in enumerate(zip(paras, matches, strict=True)):
        if match and len(match.group("title")) < 160 and not PROCESS.search(para.text):
            if any(0 <= j < len(paras) and matches[j] for j in (i - 1, i + 1)):
                entries.append((match.group("title").strip(), int(match.group("page"))))
                used.add(i)
    return entries, used


def toc_range(clean: CleanText) -> tuple[int, int] | None:
    """Where the table of contents sits in the clean text, if there is one."""
    paras = paragraphs(clean)
    _, used = toc_entries(paras)
    return (paras[min(used)].start, paras[max(used)].end) if used else None


def is_structure_word(text: str) -> bool:
    return fold(unspace(text)).rstrip(":. ") in STRUCTURE_WORDS


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


def find_sections(
    doc_id: str, clean: CleanText, heading_hints: tuple[str, ...] = ()
) -> tuple[list[Section], int]:
    """Sections in document order, and the offset where the body starts (after the
    title block and TOC)."""
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
    return build_tree(doc_id, clean, headings), body_start


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
            heading=unspace(para.text),
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


def title_block(clean: CleanText, body_start: int) -> TitleBlock:
    """Title, issuer, process, date and period from the text before the body."""
    front = clean.text[: max(body_start, 600)][:4000]
    blocks = paragraphs(CleanText(text=front, page_starts=(0,)))
    paras = [p.text for p in blocks]
    title = find_title(paras)
    own = own_acuerdo(front[:1500], title)
    kind = DocKind.otro
    if title and re.match(r"\s*informe", title, re.I):
        kind = DocKind.informe
    elif own or (title and re.match(r"\s*acuerdo\b", title, re.I)):
        kind = DocKind.acuerdo
    issued = issue_date(front, blocks)
    process = PROCESS.search(clean.text)
    issuer = find_issuer(front) or (own.issuer if own else None) or find_issuer(clean.text)
    start, end = report_period(title or "", issued)
    return TitleBlock(
        title=title,
        issuer=issuer,
        process=process.group() if process else None,
        issued_on=issued,
        period_start=start,
        period_end=end,
        kind=kind,
        acuerdo_id=own.value if own else None,
    )


TITLE_START = re.compile(
    r"(?:^|(?<=\s))(?:informe|acuerdo|resoluci[óo]n|dictamen|acta|minuta)\s+(?:del?|sobre|mensual|n[º°o]?\.?|por)\b"
    r"|^(?:informe|acuerdo)\b",
    re.I,
)


OPEN_END = re.compile(r"\b(?:de|del|la|las|el|los|y|e|en|sobre|para|por|a|al)$", re.I)


def name_continues(line: str, following: str) -> bool:
    """A body's name broken across cover lines ("…de la Comisión" / "Temporal del…")."""
    tail = line[-60:]
    joined = f"{tail} {following[:100]}"
    return any(b.start < len(tail) < b.end for b in find_bodies(joined))


def find_title(paras: list[str]) -> str | None:
    """The first paragraph that opens like a title ("Informe del mes de…", "ACUERDO
    DEL CONSEJO GENERAL…"), with the cover lines that continue it in lower case; else
    the first paragraph of four words or more."""
    for i, para in enumerate(paras):
        start = TITLE_START.search(para)
        if start and len(para[start.start() :].split()) >= 4:
            parts = [para[start.start() :].strip()]
            for more in paras[i + 1 :]:
                capitals = parts[-1].isupper() and more.isupper()  # an upper-case title over several lines
                continues = (
                    more[:1].islower() or OPEN_END.search(parts[-1]) or name_continues(parts[-1], more)
                )
                if not (continues or capitals) or PROCESS.match(more) or find_acuerdos(more):
                    break
                parts.append(more)
            return " ".join(parts)
    return next((p for p in paras if len(p.split()) >= 4 and not PROCESS.fullmatch(p)), None)


def undated_ids(para: str) -> list[DateMatch]:
    """Dates of a paragraph, without those inside acuerdo IDs (CEEPAC's "15/10/2020")."""
    ids = find_acuerdos(para)
    return [d for d in find_dates(para) if not any(i.start < d.end and d.start < i.end for i in ids)]


def own_acuerdo(front: str, title: str | None) -> AcuerdoMatch | None:
    """The document's own ID: one labelled "ACUERDO Nº. X" at the start of a line (not
    "se aprobó el Acuerdo X" in a sentence), or standing on its own line
    above the title, or (DOF style, "Consejo General.- INE/CG07/2024.") any ID before
    the title of a document whose title opens with "ACUERDO"."""
    ids = find_acuerdos(front)
    for match in ids:
        line_start = front.rfind("\n", 0, match.start) + 1
        line_end = front.find("\n", match.end)
        alone = not front[line_start : match.start].strip() and not front[
            match.end : line_end if line_end >= 0 else None
        ].strip(" .")
        label = re.search(
            r"(?:^|\n)\s*acuerdo\s*(?:n[oº°]?\.?|n[úu]mero)?\s*$",
            front[max(0, match.start - 40) : match.start],
            re.I,
        )
        if label or alone:
            return match
    if ids and title and re.match(r"\s*acuerdo\b", title, re.I):
        title_at = front.find(title[:40])
        before = [m for m in ids if title_at < 0 or m.start < title_at]
        return before[0] if before else None
    return None


def issue_date(front: str, blocks: list[Paragraph]) -> dt.date | None:
    """A paragraph that is only a date ("03-09-2021"), else a dateline in the front
    matter ("Santiago de Querétaro, Qro., 5 de julio de 2024"). The front is scanned
    for dates once, not paragraph by paragraph."""
    dates = [d for d in undated_ids(front) if not d.inferred]
    inside = [(block, [d for d in dates if block.start <= d.start < block.end]) for block in blocks]
    for block, found in inside:
        if found and len(block.text) - (found[0].end - found[0].start) < 60:
            return found[0].value
    for block, found in inside:
        for date in found:
            if re.search(r"[A-Za-zÁÉÍÓÚáéíóú.][,;]\s*(?:a\s+)?$", front[block.start : date.start]):
                return date.value
    return None


def report_period(title: str, issued: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """ "Informe del mes de agosto" + the year: the month reported, never after the
    document's own date (an August informe dated 3 September 2021 covers August 2021)."""
    match = PERIOD.search(title)
    month = month_table().get(fold(match.group("month"))) if match else None
    if not match or month is None:
        return None, None
    year = int(match.group("year")) if match.group("year") else issued.year if issued else None
    if year is None:
        return None, None
    if not match.group("year") and issued and month > issued.month:
        year -= 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)
