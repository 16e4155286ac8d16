"""Tables that list acuerdos (Acuerdo | Sesión | Fecha | Asunto) become claims.

pdfplumber finds the tables (pipeline.read.plumber); the columns are recognised by
their header words (vocab/table_columns.tsv), so "Fecha de aprobación" or "Asunto /
Descripción" work too. A row is a claim's sentence; its provenance is the acuerdo ID
as it appears in the clean text of the table's page.
"""

from __future__ import annotations

from functools import cache

from models import Basis, CleanText, Predicate, RawTable, SessionKey, SubjectKind
from pipeline.grammar.dates import find_dates
from pipeline.grammar.ids import find_acuerdos
from pipeline.grammar.sessions import find_sessions
from pipeline.link.sessions import session_id
from pipeline.link.subjects import clean_subject
from pipeline.link.types import Context, Draft
from pipeline.vocab import fold, forms, load

ROW = Basis.table_row


@cache
def column_words() -> dict[str, list[str]]:
    return {row["column"]: [fold(f) for f in forms(row, "headers")] for row in load("table_columns")}


def column_roles(header: tuple[str, ...]) -> dict[str, int]:
    """Which column holds what: {'acuerdo': 0, 'session': 1, 'date': 2, 'subject': 3}."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = fold(cell)
        for role, words in column_words().items():
            if role not in roles and any(key.startswith(w) for w in words):
                roles[role] = index
                break
    return roles


def table_claims(
    tables: tuple[RawTable, ...], text: CleanText, default_body: str, context: Context
) -> list[Draft]:
    drafts: list[Draft] = []
    for table in tables:
        roles = column_roles(table.rows[0])
        if "acuerdo" not in roles:
            continue
        for row in table.rows[1:]:
            drafts.extend(row_claims(row, roles, table.page, text, default_body, context))
    return drafts


def cell(row: tuple[str, ...], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return row[index] if index is not None and index < len(row) else ""


def row_claims(
    row: tuple[str, ...],
    roles: dict[str, int],
    page: int,
    text: CleanText,
    default_body: str,
    context: Context,
) -> list[Draft]:
    ids = find_acuerdos(cell(row, roles, "acuerdo"))
    if not ids:
        return []
    acuerdo = ids[0]
    span = locate(text, acuerdo.value, page)
    dates = find_dates(cell(row, roles, "date"), context.year)
    held = dates[0].value.isoformat() if dates else None
    quote = " | ".join(row)
    drafts: list[Draft] = []
    session_text = cell(row, roles, "session")
    sessions = find_sessions(session_text if "sesi" in session_text.lower() else f"Sesión {session_text}")
    # a row speaks of another institute's sessions only when the ID names that institute
    issuer = acuerdo.issuer if acuerdo.named and context.issuer else context.issuer
    if sessions:
        found = sessions[0]
        value = SessionKey(found.body or default_body, found.type, found.number).value
        sid = session_id(value, held, Context(issuer, context.year))
        drafts.append(Draft(SubjectKind.acuerdo, acuerdo.value, Predicate.approved_in, sid, span, quote, ROW))
        if held:
            drafts.append(Draft(SubjectKind.session, sid, Predicate.held_on, held, span, quote, ROW))
    if held:
        drafts.append(
            Draft(SubjectKind.acuerdo, acuerdo.value, Predicate.approved_on, held, span, quote, ROW)
        )
    subject = cell(row, roles, "subject")
    if subject and (clause := clean_subject(subject)) and fold(clause).startswith("por "):
        drafts.append(Draft(SubjectKind.acuerdo, acuerdo.value, Predicate.subject, clause, span, quote, ROW))
    return drafts


def locate(text: CleanText, value: str, page: int) -> tuple[int, int]:
    """The span of the acuerdo ID on the table's page (first occurrence), else anywhere."""
    start = text.page_starts[page - 1] if page - 1 < len(text.page_starts) else 0
    for offset in (start, 0):
        for match in find_acuerdos(text.text[offset:]):
            if match.value == value:
                return (offset + match.start, offset + match.end)
    return (0, 0)
