"""Everything the summaries of a set of documents need, read in five set-based queries
and grouped in Python: the number of queries does not grow with the documents
(`summary --all` ran 27 queries a document before, 23 s for 306 documents).

1. every document's metadata (names and links need them all, not only the chosen);
2. the `sessions` view and 3. the `acuerdos` view (issuer, subject, session), whole;
4. the claims about every subject the chosen documents or their institutes' timelines
   mention, in the order the summaries list them;
5. the findings whose evidence quotes a chosen document, with all their evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb

from models import Predicate

# The predicates a summary shows; `subject` comes from the acuerdos view (longest clause).
SHOWN = (
    Predicate.held_on,
    Predicate.held_at,
    Predicate.approved_in,
    Predicate.approved_on,
    Predicate.sent_to,
    Predicate.sent_on,
)
DOC_COLUMNS = (
    "doc_id",
    "path",
    "kind",
    "title",
    "issuer",
    "process",
    "issued_on",
    "period_start",
    "period_end",
    "status",
)

CLAIMS_SQL = f"""
with chosen as (select unnest($docs::varchar[]) as doc_id),
wanted as (
    select subject_id as id from claims where doc_id in (select doc_id from chosen)
    union select object from claims
        where predicate = '{Predicate.approved_in}' and doc_id in (select doc_id from chosen)
    union select unnest($subjects::varchar[])
)
select c.subject_id, c.predicate, c.object, c.doc_id, c.page, c.sentence
from claims c join documents d using (doc_id)
where c.predicate in ({", ".join(f"'{p}'" for p in SHOWN)}) and c.subject_id in (select id from wanted)
order by c.subject_id, c.predicate, c.object, d.path, c.page, c.char_start
"""

FINDINGS_SQL = """
select f.finding_id, f."check", f.severity, f.subject_kind, f.subject_id, f.message,
       e.doc_id, e.page, e.section_no, e.quote
from findings f join finding_evidence e using (finding_id)
where f.finding_id in (
    select finding_id from finding_evidence where doc_id in (select unnest($docs::varchar[]))
)
order by f.finding_id, e.evidence_no
"""


@dataclass(frozen=True)
class Claim:
    subject: str
    predicate: str
    object: str
    doc_id: str
    page: int | None
    sentence: str


@dataclass
class Finding:
    finding_id: str
    check: str
    severity: str
    subject_kind: str
    subject_id: str
    message: str
    evidence: list[dict[str, Any]]


class Facts:
    """The database as the summaries of `doc_ids` see it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
        self.docs: dict[str, dict[str, Any]] = {
            row[0]: dict(zip(DOC_COLUMNS, row, strict=True))
            for row in con.execute(
                f"select {', '.join(DOC_COLUMNS)} from documents order by path, doc_id"
            ).fetchall()
        }
        self.chosen = [d for d in dict.fromkeys(doc_ids) if d in self.docs]
        self.issuers = sorted({i for d in self.chosen if (i := self.docs[d]["issuer"])})
        self.session_issuer: dict[str, str | None] = dict(
            con.execute("select session_id, issuer from sessions order by session_id").fetchall()
        )
        self.acuerdos: dict[str, dict[str, Any]] = {
            a: {"issuer": issuer, "subject": subject, "session_id": session_id}
            for a, issuer, subject, session_id in con.execute(
                "select acuerdo_id, issuer, subject, session_id from acuerdos order by acuerdo_id"
            ).fetchall()
        }
        timeline = list(self.sessions_of(*self.issuers)) + list(self.acuerdos_of(*self.issuers))
        self.by_subject: dict[tuple[str, str], list[Claim]] = defaultdict(list)
        self.by_doc: dict[tuple[str, str], list[Claim]] = defaultdict(list)
        chosen = set(self.chosen)
        for row in con.execute(CLAIMS_SQL, {"docs": self.chosen, "subjects": timeline}).fetchall():
            claim = Claim(*row)
            self.by_subject[claim.subject, claim.predicate].append(claim)
            if claim.doc_id in chosen:
                self.by_doc[claim.doc_id, claim.predicate].append(claim)
        self.findings: dict[str, Finding] = {}
        for fid, check, severity, kind, subject, message, doc_id, page, section_no, quote in con.execute(
            FINDINGS_SQL, {"docs": self.chosen}
        ).fetchall():
            finding = self.findings.setdefault(fid, Finding(fid, check, severity, kind, subject, message, []))
            finding.evidence.append(
                {"doc_id": doc_id, "page": page, "section_no": section_no, "quote": quote}
            )

    def sessions_of(self, *issuers: str) -> list[str]:
        wanted = set(issuers)
        return [s for s, issuer in self.session_issuer.items() if issuer in wanted]

    def acuerdos_of(self, *issuers: str) -> list[str]:
        wanted = set(issuers)
        return [a for a, row in self.acuerdos.items() if row["issuer"] in wanted]

    def claims(self, subject: str, predicate: Predicate) -> list[Claim]:
        """Every claim about `subject` with `predicate`, by value, then path and page."""
        return self.by_subject.get((subject, predicate), [])

    def own(self, doc_id: str, predicate: Predicate) -> list[tuple[str, str]]:
        """Distinct (subject, value) the document itself claims, sorted."""
        return sorted({(c.subject, c.object) for c in self.by_doc.get((doc_id, predicate), [])})

    def findings_of(self, doc_id: str) -> list[Finding]:
        """Findings whose evidence quotes the document, by finding_id."""
        return [f for f in self.findings.values() if any(e["doc_id"] == doc_id for e in f.evidence)]
