"""Information about a document's structure and references: its table of contents, and
acuerdos cited as approved that no document places in a session."""

from __future__ import annotations

import duckdb

from models import Finding, Predicate, Severity, SubjectKind
from pipeline.check.common import CLAIM_COLUMNS, Quote, finding
from pipeline.vocab import fold


def toc_mismatch(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Table-of-contents entries (kept at extraction) missing from the body, and
    top-level headings missing from the table of contents."""
    found = []
    toc: dict[str, list[tuple[str, int]]] = {}
    for doc_id, title, page in con.execute(
        "select t.doc_id, t.title, t.page from toc_entries t join documents d using (doc_id)"
        " where d.status = 'ok' order by t.doc_id, t.entry_no"
    ).fetchall():
        toc.setdefault(doc_id, []).append((title, page))
    # one query for every document's sections: one query per document scanned the whole
    # table each time (doc ids are random, so DuckDB's zone maps cannot skip), n² in all
    by_doc: dict[str, list[tuple]] = {}
    for doc_id, *section in con.execute(
        "select doc_id, heading, page_start, section_no, in_toc, level from sections"
        " where doc_id in (select doc_id from toc_entries) order by doc_id, section_no"
    ).fetchall():
        by_doc.setdefault(doc_id, []).append(tuple(section))
    for doc_id, entries in toc.items():
        sections = by_doc.get(doc_id, [])
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
                        [Quote(None, doc_id, page, None, title)],
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
                        [Quote(None, doc_id, page, section_no, heading)],
                    )
                )
    return found


def unresolved_reference(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = con.execute(f"""
        select subject_id, {CLAIM_COLUMNS} from claims
        where predicate = '{Predicate.approved_on}' and subject_id not in
              (select subject_id from claims where predicate = '{Predicate.approved_in}')
        order by subject_id, claim_id""").fetchall()
    grouped: dict[str, list[Quote]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(Quote(*row[1:]))
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
