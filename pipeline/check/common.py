"""What the rules share: evidence from claim rows, findings, conflicts between claims."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, NamedTuple

import duckdb

from models import Basis, Evidence, Finding, Predicate, Severity, SubjectKind
from pipeline.grammar.dates import spanish_date
from pipeline.vocab import alternation, fold, forms, load

Row = tuple[Any, ...]
CLAIM_COLUMNS = "claim_id, doc_id, page, section_no, sentence, basis, object"


class Quote(NamedTuple):
    """A claim as a finding quotes it (the columns of CLAIM_COLUMNS, in order)."""

    claim_id: str | None
    doc_id: str
    page: int | None
    section_no: int | None
    sentence: str
    basis: str = Basis.stated
    object: str = ""


# What each basis says, when a finding rests on it (Spanish: findings are read by analysts).
BASIS_NOTES = {
    Basis.other_sentence: "la fecha de una sesión proviene de otra oración",
    Basis.inferred_body: "el órgano de una sesión no se nombra en su oración",
    Basis.inferred_year: "el año de una fecha se dedujo del contexto",
    Basis.anaphora: "un dato proviene de una referencia como «la misma sesión» o «en esa fecha»",
    Basis.unsure_ocr: "el texto se leyó por OCR de una imagen con confianza baja y puede estar mal leído",
}
WEAKER = {Severity.error: Severity.warning, Severity.warning: Severity.info, Severity.info: Severity.info}


def claim_columns(alias: str) -> str:
    """CLAIM_COLUMNS qualified by a table alias."""
    return ", ".join(f"{alias}.{c.strip()}" for c in CLAIM_COLUMNS.split(","))


def quotes(rows: Iterable[Row]) -> list[Quote]:
    return [Quote(*row) for row in rows]


@cache
def cues(role: str) -> re.Pattern[str]:
    words = [fold(f) for row in load("tense") if row["role"] == role for f in forms(row, "forms")]
    return re.compile(rf"\b(?:{alternation(words)})")


def has_cue(role: str, sentence: str) -> bool:
    return bool(cues(role).search(fold(sentence)))


def evidence(rows: Iterable[Quote]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            claim_id=r.claim_id,
            doc_id=r.doc_id,
            page=r.page,
            section_no=r.section_no,
            quote=r.sentence,
            basis=r.basis,
        )
        for r in rows
    )


def finding(
    check: str, severity: Severity, kind: SubjectKind, subject: str, message: str, rows: Iterable[Quote]
) -> Finding:
    """A finding; one resting on a claim the text does not state outright (a year or a
    body taken from context, a reference back) is one step less severe — an error at most
    a warning — and its message says why."""
    items = evidence(rows)
    unsure = sorted({Basis(e.basis) for e in items} - {Basis.stated, Basis.table_row}, key=list(Basis).index)
    if unsure:
        severity = WEAKER[severity]
        message += " Es una deducción: " + "; ".join(BASIS_NOTES[b] for b in unsure) + "."
    return Finding(
        finding_id=check,
        check=check,
        severity=severity,
        subject_kind=kind,
        subject_id=subject,
        message=message,
        evidence=items,
    )


def say_date(value: str | dt.date) -> str:
    try:
        return spanish_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))
    except ValueError:
        return str(value)


def claims_by_subject(con: duckdb.DuckDBPyConnection, predicate: Predicate) -> dict[str, list[Quote]]:
    grouped: dict[str, list[Quote]] = {}
    for row in con.execute(
        f"select {CLAIM_COLUMNS}, subject_id from claims where predicate = ? order by claim_id", [predicate]
    ).fetchall():
        grouped.setdefault(row[-1], []).append(Quote(*row[:-1]))
    return grouped


def conflicts(
    con: duckdb.DuckDBPyConnection, predicate: Predicate, skip: Callable[[Quote], bool] = lambda r: False
) -> list[tuple[str, list[Quote]]]:
    """Subjects given incompatible objects for `predicate`: two sentences whose values
    have none in common. One sentence giving a session two days ("celebrada los días 8
    y 9 de junio") tells of a session over two days, and another sentence naming one of
    those days agrees with it."""
    found = []
    for subject, group in claims_by_subject(con, predicate).items():
        kept = [r for r in group if not skip(r)]
        said: dict[tuple[str, str], set[str]] = {}
        for row in kept:
            said.setdefault((row.doc_id, row.sentence), set()).add(row.object)
        values = list(said.values())
        if any(a.isdisjoint(b) for i, a in enumerate(values) for b in values[i + 1 :]):
            found.append((subject, kept))
    return found


def values_text(group: list[Quote], fmt: Callable[[str], str] = str) -> str:
    return ", ".join(fmt(v) for v in sorted({r.object for r in group}))
