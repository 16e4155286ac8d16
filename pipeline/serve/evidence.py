"""Findings with their evidence: each quoted claim with its document, page, and the
mentions it rests on marked, so conflicting values stand out side by side."""

from __future__ import annotations

import json
from typing import Any

import duckdb

import pipeline.serve.urls as urls
from pipeline.serve.access import records
from pipeline.serve.common import claim_rows, document_ref, quote_excerpt, related_mentions
from pipeline.serve.views import DocumentRef, Evidence, FindingItem
from pipeline.summarise.names import session_label

FINDING_COLUMNS = 'f.finding_id, f."check", f.severity, f.subject_kind, f.subject_id, f.message, f.evidence'
MAX_CLAIMS = 2000  # evidence claims looked up for one page of findings


def findings(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> tuple[FindingItem, ...]:
    """Findings (rows of FINDING_COLUMNS) with their evidence's documents and claims."""
    evidence = {row["finding_id"]: parse_evidence(row["evidence"]) for row in rows}
    items = [e for found in evidence.values() for e in found]
    subjects = {row["subject_id"] for row in rows if row["subject_kind"] == "document"}
    doc_ids = sorted({str(e["doc_id"]) for e in items if e.get("doc_id")} | subjects)
    docs = {
        d["doc_id"]: document_ref(d)
        for d in records(
            con, "select doc_id, title, path from documents where list_contains(?, doc_id)", [doc_ids]
        )
    }
    claim_ids = sorted({str(e["claim_id"]) for e in items if e.get("claim_id")})
    claims = {
        c["claim_id"]: c for c in claim_rows(con, "list_contains(?, c.claim_id)", [claim_ids], MAX_CLAIMS)
    }
    return tuple(
        FindingItem(
            finding_id=row["finding_id"],
            check=row["check"],
            severity=row["severity"],
            subject_kind=row["subject_kind"],
            subject_id=row["subject_id"],
            subject_label=subject_label(row["subject_kind"], row["subject_id"], docs),
            subject_url=urls.subject_url(row["subject_kind"], row["subject_id"]),
            message=row["message"],
            evidence=tuple(evidence_item(e, docs, claims) for e in evidence[row["finding_id"]]),
        )
        for row in rows
    )


def subject_label(kind: str, subject_id: str, docs: dict[str, DocumentRef]) -> str:
    """A session by its name, a document by its title, an acuerdo by its ID."""
    if kind == "session":
        return session_label(subject_id, None)
    if kind == "document":
        return docs[subject_id].title if subject_id in docs else "documento"
    return subject_id


def parse_evidence(raw: str | None) -> list[dict[str, Any]]:
    try:
        items = json.loads(raw or "[]")
    except json.JSONDecodeError:
        return []
    return [e for e in items if isinstance(e, dict)] if isinstance(items, list) else []


def evidence_item(
    item: dict[str, Any], docs: dict[str, DocumentRef], claims: dict[str, dict[str, Any]]
) -> Evidence:
    doc = docs.get(str(item.get("doc_id")))
    page = item.get("page") if isinstance(item.get("page"), int) else None
    claim = claims.get(str(item.get("claim_id")))
    return Evidence(
        claim_id=item.get("claim_id"),
        document=doc,
        page=page,
        page_url=urls.page_url(doc.doc_id, page) if doc and page else None,
        section_no=item.get("section_no") if isinstance(item.get("section_no"), int) else None,
        quote=" ".join(str(item.get("quote") or "").split()),
        excerpt=quote_excerpt(claim, related_mentions([claim])) if claim else None,
    )


def findings_about(
    con: duckdb.DuckDBPyConnection, subject_ids: list[str], limit: int = 100
) -> tuple[FindingItem, ...]:
    rows = records(
        con,
        f"select {FINDING_COLUMNS} from findings f where list_contains(?, f.subject_id)"
        " order by f.severity = 'info', f.severity = 'warning', f.finding_id limit ?",
        [subject_ids, limit],
    )
    return findings(con, rows)
