"""The SQL contract as data: tables and views with their columns and descriptions.

The pydantic models' `Field` descriptions are the single source of truth: tables come
from `store.TABLES`, the `sessions`/`acuerdos` views from `SessionRow`/`AcuerdoRow`,
and the question views from the small records below.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from models import AcuerdoRow, Predicate, Record, SessionRow
from pipeline.db.store import TABLES, sql_type


class AcuerdosPorSesionRow(Record):
    session_id: str = Field(description="the session (see sessions)")
    issuer: str | None = Field(description="institute key")
    body: str = Field(description="canonical body, e.g. 'consejo general'")
    type: str = Field(description="ordinaria, extraordinaria, especial, …")
    number: int | None = Field(description="session number")
    held_on: dt.date | None = Field(description="date the session was held")
    acuerdos: int = Field(description="number of acuerdos approved in it")
    acuerdo_ids: list[str] | None = Field(description="those acuerdos, by number")


class SesionesPorMesRow(Record):
    mes: str = Field(description="'YYYY-MM' of held_on")
    issuer: str | None = Field(description="institute key")
    sesiones: int = Field(description="sessions held that month by that institute")
    session_ids: list[str] = Field(description="those sessions, by date")


class TimelineRow(Record):
    fecha: dt.date = Field(description="the date the claim gives")
    subject_kind: str = Field(description="'session', 'acuerdo' or 'document'")
    subject_id: str = Field(description="session_id, acuerdo_id or doc_id")
    predicate: Predicate = Field(description=", ".join(Predicate.dated()))
    doc_id: str = Field(description="document making the claim")
    path: str = Field(description="that document's path")
    page: int = Field(description="page where the sentence starts")
    section_no: int | None = Field(description="section holding the sentence")
    sentence: str = Field(description="the sentence stating the claim")
    claim_id: str = Field(description="the claim (see claims)")


VIEWS: dict[str, tuple[type[BaseModel], str]] = {
    "sessions": (SessionRow, "one row per distinct session; each value the one most claims give"),
    "acuerdos": (AcuerdoRow, "one row per distinct acuerdo; each value the one most claims give"),
    "acuerdos_por_sesion": (AcuerdosPorSesionRow, "each session with the acuerdos approved in it"),
    "sesiones_por_mes": (SesionesPorMesRow, "sessions held per month and institute"),
    "timeline": (TimelineRow, "every dated claim, in date order, with its document"),
}
TABLE_NOTES = {
    "documents": "one row per document: files with the same bytes are one",
    "document_paths": "every path a document's bytes were found at, with when",
    "sections": "the section tree of each document",
    "toc_entries": "the table of contents of each document, as written",
    "mentions": "acuerdo IDs, sessions, dates, times and organisations as written",
    "claims": "facts linked from mentions, each with its sentence",
    "acuerdo_parts": "the parts of each acuerdo ID as read in each document",
    "pages": "every page of each document: size, where its text came from, OCR confidence, text quality",
    "ocr_words": "every word Tesseract read on an OCRed page, with its box (for highlighting quotes)",
    "findings": "what `informes check` found, with evidence",
    "finding_evidence": "each finding's evidence, one row per quote",
}


def contract() -> list[tuple[str, str, str, str, str]]:
    """(relation, kind, column, SQL type, description) for every contract column."""
    relations = [(n, "table", m, TABLE_NOTES.get(n, "")) for n, m in TABLES.items()]
    relations += [(n, "view", m, note) for n, (m, note) in VIEWS.items()]
    return [
        (name, kind, column, column_type(info.annotation), info.description or "")
        for name, kind, model, _ in relations
        for column, info in model.model_fields.items()
    ]


def column_type(annotation: object) -> str:
    return "VARCHAR[]" if str(annotation).startswith("list[") else sql_type(annotation)


def relation_notes() -> dict[str, str]:
    return {**TABLE_NOTES, **{n: note for n, (_, note) in VIEWS.items()}}


def contract_names() -> list[str]:
    """Every table and view of the contract, in documentation order."""
    return [*TABLES, *VIEWS]
