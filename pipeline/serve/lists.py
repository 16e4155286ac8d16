"""Pages over many things: the home page, the findings, an institute's timeline."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

import duckdb

import pipeline.serve.urls as urls
from pipeline.db.store import scalar
from pipeline.errors import NotFound
from pipeline.grammar.dates import month_names
from pipeline.serve.access import record, records
from pipeline.serve.common import issuer_name, title_of
from pipeline.serve.entities import MAX_ID, document_item
from pipeline.serve.evidence import FINDING_COLUMNS, findings
from pipeline.serve.views import (
    Event,
    FindingsPage,
    HomePage,
    InstituteItem,
    InstitutePage,
    Month,
    Option,
    Paging,
    SeverityCount,
    Totals,
)
from pipeline.serve.words import label, labels
from pipeline.summarise.names import session_label

LATEST = 10
MAX_INSTITUTES = 100
FINDINGS_PER_PAGE = 25
MAX_EVENTS = 2000
MAX_LIST_PAGE = 10_000

TOTALS = """
select (select count(*) from documents) as documents, (select coalesce(sum(pages), 0) from documents) as pages,
       (select count(distinct issuer) from documents) as institutes, (select count(*) from sessions) as sessions,
       (select count(*) from acuerdos) as acuerdos, (select count(*) from claims) as claims,
       (select count(*) from findings) as findings
"""


def home_page(con: duckdb.DuckDBPyConnection) -> HomePage:
    counts = dict(con.execute("select severity, count(*) from findings group by severity").fetchall())
    latest = records(
        con,
        "select doc_id, path, kind, title, issuer, issued_on, pages from documents"
        " order by issued_on desc nulls last, path limit ?",
        [LATEST],
    )
    institutes = records(
        con,
        "select issuer, count(*) as documents from documents where issuer is not null"
        " group by issuer order by issuer limit ?",
        [MAX_INSTITUTES],
    )
    return HomePage(
        totals=Totals(**(record(con, TOTALS) or {})),
        latest=tuple(document_item(row) for row in latest),
        findings=tuple(
            SeverityCount(severity=s, count=counts.get(s, 0), url=urls.query_url("/hallazgos", severidad=s))
            for s in labels("severity")
        ),
        institutes=tuple(
            sorted(
                (
                    InstituteItem(
                        issuer=i["issuer"],
                        name=issuer_name(i["issuer"]) or i["issuer"],
                        documents=i["documents"],
                        url=urls.institute_url(i["issuer"]),
                    )
                    for i in institutes
                ),
                key=lambda i: i.name,
            )
        ),
    )


# --- findings -------------------------------------------------------------------------

# A finding's institute is its subject's: the acuerdo's, the session's or the document's.
FINDINGS_WITH_ISSUER = """
with located as (
    select f.*, coalesce(a.issuer, s.issuer, d.issuer) as issuer
    from findings f
    left join acuerdos a on f.subject_kind = 'acuerdo' and a.acuerdo_id = f.subject_id
    left join sessions s on f.subject_kind = 'session' and s.session_id = f.subject_id
    left join documents d on f.subject_kind = 'document' and d.doc_id = f.subject_id
)
"""
FILTER = """($check is null or f."check" = $check) and ($severity is null or f.severity = $severity)
    and ($issuer is null or f.issuer = $issuer)"""
SEVERITY_ORDER = "case f.severity when 'error' then 0 when 'warning' then 1 else 2 end"


def findings_page(
    con: duckdb.DuckDBPyConnection, check: str | None, severity: str | None, issuer: str | None, page: int
) -> FindingsPage:
    params = {"check": check or None, "severity": severity or None, "issuer": issuer or None}
    total = scalar(con, f"{FINDINGS_WITH_ISSUER} select count(*) from located f where {FILTER}", params) or 0
    page = clamp_page(page, total, FINDINGS_PER_PAGE)
    rows = records(
        con,
        f"{FINDINGS_WITH_ISSUER} select {FINDING_COLUMNS} from located f where {FILTER}"
        f' order by {SEVERITY_ORDER}, f."check", f.finding_id limit $size offset $skip',
        params | {"size": FINDINGS_PER_PAGE, "skip": (page - 1) * FINDINGS_PER_PAGE},
    )
    checks = [r[0] for r in con.execute('select distinct "check" from findings order by 1').fetchall()]
    issuers = [
        r[0]
        for r in con.execute(
            f"{FINDINGS_WITH_ISSUER} select distinct issuer from located where issuer is not null order by 1"
        ).fetchall()
    ]
    filters = {"control": check, "severidad": severity, "institucion": issuer}
    return FindingsPage(
        check=check or None,
        severity=severity or None,
        issuer=issuer or None,
        checks=tuple(Option(value=c, label=label("check", c)) for c in checks),
        severities=tuple(Option(value=s, label=word) for s, word in labels("severity").items()),
        issuers=tuple(Option(value=i, label=issuer_name(i) or i) for i in issuers),
        findings=findings(con, rows),
        paging=paging("/hallazgos", filters, page, FINDINGS_PER_PAGE, total),
    )


def clamp_page(page: int, total: int, size: int) -> int:
    last = max(1, -(-total // size))
    return min(max(page, 1), last, MAX_LIST_PAGE)


def paging(path: str, params: dict[str, Any], page: int, size: int, total: int) -> Paging:
    more = page * size < total
    return Paging(
        page=page,
        size=size,
        total=total,
        prev_url=urls.query_url(path, **params, pagina=page - 1) if page > 1 else None,
        next_url=urls.query_url(path, **params, pagina=page + 1) if more else None,
    )


# --- an institute's timeline ------------------------------------------------------------

EVENTS = """
select t.fecha as date, t.predicate as kind, t.subject_kind, t.subject_id, count(*) as sources,
       any_value(d.title) as title, any_value(d.path) as path
from timeline t
left join sessions s on t.subject_kind = 'session' and s.session_id = t.subject_id
left join acuerdos a on t.subject_kind = 'acuerdo' and a.acuerdo_id = t.subject_id
left join documents d on t.subject_kind = 'document' and d.doc_id = t.subject_id
where t.predicate in ('held_on', 'approved_on', 'sent_on') and coalesce(s.issuer, a.issuer, d.issuer) = ?
group by t.fecha, t.predicate, t.subject_kind, t.subject_id
order by t.fecha, t.predicate = 'sent_on', t.predicate = 'approved_on', t.subject_id
limit ?
"""


def institute_page(con: duckdb.DuckDBPyConnection, issuer: str) -> InstitutePage:
    issuer = issuer[:MAX_ID]
    known = scalar(
        con,
        "select count(*) from (select issuer from documents union select issuer from sessions"
        " union select issuer from acuerdos) where issuer = ?",
        [issuer],
    )
    if not known:
        raise NotFound(f"No hay ninguna institución «{issuer}» en la base de datos.")
    rows = records(con, EVENTS, [issuer, MAX_EVENTS + 1])
    events = [event(row, issuer) for row in rows[:MAX_EVENTS]]
    months = [
        Month(month=key, label=month_label(items[0].date), events=tuple(items))
        for key, group in groupby(events, key=lambda e: e.date.strftime("%Y-%m"))
        for items in [list(group)]
    ]
    return InstitutePage(
        issuer=issuer,
        name=issuer_name(issuer) or issuer,
        months=tuple(months),
        truncated=len(rows) > MAX_EVENTS,
    )


def month_label(day: dt.date) -> str:
    """'agosto de 2021'."""
    return f"{month_names()[day.month]} de {day.year}"


def event(row: dict[str, Any], issuer: str) -> Event:
    kind, subject = row["kind"], row["subject_id"]
    url: str | None
    if row["subject_kind"] == "session":
        name, url = session_label(subject, issuer), urls.session_url(subject)
    elif row["subject_kind"] == "acuerdo":
        name, url = f"Acuerdo {subject}", urls.acuerdo_url(subject)
    else:
        name = title_of(row["title"], row["path"] or subject)
        url = urls.document_url(subject) if urls.DOC_ID.fullmatch(subject) else None
    return Event(
        date=row["date"],
        kind=kind,
        kind_label=label("event", kind),
        subject_id=subject,
        label=name,
        url=url,
        sources=row["sources"],
    )
