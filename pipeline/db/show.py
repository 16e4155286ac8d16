"""`show`: everything known about one acuerdo, session or document, with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.db.paths import documents_at
from pipeline.db.store import connect
from pipeline.errors import InformesError, NotFound
from pipeline.grammar.ids import normalise

Rows = tuple[list[str], list[tuple[Any, ...]]]


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Rows:
    result = con.execute(sql, params)
    return [d[0] for d in result.description], result.fetchall()


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


def describe(
    kind: str, ident: str, db: str | Path | None
) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Sections of a `show` answer: (title, columns, rows)."""
    con = connect(db, read_only=True)
    try:
        if kind == "acuerdo":
            key = normalise(ident)
            head = fetch(con, "select * from acuerdos where acuerdo_id = ?", [key])
            if not head[1]:
                raise NotFound(
                    f'no acuerdo {key} in the database — list them with: informes query "select acuerdo_id from acuerdos"'
                )
            claims = fetch(con, PROVENANCE.format(where="c.subject_id = ? or c.object = ?"), [key, key])
            findings = fetch(
                con, 'select severity, "check", message from findings where subject_id = ?', [key]
            )
            return [(f"Acuerdo {key}", *head), ("Claims", *claims), ("Findings", *findings)]
        if kind == "session":
            head = fetch(
                con,
                "select * from sessions where session_id like ? || '%' order by session_id",
                [ident.lower()],
            )
            if not head[1]:
                raise NotFound(
                    f'no session starting with {ident!r} — list them with: informes query "select session_id from sessions"'
                )
            ids = [r[0] for r in head[1]]
            claims = fetch(
                con,
                PROVENANCE.format(
                    where="c.subject_id in (select unnest(?)) or c.object in (select unnest(?))"
                ),
                [ids, ids],
            )
            findings = fetch(
                con,
                'select severity, "check", message from findings where subject_id in (select unnest(?))',
                [ids],
            )
            return [("Session", *head), ("Claims", *claims), ("Findings", *findings)]
        if kind in ("doc", "document"):
            head = fetch(
                con,
                "select doc_id, path, kind, title, issuer, process, issued_on, period_start, period_end,"
                " pages, status, error from documents where doc_id like ? || '%' or list_contains(?, doc_id)",
                [ident, documents_at(con, ident)],
            )
            if not head[1]:
                raise NotFound(
                    f'no document {ident!r} — list them with: informes query "select doc_id, path from documents"'
                )
            doc_id = head[1][0][0]
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
            return [
                ("Document", *head),
                ("Sections", *sections),
                ("Claims", *claims),
                ("Findings", *findings),
            ]
        raise InformesError(f"unknown kind {kind!r} — use acuerdo, session or doc")
    finally:
        con.close()
