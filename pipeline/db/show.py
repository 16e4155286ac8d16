"""`show`: everything known about one acuerdo, session or document, with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.db.paths import documents_at
from pipeline.db.query import fetch
from pipeline.db.readonly import reading
from pipeline.errors import InformesError, NotFound
from pipeline.grammar.ids import normalise

Section = tuple[str, list[str], list[tuple[Any, ...]]]
CANDIDATES = 5  # documents an ambiguous prefix lists


class AmbiguousId(InformesError):
    """A doc_id prefix that starts several documents' IDs."""


SENTENCE_CHARS = 160  # longer sentences are cut in `show` tables; `query` gives them whole

PROVENANCE = f"""
select c.predicate, c.object, d.path, c.page, s.heading as section,
       case when length(c.sentence) > {SENTENCE_CHARS}
            then rtrim(left(regexp_replace(c.sentence, '\\s+', ' ', 'g'), {SENTENCE_CHARS - 1})) || '…'
            else regexp_replace(c.sentence, '\\s+', ' ', 'g') end as sentence
from claims c join documents d using (doc_id)
left join sections s on s.doc_id = c.doc_id and s.section_no = c.section_no
where {{where}} order by d.path, c.char_start, c.predicate
"""


def describe(kind: str, ident: str, db: str | Path | None) -> list[Section]:
    """Sections of a `show` answer: (title, columns, rows)."""
    shows = {"acuerdo": acuerdo, "session": session, "doc": document, "document": document}
    if kind not in shows:
        raise InformesError(f"unknown kind {kind!r} — use acuerdo, session or doc")
    with reading(db) as con:
        return shows[kind](con, ident)


def acuerdo(con: duckdb.DuckDBPyConnection, ident: str) -> list[Section]:
    key = normalise(ident)
    head = fetch(con, "select * from acuerdos where acuerdo_id = ?", [key])
    if not head[1]:
        raise NotFound(
            f'no acuerdo {key} in the database — list them with: informes query "select acuerdo_id from acuerdos"'
        )
    claims = fetch(con, PROVENANCE.format(where="c.subject_id = ? or c.object = ?"), [key, key])
    findings = fetch(con, 'select severity, "check", message from findings where subject_id = ?', [key])
    return [(f"Acuerdo {key}", *head), ("Claims", *claims), ("Findings", *findings)]


def session(con: duckdb.DuckDBPyConnection, ident: str) -> list[Section]:
    """Every session whose ID starts with `ident`, all shown (their IDs head the answer)."""
    head = fetch(
        con,
        "select * from sessions where starts_with(session_id, ?) order by session_id",
        [ident.lower()],
    )
    if not head[1]:
        raise NotFound(
            f'no session starting with {ident!r} — list them with: informes query "select session_id from sessions"'
        )
    ids = [r[0] for r in head[1]]
    claims = fetch(
        con,
        PROVENANCE.format(where="c.subject_id in (select unnest(?)) or c.object in (select unnest(?))"),
        [ids, ids],
    )
    findings = fetch(
        con, 'select severity, "check", message from findings where subject_id in (select unnest(?))', [ids]
    )
    return [("Session", *head), ("Claims", *claims), ("Findings", *findings)]


def document(con: duckdb.DuckDBPyConnection, ident: str) -> list[Section]:
    doc_id = resolve_doc(con, ident)
    head = fetch(
        con,
        "select doc_id, path, kind, title, issuer, process, issued_on, period_start, period_end,"
        " pages, status, error from documents where doc_id = ?",
        [doc_id],
    )
    sections = fetch(
        con,
        "select section_no, parent_no, level, heading, page_start, page_end from sections"
        " where doc_id = ? order by section_no",
        [doc_id],
    )
    claims = fetch(
        con,
        "select subject_id, predicate, object, page from claims where doc_id = ? order by char_start",
        [doc_id],
    )
    findings = fetch(
        con,
        'select severity, "check", subject_id, message from findings where finding_id in'
        " (select finding_id from finding_evidence where doc_id = ?) order by finding_id",
        [doc_id],
    )
    return [("Document", *head), ("Sections", *sections), ("Claims", *claims), ("Findings", *findings)]


def resolve_doc(con: duckdb.DuckDBPyConnection, ident: str, ok_only: bool = False) -> str:
    """The doc_id that `ident` names: a path, a whole doc_id or the start of exactly one
    (taken literally: `%` and `_` are characters). A prefix of several is refused with
    the candidates, never resolved to the first."""
    seen_at = documents_at(con, ident)  # every path its bytes were found at, not only the first
    rows = con.execute(
        "select doc_id, path from documents where (path = ? or starts_with(doc_id, ?) or list_contains(?, doc_id))"
        + (" and status = 'ok'" if ok_only else "")
        + " order by path, doc_id",
        [ident, ident.lower(), seen_at],
    ).fetchall()
    exact = [doc_id for doc_id, path in rows if path == ident or doc_id == ident.lower() or doc_id in seen_at]
    if ident and exact:
        return exact[0]
    if not ident or not rows:
        raise NotFound(
            f"no document with id starting {ident!r} (nor at that path) — list them with: "
            'informes query "select doc_id, path from documents"'
        )
    if len(rows) > 1:
        listed = ", ".join(f"{doc_id[:12]} {path}" for doc_id, path in rows[:CANDIDATES])
        more = f" and {len(rows) - CANDIDATES} more" if len(rows) > CANDIDATES else ""
        raise AmbiguousId(
            f"{ident!r} starts the IDs of {len(rows)} documents: {listed}{more} — give more characters of the doc_id, or its path"
        )
    return str(rows[0][0])
