"""Rules that need the whole document: the body and year its sentences default to, its
own acuerdo's subject and approval date, and table rows beating their running text."""

from __future__ import annotations

import re
from collections import Counter

from models import DocKind, MentionKind, Predicate, SubjectKind, TitleBlock
from pipeline.extract import Found
from pipeline.grammar.dates import Calendar, parse_year
from pipeline.grammar.ids import labelled, normalise
from pipeline.grammar.organisations import top_body
from pipeline.grammar.sessions import find_bodies
from pipeline.link.subjects import clean_subject
from pipeline.link.types import Draft, cue_pattern

ROW_PREDICATES = (Predicate.approved_in, Predicate.approved_on, Predicate.held_on, Predicate.held_at)


def default_body(title: TitleBlock) -> str:
    """The body a session belongs to when its sentence names none: the one the title
    names (a COTAPREP session report), else the issuer's highest body."""
    named = find_bodies(title.title or "")
    if named:
        return named[0].value
    return top_body(title.issuer)


# "las fechas que se citan corresponden a dos mil veinticuatro, salvo precisión en contrario"
YEAR_STATEMENT = re.compile(
    r"\bfechas\b[^.;]{0,80}?\bcorrespond\w*\s+(?:al?\s+)?(?:(?:el|del)\s+)?(?:año\s+)?(?:de\s+)?"
    r"(?P<year>\d{4}|dos\s+mil(?:\s+[a-záéíóú]+){0,3})",
    re.I,
)
PROCESS_YEARS = re.compile(r"(?P<first>(?:19|20)\d\d)\s*[-–]\s*(?P<second>(?:19|20)\d\d)")


def calendar(title: TitleBlock, text: str) -> Calendar:
    """What fixes the years of dates written without one: a sentence stating the year
    of all dates; else the document's own date, period or own acuerdo's year; and the
    electoral process it belongs to. A year the document does not give is not guessed
    (once the year it named most often: an unrelated "2026-2027" lent its year)."""
    year = None
    if stated := YEAR_STATEMENT.search(text):
        year = parse_year(stated.group("year"))
    if year is None and title.issued_on:
        year = title.issued_on.year
    if year is None and title.period_end:
        year = title.period_end.year
    if year is None:
        year = title.acuerdo_year
    process = PROCESS_YEARS.search(title.process or "")
    years = (int(process.group("first")), int(process.group("second"))) if process else None
    two_years = years if years and years[1] == years[0] + 1 else None
    return Calendar(year=year, issued=title.issued_on, process=None if stated else two_years)


def prefer_tables(text: str, drafts: list[Draft], rows: list[Draft]) -> list[Draft]:
    """A table row read by pdfplumber beats the same row read as running text, where
    cells come apart ("IEEQ/CG/A/036/24 Sesión" / "Extraordinaria" / "01/06/2024")."""
    listed = {d.subject_id for d in rows if d.subject_kind == SubjectKind.acuerdo}

    def from_row_text(draft: Draft) -> bool:
        """A claim read from a sentence that opens with a listed acuerdo's ID: the row."""
        opening = normalise(text[draft.sentence[0] : draft.sentence[0] + 40])
        return draft.predicate in ROW_PREDICATES and any(opening.startswith(acuerdo) for acuerdo in listed)

    return [d for d in drafts if not from_row_text(d)] + rows


def own_marks(text: str, found: list[Found]) -> list[tuple[int, str]]:
    """Where each acuerdo of the document begins: its ID alone on a line, labelled
    ("ACUERDO No. IEM-CG-38/2024") or closing a seal line ("… Consejo General.-
    INE/CG187/2024."). A gazette or a Diario Oficial issue carries several."""
    marks = []
    for mention in found:
        if mention.kind != MentionKind.acuerdo or mention.aside:
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.end)
        before = text[line_start : mention.start]
        after = text[mention.end : line_end if line_end >= 0 else len(text)].strip(" .")
        if not after and (not before.strip() or labelled(before) or before.rstrip().endswith(".-")):
            marks.append((mention.start, mention.value))
    return marks


def document_kind(title: TitleBlock, marks: list[tuple[int, str]]) -> DocKind:
    """A document whose title announces an acuerdo but that carries several (a gazette, a
    Diario Oficial issue) is a publication: 'otro'."""
    if title.kind == DocKind.acuerdo and len({acuerdo for _, acuerdo in marks}) >= 2:
        return DocKind.otro
    return title.kind


def own_subject(text: str, title: TitleBlock) -> list[Draft]:
    """An acuerdo's own subject is in its title: "ACUERDO DEL CONSEJO GENERAL …, POR EL
    QUE SE DESIGNA …"."""
    if title.kind != DocKind.acuerdo or not title.acuerdo_id or not title.title:
        return []
    cue = cue_pattern("subject").search(title.title)
    clause = clean_subject(title.title[cue.start() :]) if cue else None
    if not clause:
        return []
    start = max(text.find(title.title[:60]), 0)
    span = (start, start + len(title.title))
    return [Draft(SubjectKind.acuerdo, title.acuerdo_id, Predicate.subject, clause, span)]


def own_approval(drafts: list[Draft], title: TitleBlock) -> str | None:
    """An acuerdo's own date is the day it was approved (its closing certification),
    not a date its antecedentes restate."""
    if title.kind != DocKind.acuerdo or not title.acuerdo_id:
        return None
    dates = [
        d.object for d in drafts if d.subject_id == title.acuerdo_id and d.predicate == Predicate.approved_on
    ]
    return Counter(dates).most_common(1)[0][0] if dates else None


def issue_claim(doc_id: str, drafts: list[Draft], title: TitleBlock) -> list[Draft]:
    """The document's own date: its acuerdo's approval, else the title block's date."""
    issued = own_approval(drafts, title) or (title.issued_on.isoformat() if title.issued_on else None)
    return [Draft(SubjectKind.document, doc_id, Predicate.issued_on, issued, (0, 0))] if issued else []


def dedupe(drafts: list[Draft]) -> list[Draft]:
    seen, kept = set(), []
    for draft in drafts:
        key = (draft.subject_id, draft.predicate, draft.object, draft.sentence, draft.quote)
        if key not in seen:
            seen.add(key)
            kept.append(draft)
    return kept
