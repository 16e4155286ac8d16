"""Stage 6 — check: rules over every claim in the database → `Finding` records.

Each rule is a small function `(con) -> list[Finding]` over SQL on the contract
tables; `run_checks` runs them all. Evidence is a JSON list of
{claim_id, doc_id, page, section_no, quote}. Rules never write: the CLI stores the
result with `store.replace_findings`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import duckdb

from models import CleanText, Finding, Severity, SubjectKind
from pipeline.dates import find_dates, spanish_date
from pipeline.vocab import alternation, fold, forms, load

Row = tuple[Any, ...]
CLAIM_COLUMNS = "claim_id, doc_id, page, section_no, sentence"
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
EVENT_PREDICATES = ("held_on", "approved_on", "sent_on")


@cache
def cues(role: str) -> re.Pattern[str]:
    words = [fold(f) for row in load("tense") if row["role"] == role for f in forms(row, "forms")]
    return re.compile(rf"\b(?:{alternation(words)})")


def has_cue(role: str, sentence: str) -> bool:
    return bool(cues(role).search(fold(sentence)))


def evidence(rows: Iterable[Row]) -> str:
    """rows of (claim_id, doc_id, page, section_no, sentence) → evidence JSON."""
    items = [
        {"claim_id": r[0], "doc_id": r[1], "page": r[2], "section_no": r[3], "quote": r[4]} for r in rows
    ]
    return json.dumps(items, ensure_ascii=False)


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


def claims_by_subject(con: duckdb.DuckDBPyConnection, predicate: str) -> dict[str, list[Row]]:
    """subject_id → [(claim_id, doc_id, page, section_no, sentence, object)]."""
    grouped: dict[str, list[Row]] = {}
    for row in con.execute(
        f"select {CLAIM_COLUMNS}, object, subject_id from claims where predicate = ? order by claim_id",
        [predicate],
    ).fetchall():
        grouped.setdefault(row[6], []).append(row[:6])
    return grouped


def conflicts(
    con: duckdb.DuckDBPyConnection, predicate: str, skip: Callable[[Row], bool] = lambda r: False
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


# --- rules ------------------------------------------------------------------------


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
        for subject, group in conflicts(con, "held_on", lambda r: has_cue("resumed", r[4]))
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
        for subject, group in conflicts(con, "approved_in")
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
        for subject, group in conflicts(con, "approved_on")
    ]


def acuerdo_year_mismatch(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = con.execute(f"""
        select a.acuerdo_id, a.year, {", ".join("c." + c.strip() for c in CLAIM_COLUMNS.split(","))}, c.object
        from acuerdos a join claims c on c.subject_id = a.acuerdo_id and c.predicate = 'approved_on'
        where a.year is not null and year(try_cast(c.object as date)) <> a.year
        order by a.acuerdo_id, c.claim_id""").fetchall()
    grouped: dict[tuple[str, int], list[Row]] = {}
    for row in rows:
        grouped.setdefault((row[0], row[1]), []).append(row[2:])
    return [
        finding(
            "acuerdo_year_mismatch",
            Severity.warning,
            SubjectKind.acuerdo,
            acuerdo,
            f"El año del acuerdo {acuerdo} ({year}) no coincide con su fecha de aprobación "
            f"({values_text(group, say_date)}).",
            group,
        )
        for (acuerdo, year), group in grouped.items()
    ]


def weekday_mismatch(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    found = []
    for doc_id, page, section_no, text, value, start in con.execute(
        "select doc_id, page, section_no, text, value, char_start from mentions where kind = 'date'"
        " order by doc_id, char_start"
    ).fetchall():
        stated = next((m.weekday for m in find_dates(text) if m.weekday is not None), None)
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            continue
        if stated is None or stated == date.weekday():
            continue
        claim = con.execute(
            "select claim_id from claims where doc_id = ? and char_start <= ? and char_end > ? limit 1",
            [doc_id, start, start],
        ).fetchone()
        found.append(
            finding(
                "weekday_mismatch",
                Severity.warning,
                SubjectKind.document,
                doc_id,
                f"«{text}»: el {say_date(date)} fue {WEEKDAYS[date.weekday()]}, no {WEEKDAYS[stated]}.",
                [(claim[0] if claim else None, doc_id, page, section_no, text)],
            )
        )
    return found


def dated_events(con: duckdb.DuckDBPyConnection, bound: str, where: str) -> list[Row]:
    """Event claims whose date is after the document's `bound` column."""
    placeholders = ", ".join("?" * len(EVENT_PREDICATES))
    return con.execute(
        f"""
        select {", ".join("c." + c.strip() for c in CLAIM_COLUMNS.split(","))}, c.object, d.{bound}, c.subject_id
        from claims c join documents d using (doc_id)
        where c.predicate in ({placeholders}) and {where}
          and try_cast(c.object as date) > d.{bound}
        order by c.claim_id""",
        list(EVENT_PREDICATES),
    ).fetchall()


def past_events_after(
    con: duckdb.DuckDBPyConnection, check: str, severity: Severity, bound: str, where: str, message: str
) -> list[Finding]:
    """Findings for events told in the past tense and dated after the document's
    `bound`; `message` is formatted with {event}, {bound} and {subject}."""
    return [
        finding(
            check,
            severity,
            SubjectKind.document,
            row[1],
            message.format(event=say_date(row[5]), bound=say_date(row[6]), subject=row[7]),
            [row[:5]],
        )
        for row in dated_events(con, bound, where)
        if not has_cue("future", row[4])
    ]


def date_after_issue(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    return past_events_after(
        con,
        "date_after_issue",
        Severity.warning,
        "issued_on",
        "d.issued_on is not null",
        "Se narra como ocurrido el {event} ({subject}), después de la fecha del documento ({bound}).",
    )


def date_outside_period(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    return past_events_after(
        con,
        "date_outside_period",
        Severity.info,
        "period_end",
        "d.kind = 'informe' and d.period_end is not null",
        "El informe cubre hasta el {bound} pero reporta un hecho del {event} ({subject}).",
    )


def session_order(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = con.execute("""
        select a.session_id, a.number, a.held_on, b.session_id, b.number, b.held_on
        from sessions a join sessions b
          on a.issuer = b.issuer and a.body = b.body and a.type = b.type
         and split_part(a.session_id, '|', 5) = split_part(b.session_id, '|', 5)
        where a.number < b.number and a.held_on > b.held_on
          -- a series that starts again (Colima numbers its sessions per electoral process,
          -- which begins in October: session 1 of 2017-10 after session 34 of 2017-08)
          and not (a.number <= 3 and b.number - a.number >= 5)
        order by a.session_id, b.session_id""").fetchall()
    found = []
    for low, low_no, low_on, high, high_no, high_on in rows:
        quotes = con.execute(
            f"select {CLAIM_COLUMNS} from claims where predicate = 'held_on' and subject_id in (?, ?)"
            " order by claim_id",
            [low, high],
        ).fetchall()
        found.append(
            finding(
                "session_order",
                Severity.warning,
                SubjectKind.session,
                high,
                f"La sesión número {high_no} ({say_date(high_on)}) está fechada antes que la número {low_no} "
                f"({say_date(low_on)}).",
                quotes,
            )
        )
    return found


def toc_mismatch(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    from pipeline.sections import paragraphs, toc_entries

    found = []
    for doc_id, text in con.execute(
        "select doc_id, text from documents where status = 'ok' order by doc_id"
    ).fetchall():
        entries, _ = toc_entries(paragraphs(CleanText(text=text, page_starts=(0,))))
        if not entries:
            continue
        sections = con.execute(
            "select heading, page_start, section_no, in_toc, level from sections where doc_id = ? order by section_no",
            [doc_id],
        ).fetchall()
        headings = {fold(s[0]) for s in sections}
        for title, page in entries:
            if fold(title) not in headings:
                found.append(
                    finding(
                        "toc_mismatch",
                        Severity.info,
                        SubjectKind.document,
                        doc_id,
                        f"El índice menciona «{title}», que no aparece como apartado del documento.",
                        [(None, doc_id, page, None, title)],
                    )
                )
        for heading, page, section_no, in_toc, level in sections:
            if not in_toc and level == 1:
                found.append(
                    finding(
                        "toc_mismatch",
                        Severity.info,
                        SubjectKind.document,
                        doc_id,
                        f"El apartado «{heading}» no aparece en el índice.",
                        [(None, doc_id, page, section_no, heading)],
                    )
                )
    return found


def unresolved_reference(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = con.execute(f"""
        select subject_id, {CLAIM_COLUMNS} from claims
        where predicate = 'approved_on' and subject_id not in
              (select subject_id from claims where predicate = 'approved_in')
        order by subject_id, claim_id""").fetchall()
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row[1:])
    return [
        finding(
            "unresolved_reference",
            Severity.info,
            SubjectKind.acuerdo,
            acuerdo,
            f"El acuerdo {acuerdo} se cita como aprobado, pero ningún documento dice en qué sesión.",
            group,
        )
        for acuerdo, group in grouped.items()
    ]


RULES: tuple[Callable[[duckdb.DuckDBPyConnection], list[Finding]], ...] = (
    session_date_conflict,
    acuerdo_session_conflict,
    acuerdo_date_conflict,
    acuerdo_year_mismatch,
    weekday_mismatch,
    date_after_issue,
    date_outside_period,
    session_order,
    toc_mismatch,
    unresolved_reference,
)


def run_checks(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every rule over the whole database, numbered '<check>:<n>'."""
    findings = []
    for rule in RULES:
        for n, item in enumerate(rule(con), start=1):
            findings.append(item.model_copy(update={"finding_id": f"{item.check}:{n}"}))
    return findings


def doc_ids_of(item: Finding) -> list[str]:
    """Documents a finding's evidence points into (for grouping by document)."""
    return sorted({e["doc_id"] for e in json.loads(item.evidence)})
