"""Errors: one session or acuerdo given different dates or sessions."""

from __future__ import annotations

import duckdb

from models import Finding, Predicate, Severity, SubjectKind
from pipeline.check.common import conflicts, finding, has_cue, say_date, values_text


def session_date_conflict(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    return [
        finding(
            "session_date_conflict",
            Severity.error,
            SubjectKind.session,
            subject,
            f"La sesión {subject} aparece con fechas distintas: {values_text(group, say_date)}.",
            group,
        )
        for subject, group in conflicts(con, Predicate.held_on, lambda r: has_cue("resumed", r.sentence))
    ]


def acuerdo_session_conflict(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    return [
        finding(
            "acuerdo_session_conflict",
            Severity.error,
            SubjectKind.acuerdo,
            subject,
            f"El acuerdo {subject} se dice aprobado en sesiones distintas: {values_text(group)}.",
            group,
        )
        for subject, group in conflicts(con, Predicate.approved_in)
    ]


def acuerdo_date_conflict(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    return [
        finding(
            "acuerdo_date_conflict",
            Severity.error,
            SubjectKind.acuerdo,
            subject,
            f"El acuerdo {subject} se dice aprobado en fechas distintas: {values_text(group, say_date)}.",
            group,
        )
        for subject, group in conflicts(con, Predicate.approved_on)
    ]
