"""Dates that disagree with something else: the ID's year, the weekday, the document's
own date or period, the order of numbered sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from models import Finding, Predicate, SessionKey, Severity, SubjectKind
from pipeline.check.common import (
    CLAIM_COLUMNS,
    Quote,
    claim_columns,
    finding,
    has_cue,
    quotes,
    say_date,
    values_text,
)
from pipeline.vocab import forms, load


def weekday_name(number: int) -> str:
    """0 → 'lunes' (vocab/weekdays.tsv, first form)."""
    return next(forms(row, "forms")[0] for row in load("weekdays") if int(row["number"]) == number)


def acuerdo_year_mismatch(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = con.execute(f"""
        select a.acuerdo_id, a.year, {claim_columns("c")}
        from acuerdos a join claims c on c.subject_id = a.acuerdo_id and c.predicate = '{Predicate.approved_on}'
        where a.year is not null and year(try_cast(c.object as date)) <> a.year
        order by a.acuerdo_id, c.claim_id""").fetchall()
    grouped: dict[tuple[str, int], list[Quote]] = {}
    for row in rows:
        grouped.setdefault((row[0], row[1]), []).append(Quote(*row[2:]))
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
    """A date whose stated weekday (kept at extraction) is not that day's. A date whose
    year came from context is left out: there the inferred year is the likelier error."""
    found = []
    for doc_id, page, section_no, text, value, stated, start in con.execute(
        "select doc_id, page, section_no, text, value, weekday, char_start from mentions"
        " where kind = 'date' and weekday is not null and not inferred order by doc_id, char_start"
    ).fetchall():
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            continue
        if stated == date.weekday():
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
                f"«{text}»: el {say_date(date)} fue {weekday_name(date.weekday())}, no {weekday_name(stated)}.",
                [Quote(claim[0] if claim else None, doc_id, page, section_no, text)],
            )
        )
    return found


def dated_events(con: duckdb.DuckDBPyConnection, bound: str, where: str) -> list[tuple[Quote, Any, str]]:
    """Event claims whose date is after the document's `bound` column: (claim, bound, subject)."""
    events = Predicate.events()
    placeholders = ", ".join("?" * len(events))
    rows = con.execute(
        f"""
        select {claim_columns("c")}, d.{bound}, c.subject_id
        from claims c join documents d using (doc_id)
        where c.predicate in ({placeholders}) and {where}
          and try_cast(c.object as date) > d.{bound}
        order by c.claim_id""",
        list(events),
    ).fetchall()
    return [(Quote(*row[:-2]), row[-2], row[-1]) for row in rows]


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
            claim.doc_id,
            message.format(event=say_date(claim.object), bound=say_date(limit), subject=subject),
            [claim],
        )
        for claim, limit, subject in dated_events(con, bound, where)
        if not has_cue("future", claim.sentence)
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
    """A session dated before the one numbered just below it in its series. Each session
    is compared with the next number only: every pair out of order shows in some
    neighbouring pair, and all pairs made a text with many misdated sessions quadratic
    (a 180 KB text: 98,548 warnings in 194 s)."""
    when = SessionKey.sql("session_id", "when")
    rows = con.execute(f"""
        with series as (
            select session_id, number, held_on,
                   lead(session_id) over w as next_id, lead(number) over w as next_no,
                   lead(held_on) over w as next_on
            from sessions where number is not null and held_on is not null
            window w as (partition by issuer, body, type, {when} order by number, session_id))
        select session_id, number, held_on, next_id, next_no, next_on from series
        where next_no > number and held_on > next_on
          -- a series that starts again (Colima numbers its sessions per electoral process,
          -- which begins in October: session 1 of 2017-10 after session 34 of 2017-08)
          and not (number <= 3 and next_no - number >= 5)
        order by session_id, next_id""").fetchall()
    found = []
    for low, low_no, low_on, high, high_no, high_on in rows:
        held = quotes(
            con.execute(
                f"select {CLAIM_COLUMNS} from claims where predicate = '{Predicate.held_on}' and subject_id in (?, ?)"
                " order by claim_id",
                [low, high],
            ).fetchall()
        )
        found.append(
            finding(
                "session_order",
                Severity.warning,
                SubjectKind.session,
                high,
                f"La sesión número {high_no} ({say_date(high_on)}) está fechada antes que la número {low_no} "
                f"({say_date(low_on)}).",
                held,
            )
        )
    return found
