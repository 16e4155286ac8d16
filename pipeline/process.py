"""One document through every stage: read → layout → sections → extract and link.

`process(path)` never raises for a bad document: the problem becomes a `documents`
row with status and message, so a batch goes on (`strict=True` raises instead).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from models import (
    Basis,
    Claim,
    DocKind,
    DocStatus,
    Document,
    Extraction,
    OcrWord,
    Page,
    PageSource,
    Predicate,
    RawDocument,
    RawPage,
)
from pipeline.errors import UnreadableDocument
from pipeline.layout import clean
from pipeline.layout.boxes import pdf_chars, place
from pipeline.link import link_document
from pipeline.read import hash_bytes, hash_file, read
from pipeline.sections import find_sections
from pipeline.sections.title import title_block
from pipeline.version import EXTRACTOR_VERSION

UNSURE_OCR_BELOW = 70.0  # mean word confidence (0-100) under which an OCRed page's claims are unsure


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
        return failed(path, exc.problem, exc.status, run_failure=False)
    return analyse(raw, path, password)


def analyse(raw: RawDocument, path: Path, password: str | None = None) -> Extraction:
    """Every stage after reading: layout, sections, extraction and linking, and where
    each mention is drawn on its PDF page."""
    text = clean(raw)
    if not text.text.strip():
        return failed(
            path,
            "no text left after removing headers and page numbers",
            "empty",
            raw.doc_id,
            run_failure=False,
        )
    hints = tuple(line for page in raw.pages for line in page.heading_lines)
    outline = find_sections(raw.doc_id, text, hints)
    title = title_block(text, outline.body_start)
    facts = link_document(raw.doc_id, text, outline, title, raw.tables)
    with pdf_chars(path, raw, password) as chars:
        mentions = place(facts.mentions, text, raw, chars)
    issued = next((c.object for c in facts.claims if c.predicate == Predicate.issued_on), None)
    document = Document(
        doc_id=raw.doc_id,
        path=str(path),
        kind=facts.kind,
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
        document=document,
        sections=tuple(outline.sections),
        toc=tuple(outline.toc),
        mentions=mentions,
        claims=unsure_ocr(facts.claims, raw),
        acuerdo_parts=facts.acuerdo_parts,
        pages=page_rows(raw),
        ocr_words=word_rows(raw),
    )


def page_rows(raw: RawDocument) -> tuple[Page, ...]:
    return tuple(
        Page(
            doc_id=raw.doc_id,
            page=p.number,
            source=p.source,
            width=p.width,
            height=p.height,
            characters=len(p.text),
            ocr_confidence=p.ocr_confidence,
            quality=p.quality if p.quality is not None else 1.0,
            problem=p.problem,
        )
        for p in raw.pages
    )


def word_rows(raw: RawDocument) -> tuple[OcrWord, ...]:
    return tuple(
        OcrWord(
            doc_id=raw.doc_id,
            page=p.number,
            word_no=n,
            text=text,
            confidence=confidence,
            x0=x0,
            x1=x1,
            top=top,
            bottom=bottom,
        )
        for p in raw.pages
        for n, (text, confidence, x0, x1, top, bottom) in enumerate(p.words, start=1)
    )


def unsure_ocr(claims: tuple[Claim, ...], raw: RawDocument) -> tuple[Claim, ...]:
    """Claims whose sentence starts on a page OCRed with low confidence rest on a reading
    that may be wrong: their basis says so, and a finding resting on them is downgraded."""
    unsure = {
        p.number
        for p in raw.pages
        if p.source == PageSource.ocr and (p.ocr_confidence or 0.0) < UNSURE_OCR_BELOW
    }
    if not unsure:
        return claims
    return tuple(
        c.model_copy(update={"basis": Basis.weakest(c.basis, Basis.unsure_ocr)}) if c.page in unsure else c
        for c in claims
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

    raw = RawDocument(
        doc_id="warm-up", path="warm-up", pages=(RawPage(number=1, text=WARM_UP),), encoding="utf-8"
    )
    analyse(raw, Path("warm-up"))


def failed(
    path: Path, problem: str, status: str, doc_id: str | None = None, run_failure: bool = True
) -> Extraction:
    """A `documents` row for a file that could not be extracted. `run_failure`: this run
    failed it (a limit, a crash, a file it could not open), not its bytes, so it never
    replaces a stored good version (`pipeline.db.store.write_many`); only a refusal after
    reading the bytes (empty, not a PDF, encrypted …) says False."""
    if doc_id is None:
        try:
            doc_id = hash_file(path)
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
    return Extraction(document=document, run_failure=run_failure)
