"""The title block: title, issuer, process, the document's own date and period, and its
own acuerdo ID, from the text before the body."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache

from models import CleanText, DocKind, TitleBlock
from pipeline.grammar.dates import DateMatch, find_dates, month_table
from pipeline.grammar.ids import AcuerdoMatch, find_acuerdos, labelled
from pipeline.grammar.lines import OPEN_END
from pipeline.grammar.organisations import find_issuer
from pipeline.grammar.sessions import find_bodies
from pipeline.grammar.spans import Disjoint
from pipeline.sections import Paragraph, is_structure_word, paragraphs, process_pattern, title_words
from pipeline.vocab import fold, forms, load, phrase_alternation

PERIOD = re.compile(r"\bmes\s+de\s+(?P<month>[a-záéíóú]+)(?:\s+de(?:l)?\s+(?P<year>\d{4}))?", re.I)


def title_block(clean: CleanText, body_start: int) -> TitleBlock:
    """Title, issuer, process, date and period from the text before the body."""
    front = front_matter(clean.text, body_start)
    blocks = paragraphs(CleanText(text=front, page_starts=(0,)))
    paras = [p.text for p in blocks]
    title = find_title(paras)
    own = own_acuerdo(front[:1500], title)
    kind = title_kind(title)
    if kind == DocKind.otro and own:
        kind = DocKind.acuerdo
    issued = issue_date(front, blocks)
    process = process_pattern().search(clean.text)
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
        acuerdo_year=own.year if own else None,
    )


def front_matter(text: str, body_start: int) -> str:
    """The text before the body (at least 600 characters, at most 4,000), ending at a
    paragraph's end: a paragraph cut in two would read as a short one ("SEGUNDO. El 7 de
    septiembre de 2016," taken for a dateline)."""
    cut = min(max(body_start, 600), 4000)
    end = text.find("\n\n", cut)
    return text[: end if 0 <= end <= 4000 else cut]


@cache
def kind_words() -> dict[str, DocKind]:
    """Title words that announce a kind of document: 'informe' → informe, 'acuerdo' → acuerdo."""
    return {
        form: DocKind(row["kind"])
        for row in load("title_words")
        if row["role"] == "title" and row["kind"] != DocKind.otro
        for form in forms(row, "forms")
    }


@cache
def title_start() -> re.Pattern[str]:
    """Where a title opens: a title word and a link word ("Informe del", "ACUERDO DEL",
    "Resolución sobre"), or an informe's or acuerdo's word alone at the start."""
    words = phrase_alternation(title_words("title"))
    links = phrase_alternation(title_words("link"))
    alone = phrase_alternation(list(kind_words()))
    return re.compile(rf"(?:^|(?<=\s))(?:{words})\s+(?:{links})\b|^(?:{alone})\b", re.I)


@cache
def kind_pattern() -> re.Pattern[str]:
    return re.compile(rf"\s*({phrase_alternation(list(kind_words()))})\b", re.I)


def title_kind(title: str | None) -> DocKind:
    """The kind a title announces by its first word ("Informe …", "ACUERDO …")."""
    match = kind_pattern().match(title or "")
    return kind_words()[match.group(1).lower()] if match else DocKind.otro


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
        start = title_start().search(para)
        if start and len(para[start.start() :].split()) >= 4:
            parts = [para[start.start() :].strip()]
            for more in paras[i + 1 :]:
                capitals = parts[-1].isupper() and more.isupper()  # an upper-case title over several lines
                continues = (
                    more[:1].islower() or OPEN_END.search(parts[-1]) or name_continues(parts[-1], more)
                )
                if (
                    not (continues or capitals)
                    or process_pattern().match(more)
                    or find_acuerdos(more)
                    or is_structure_word(more)  # "ANTECEDENTES" opens the body
                ):
                    break
                parts.append(more)
            return " ".join(parts)
    return next((p for p in paras if len(p.split()) >= 4 and not process_pattern().fullmatch(p)), None)


def undated_ids(para: str) -> list[DateMatch]:
    """Dates of a paragraph, without those inside acuerdo IDs (CEEPAC's "15/10/2020")."""
    ids = Disjoint()
    for match in find_acuerdos(para):
        ids.add(match.start, match.end)
    return [d for d in find_dates(para) if not ids.overlaps(d.start, d.end)]


def own_acuerdo(front: str, title: str | None) -> AcuerdoMatch | None:
    """The document's own ID: one labelled "ACUERDO Nº. X" or "Resolución X" at the start of a line (not
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
        if labelled(front[line_start : match.start]) or alone:
            return match
    if ids and title and title_kind(title) == DocKind.acuerdo:
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
