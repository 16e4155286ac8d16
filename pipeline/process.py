"""One document through every stage: read → layout → sections → extract → link.

`process(path)` never raises for a bad document: the problem becomes a `documents`
row with status and message, so a batch goes on (`strict=True` raises instead).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from pathlib import Path

from models import (
    AcuerdoParts,
    Claim,
    CleanText,
    DocKind,
    DocStatus,
    Document,
    Extraction,
    Mention,
    RawDocument,
    RawPage,
    RawTable,
    Section,
    SubjectKind,
    TitleBlock,
)
from pipeline.acuerdo_links import clean_subject
from pipeline.cues import Context, Draft, cue_pattern
from pipeline.errors import UnreadableDocument
from pipeline.extract import Found, extract, sentence_text
from pipeline.grammar import find_bodies, top_body
from pipeline.ids import normalise
from pipeline.layout import clean
from pipeline.link import link
from pipeline.read import hash_bytes, read
from pipeline.sections import find_sections, section_at, title_block, toc_range
from pipeline.sessions import resolve_sessions
from pipeline.tables import table_claims

EXTRACTION_SOURCES = (
    "read.py",
    "read_plumber.py",
    "layout.py",
    "sections.py",
    "extract.py",
    "link.py",
    "cues.py",
    "sessions.py",
    "acuerdo_links.py",
    "tables.py",
    "dates.py",
    "ids.py",
    "grammar.py",
    "numbers.py",
    "process.py",
)


def extractor_version() -> str:
    """A digest of the code and vocabulary that turn bytes into facts: when any of it
    changes, `ingest` re-extracts the documents an older version produced."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*(here / name for name in EXTRACTION_SOURCES), *sorted((here / "vocab").glob("*.tsv"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = extractor_version()


def process(
    path: Path,
    reader: str = "pypdfium2",
    password: str | None = None,
    strict: bool = False,
    ocr: str = "auto",
) -> Extraction:
    try:
        raw = read(path, reader=reader, password=password, ocr=ocr)
    except UnreadableDocument as exc:
        if strict:
            raise
        return failed(path, exc.problem, exc.status)
    return analyse(raw, path)


def analyse(raw: RawDocument, path: Path) -> Extraction:
    """Every stage after reading: layout, sections, extraction, linking."""
    text = clean(raw)
    if not text.text.strip():
        return failed(path, "no text left after removing headers and page numbers", "empty", raw.doc_id)
    hints = tuple(line for page in raw.pages for line in page.heading_lines)
    sections, body_start = find_sections(raw.doc_id, text, hints)
    title = title_block(text, body_start)
    mentions, claims, parts = extract_facts(raw.doc_id, text, sections, title, raw.tables)
    issued = next((c.object for c in claims if c.predicate == "issued_on"), None)
    document = Document(
        doc_id=raw.doc_id,
        path=str(path),
        kind=title.kind,
        title=title.title,
        issuer=title.issuer,
        process=title.process,
        issued_on=dt.date.fromisoformat(issued) if issued else None,
        period_start=title.period_start,
        period_end=title.period_end,
        pages=len(text.page_starts),
        text=text.text,
        status=DocStatus.ok,
        error=None,
        encoding=raw.encoding,
        extractor_version=EXTRACTOR_VERSION,
    )
    return Extraction(
        document=document, sections=tuple(sections), mentions=mentions, claims=claims, acuerdo_parts=parts
    )


WARM_UP = (
    "INFORME DE AVANCE DEL PREP\nConsejo General del Instituto Nacional Electoral\n\n"
    "1. Antecedentes\n\nEl 25 de agosto de 2021, a las 10:00 horas, en la Trigésima Novena Sesión "
    "Extraordinaria del Consejo General se aprobó el acuerdo INE/CG1/2021; en la misma sesión se "
    "envió a la UNICOM el 26 de agosto.\n"
)


def warm_up() -> None:
    """Build the spaCy pipeline and compile every grammar (vocab → regex) once, before
    the workers fork: each of them otherwise spent 0.3 s compiling its own, and 0.1 s
    importing pypdfium2."""
    import pypdfium2  # noqa: F401

    raw = RawDocument(doc_id="warm-up", path="warm-up", pages=(RawPage(number=1, text=WARM_UP),), encoding="utf-8")
    analyse(raw, Path("warm-up"))


def failed(path: Path, problem: str, status: str, doc_id: str | None = None) -> Extraction:
    if doc_id is None:
        try:
            doc_id = hash_bytes(path.read_bytes())
        except OSError:
            doc_id = hash_bytes(str(path).encode())
    document = Document(
        doc_id=doc_id,
        path=str(path),
        kind=DocKind.otro,
        title=None,
        issuer=None,
        process=None,
        issued_on=None,
        period_start=None,
        period_end=None,
        pages=0,
        text="",
        status=DocStatus(status),
        error=f"{path}: {problem}",
        encoding=None,
        extractor_version=EXTRACTOR_VERSION,
    )
    return Extraction(document=document)


def default_body(title: TitleBlock) -> str:
    """The body a session belongs to when its sentence names none: the one the title
    names (a COTAPREP session report), else the issuer's highest body."""
    named = find_bodies(title.title or "")
    if named:
        return named[0].value
    return top_body(title.issuer)


def context_year(title: TitleBlock, text: str) -> int | None:
    """The year that "del año en curso" means: the document's own date, else its
    period, else its own acuerdo's year, else the year it names most often."""
    if title.issued_on:
        return title.issued_on.year
    if title.period_end:
        return title.period_end.year
    if title.acuerdo_id and (year := re.search(r"(?:19|20)\d\d(?!\d)", title.acuerdo_id)):
        return int(year.group())
    years = Counter(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))
    return int(years.most_common(1)[0][0]) if years else None


def extract_facts(
    doc_id: str,
    text: CleanText,
    sections: list[Section],
    title: TitleBlock,
    tables: tuple[RawTable, ...] = (),
) -> tuple[tuple[Mention, ...], tuple[Claim, ...], tuple[AcuerdoParts, ...]]:
    year = context_year(title, text.text)
    found, sentences = extract(text.text, year)
    toc = toc_range(text)
    found = [m for m in found if not (toc and toc[0] <= m.start < toc[1])]  # TOC lines repeat headings
    found = resolve_sessions(text.text, found, sentences, default_body(title))
    context = Context(issuer=title.issuer, year=year, own_acuerdo=title.acuerdo_id)
    drafts = link(text.text, found, sentences, context)
    drafts = prefer_tables(text.text, drafts, table_claims(tables, text, default_body(title), context))
    drafts += own_subject(text.text, title)
    issued = own_approval(drafts, title) or (title.issued_on.isoformat() if title.issued_on else None)
    if issued:
        drafts.append(Draft("document", doc_id, "issued_on", issued, (0, 0)))
    written = [m for m in found if not (m.kind == "date" and m.info.get("anaphora"))]
    mentions = tuple(to_mention(doc_id, n, m, text, sections) for n, m in enumerate(written, start=1))
    claims = tuple(to_claim(doc_id, n, d, text, sections) for n, d in enumerate(dedupe(drafts), start=1))
    parts = {
        m.value: AcuerdoParts(
            acuerdo_id=m.value,
            issuer=m.info.get("issuer"),
            organ=m.info.get("organ"),
            number=m.info.get("number"),
            year=m.info.get("year"),
        )
        for m in found
        if m.kind == "acuerdo"
    }
    return mentions, claims, tuple(parts.values())


def prefer_tables(text: str, drafts: list[Draft], rows: list[Draft]) -> list[Draft]:
    """A table row read by pdfplumber beats the same row read as running text, where
    cells come apart ("IEEQ/CG/A/036/24 Sesión" / "Extraordinaria" / "01/06/2024")."""
    listed = {d.subject_id for d in rows if d.subject_kind == "acuerdo"}

    def from_row_text(draft: Draft) -> bool:
        """A claim read from a sentence that opens with a listed acuerdo's ID: the row."""
        opening = normalise(text[draft.sentence[0] : draft.sentence[0] + 40])
        return draft.predicate in ("approved_in", "approved_on", "held_on", "held_at") and any(
            opening.startswith(acuerdo) for acuerdo in listed
        )

    return [d for d in drafts if not from_row_text(d)] + rows


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
    return [Draft("acuerdo", title.acuerdo_id, "subject", clause, (start, start + len(title.title)))]


def own_approval(drafts: list[Draft], title: TitleBlock) -> str | None:
    """An acuerdo's own date is the day it was approved (its closing certification),
    not a date its antecedentes restate."""
    if title.kind != DocKind.acuerdo or not title.acuerdo_id:
        return None
    dates = [d.object for d in drafts if d.subject_id == title.acuerdo_id and d.predicate == "approved_on"]
    return Counter(dates).most_common(1)[0][0] if dates else None


def dedupe(drafts: list[Draft]) -> list[Draft]:
    seen, kept = set(), []
    for draft in drafts:
        key = (draft.subject_id, draft.predicate, draft.object, draft.sentence, draft.quote)
        if key not in seen:
            seen.add(key)
            kept.append(draft)
    return kept


def to_mention(doc_id: str, n: int, found: Found, text: CleanText, sections: list[Section]) -> Mention:
    return Mention(
        mention_id=f"{doc_id[:12]}:m{n}",
        doc_id=doc_id,
        section_no=section_at(sections, found.start),
        page=text.page_at(found.start),
        char_start=found.start,
        char_end=found.end,
        kind=found.kind,
        text=found.text,
        value=found.value,
        inferred=found.inferred,
    )


def to_claim(doc_id: str, n: int, draft: Draft, text: CleanText, sections: list[Section]) -> Claim:
    start, end = draft.sentence
    return Claim(
        claim_id=f"{doc_id[:12]}:c{n}",
        doc_id=doc_id,
        section_no=section_at(sections, start) if end else None,
        page=text.page_at(start),
        subject_kind=SubjectKind(draft.subject_kind),
        subject_id=draft.subject_id,
        predicate=draft.predicate,
        object=draft.object,
        sentence=draft.quote or (sentence_text(text.text, draft.sentence) if end else ""),
        char_start=start,
        char_end=end,
    )
