"""What the rules share: evidence from claim rows, findings, conflicts between claims."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import duckdb

from models import Evidence, Finding, Predicate, Severity, SubjectKind
from pipeline.grammar.dates import spanish_date
from pipeline.vocab import alternation, fold, forms, load

Row = tuple[Any, ...]
CLAIM_COLUMNS = "claim_id, doc_id, page, section_no, sentence"


def claim_columns(alias: str) -> str:
    """CLAIM_COLUMNS qualified by a table alias."""
    return ", ".join(f"{alias}.{c.strip()}" for c in CLAIM_COLUMNS.split(","))


@cache
def cues(role: str) -> re.Pattern[str]:
    words = [fold(f) for row in load("tense") if row["role"] == role for f in forms(row, "forms")]
    return re.compile(rf"\b(?:{alternation(words)})")


def has_cue(role: str, sentence: str) -> bool:
    return bool(cues(role).search(fold(sentence)))


def evidence(rows: Iterable[Row]) -> tuple[Evidence, ...]:
    """rows of (claim_id, doc_id, page, section_no, sentence) → the finding's evidence."""
    return tuple(Evidence(claim_id=r[0], doc_id=r[1], page=r[2], section_no=r[3], quote=r[4]) for r in rows)


def finding(
    check: str, severity: Severity, kind: SubjectKind, subject: str, message: str, rows: Iterable[Row]
) -> Finding:
    return Finding(
        finding_id=check,
        check=check,
        severity=severity,
        subject_kind=kind,
        subject_id=subject,
        message=message,
        evidence=evidence(rows),
    )


def say_date(value: str | dt.date) -> str:
    try:
        return spanish_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))
    except ValueError:
        return str(value)


def claims_by_subject(con: duckdb.DuckDBPyConnection, predicate: Predicate) -> dict[str, list[Row]]:
    """subject_id → [(claim_id, doc_id, page, section_no, sentence, object)]."""
    grouped: dict[str, list[Row]] = {}
    for row in con.execute(
        f"select {CLAIM_COLUMNS}, object, subject_id from claims where predicate = ? order by claim_id",
        [predicate],
    ).fetchall():
        grouped.setdefault(row[6], []).append(row[:6])
    return grouped


def conflicts(
    con: duckdb.DuckDBPyConnection, predicate: Predicate, skip: Callable[[Row], bool] = lambda r: False
) -> list[tuple[str, list[Row]]]:
    """Subjects given more than one distinct object for `predicate`."""
    found = []
    for subject, group in claims_by_subject(con, predicate).items():
        kept = [r for r in group if not skip(r)]
        if len({r[5] for r in kept}) > 1:
            found.append((subject, kept))
    return found


def values_text(group: list[Row], fmt: Callable[[str], str] = str) -> str:
    return ", ".join(fmt(v) for v in sorted({r[5] for r in group}))
