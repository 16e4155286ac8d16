"""Stage 8 — summarise: Spanish summaries rendered from the database alone.

`document_summary(con, doc_id)` and `institute_timeline(con, issuer)` gather plain
dicts; `render(name, context, fmt)` fills `templates/<name>.<fmt>.j2`. A fact given
different values anywhere in the database is shown with every value and its evidence.
Sentences are worded the way the extractor reads them, so a Markdown summary ingested
as a text document yields the same sessions, acuerdos and dates (tests/test_summarise.py).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import jinja2

from models import Predicate
from pipeline.check.common import has_cue
from pipeline.summarise.names import institute_names, recipient, say_date, session_label

Context = dict[str, Any]


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.summarise", "templates"),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fecha"] = say_date
    return env


def render(name: str, context: Context, fmt: str) -> str:
    return environment().get_template(f"{name}.{fmt}.j2").render(**context)


def values(con: duckdb.DuckDBPyConnection, subject: str, predicate: Predicate) -> list[Context]:
    """Every value the database gives for a fact, each with its evidence."""
    grouped: dict[str, list[Context]] = {}
    for value, path, doc_id, page, sentence in con.execute(
        "select c.object, d.path, d.doc_id, c.page, c.sentence from claims c join documents d using (doc_id)"
        " where c.subject_id = ? and c.predicate = ? order by c.object, d.path, c.page",
        [subject, predicate],
    ).fetchall():
        grouped.setdefault(value, []).append(
            {"doc": Path(path).name, "ref": doc_id[:12], "page": page, "quote": sentence}
        )
    return [{"value": value, "evidence": evidence} for value, evidence in grouped.items()]


def own_subjects(con: duckdb.DuckDBPyConnection, doc_id: str, predicate: Predicate) -> list[tuple[str, str]]:
    return con.execute(
        "select distinct subject_id, object from claims where doc_id = ? and predicate = ? order by 1, 2",
        [doc_id, predicate],
    ).fetchall()


def acuerdo_subject(con: duckdb.DuckDBPyConnection, acuerdo_id: str) -> str | None:
    row = con.execute("select subject from acuerdos where acuerdo_id = ?", [acuerdo_id]).fetchone()
    return row[0] if row and row[0] else None


def document_summary(con: duckdb.DuckDBPyConnection, doc_id: str) -> Context:
    row = con.execute(
        "select doc_id, path, kind, title, issuer, process, issued_on, period_start, period_end"
        " from documents where doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        raise KeyError(doc_id)
    doc = dict(
        zip(
            (
                "doc_id",
                "path",
                "kind",
                "title",
                "issuer",
                "process",
                "issued_on",
                "period_start",
                "period_end",
            ),
            row,
            strict=True,
        )
    )
    doc["name"] = Path(doc["path"]).name
    doc["issuer_name"] = institute_names().get(doc["issuer"] or "", doc["issuer"] or "sin emisor")
    approved_in = own_subjects(con, doc_id, Predicate.approved_in)
    session_ids = sorted(
        {s for s, _ in own_subjects(con, doc_id, Predicate.held_on)} | {o for _, o in approved_in}
    )
    sessions = [
        session_context(con, sid, doc["issuer"], [a for a, o in approved_in if o == sid])
        for sid in session_ids
    ]
    sessions.sort(key=lambda s: (s["dates"][0]["value"] if s["dates"] else "9999", s["session_id"]))
    linked = {a for a, _ in approved_in}
    loose = sorted({a for a, _ in own_subjects(con, doc_id, Predicate.approved_on)} - linked)
    return {
        "doc": doc,
        "sessions": sessions,
        "loose": [acuerdo_context(con, a) for a in loose],
        "sent": sent_context(con, doc_id),
        "findings": findings_of(con, doc_id),
    }


def session_context(
    con: duckdb.DuckDBPyConnection, session_id: str, issuer: str | None, acuerdos: list[str]
) -> Context:
    # a resumed session's later date is no conflict (issue #checks; A-ieepco-informe-2021-06)
    dates = values(con, session_id, Predicate.held_on)
    resumed = [d for d in dates if all(has_cue("resumed", e["quote"]) for e in d["evidence"])]
    held = [d for d in dates if d not in resumed] or resumed[:1]
    return {
        "session_id": session_id,
        "label": session_label(session_id, issuer),
        "dates": held,
        "resumed": [d for d in resumed if d not in held],
        "times": values(con, session_id, Predicate.held_at),
        "acuerdos": [acuerdo_context(con, a) for a in sorted(acuerdos)],
    }


def acuerdo_context(con: duckdb.DuckDBPyConnection, acuerdo_id: str) -> Context:
    return {
        "acuerdo_id": acuerdo_id,
        "subject": acuerdo_subject(con, acuerdo_id),
        "dates": values(con, acuerdo_id, Predicate.approved_on),
        "sessions": values(con, acuerdo_id, Predicate.approved_in),
    }


def sent_context(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[Context]:
    sent: dict[str, Context] = {}
    for subject, predicate, value in con.execute(
        "select subject_id, predicate, object from claims where doc_id = ? and predicate in (?, ?)"
        " order by subject_id, predicate, object",
        [doc_id, Predicate.sent_to, Predicate.sent_on],
    ).fetchall():
        item = sent.setdefault(
            subject, {"subject": subject if subject != doc_id else "el documento", "to": [], "on": []}
        )
        bucket = item["to" if predicate == Predicate.sent_to else "on"]
        value = recipient(value) if predicate == Predicate.sent_to else value
        if value not in bucket:
            bucket.append(value)
    return list(sent.values())


def findings_of(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[Context]:
    """Findings whose evidence quotes this document, with the pages quoted."""
    found: dict[str, Context] = {}
    for finding_id, check, severity, message, page, section_no in con.execute(
        'select f.finding_id, f."check", f.severity, f.message, e.page, e.section_no'
        " from findings f join finding_evidence e using (finding_id)"
        " where e.doc_id = ? order by f.finding_id, e.evidence_no",
        [doc_id],
    ).fetchall():
        item = found.setdefault(
            finding_id, {"check": check, "severity": severity, "message": message, "evidence": []}
        )
        item["evidence"].append({"page": page, "section_no": section_no})
    return list(found.values())


def institute_timeline(con: duckdb.DuckDBPyConnection, issuer: str) -> Context:
    events: list[Context] = []
    for (session_id,) in con.execute(
        "select session_id from sessions where issuer = ? order by session_id", [issuer]
    ).fetchall():
        for item in values(con, session_id, Predicate.held_on) or [{"value": "", "evidence": []}]:
            events.append(
                {
                    "date": item["value"],
                    "kind": "sesión",
                    "text": session_label(session_id, issuer),
                    "evidence": item["evidence"],
                    "conflict": len(values(con, session_id, Predicate.held_on)) > 1,
                }
            )
    for (acuerdo_id,) in con.execute(
        "select acuerdo_id from acuerdos where issuer = ? order by acuerdo_id", [issuer]
    ).fetchall():
        dates = values(con, acuerdo_id, Predicate.approved_on)
        for item in dates:
            events.append(
                {
                    "date": item["value"],
                    "kind": "acuerdo",
                    "text": acuerdo_id,
                    "evidence": item["evidence"],
                    "conflict": len(dates) > 1,
                }
            )
    events.sort(key=lambda e: (e["date"] or "9999", e["kind"], e["text"]))
    return {"issuer": issuer, "issuer_name": institute_names().get(issuer, issuer), "events": events}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "sin-nombre"


def write_summaries(con: duckdb.DuckDBPyConnection, doc_ids: list[str], fmt: str, out: Path) -> list[Path]:
    """Render each document and the timeline of each of their institutes into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    issuers = set()
    for doc_id in doc_ids:
        context = document_summary(con, doc_id)
        issuers.add(context["doc"]["issuer"])
        path = out / f"{Path(context['doc']['name']).stem}.{fmt}"
        path.write_text(render("document", context, fmt), encoding="utf-8")
        written.append(path)
    for issuer in sorted(i for i in issuers if i):
        path = out / f"instituto-{slug(issuer)}.{fmt}"
        path.write_text(render("timeline", institute_timeline(con, issuer), fmt), encoding="utf-8")
        written.append(path)
    return written
