"""The interface's stable URLs: one function per kind of page, so links are made in
one place (session IDs hold '|' and '/', so they are encoded whole)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

DOC_PREFIX = 12  # links name a document by the first 12 hex digits, as claim_ids do
DOC_ID = re.compile(r"[0-9a-f]{12,64}")


def acuerdo_url(acuerdo_id: str) -> str:
    return "/acuerdos/" + quote(acuerdo_id, safe="/")


def session_url(session_id: str) -> str:
    return "/sesiones/" + quote(session_id, safe="")


def document_url(doc_id: str) -> str:
    return f"/documentos/{doc_id[:DOC_PREFIX]}"


def page_url(doc_id: str, page: int) -> str:
    return f"{document_url(doc_id)}/paginas/{page}"


def image_url(doc_id: str, page: int) -> str:
    return f"{page_url(doc_id, page)}.png"


def institute_url(issuer: str) -> str:
    return "/instituciones/" + quote(issuer, safe="")


def query_url(path: str, **params: str | int | None) -> str:
    """`path` with the given non-empty query parameters."""
    given = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(given)}" if given else path


def subject_url(kind: str, subject_id: str) -> str | None:
    if kind == "acuerdo":
        return acuerdo_url(subject_id)
    if kind == "session":
        return session_url(subject_id)
    if kind == "document" and DOC_ID.fullmatch(subject_id):
        return document_url(subject_id)
    return None
