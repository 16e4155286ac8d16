"""Stage 8 — summarise: Spanish summaries rendered from the database alone.

`write_summaries(con, doc_ids, fmt, out)` writes, into one folder, a summary per
document, a timeline per institute of those documents and an index linking them all
(site.py: names and links). The database is read in a few set-based queries whatever
the number of documents (gather.py); contexts.py turns it into the plain dicts that
`render(name, context, fmt)` fills `templates/<name>.<fmt>.j2` with (markup.py: HTML
autoescaped, Markdown escaped). A fact given different values anywhere in the database
is shown with every value and its evidence. Sentences are worded the way the extractor
reads them, so a Markdown summary ingested as a text document yields the same sessions,
acuerdos and dates (tests/summarise/test_summarise.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb

from pipeline.errors import InformesError
from pipeline.summarise.contexts import Context, Contexts
from pipeline.summarise.gather import Facts
from pipeline.summarise.markup import render
from pipeline.summarise.site import Site

__all__ = [
    "Context",
    "SummaryFolderError",
    "contexts",
    "document_summary",
    "institute_timeline",
    "render",
    "write_summaries",
]


class SummaryFolderError(InformesError):
    """The folder given for the summaries cannot be created or written."""


def contexts(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> Contexts:
    facts = Facts(con, doc_ids)
    return Contexts(facts, Site(facts))


def document_summary(con: duckdb.DuckDBPyConnection, doc_id: str) -> Context:
    built = contexts(con, [doc_id])
    if doc_id not in built.facts.docs:
        raise KeyError(doc_id)
    return built.document(doc_id)


def institute_timeline(
    con: duckdb.DuckDBPyConnection, issuer: str, doc_ids: list[str] | None = None
) -> Context:
    """The timeline of `issuer`, linking the summaries of `doc_ids` (default: the
    institute's documents)."""
    if doc_ids is None:
        doc_ids = [
            r[0]
            for r in con.execute(
                "select doc_id from documents where issuer = ? and status = 'ok' order by path", [issuer]
            ).fetchall()
        ]
    return contexts(con, doc_ids).timeline(issuer)


def write_summaries(con: duckdb.DuckDBPyConnection, doc_ids: list[str], fmt: str, out: Path) -> list[Path]:
    """Render each document, the timeline of each of their institutes and the index into
    `out`; the paths written, one per file, in that order (the index last)."""
    built = contexts(con, doc_ids)
    site = built.site
    pages: list[tuple[str, str, Callable[[], Context]]] = [
        (site.pages[d], "document", partial(built.document, d)) for d in built.facts.chosen
    ]
    pages += [(site.timelines[i], "timeline", partial(built.timeline, i)) for i in built.facts.issuers]
    pages.append((site.index.page, "index", built.index))
    folder(out)
    written = []
    for page, template, context in pages:
        path = out / f"{page}.{fmt}"
        try:
            path.write_text(render(template, context(), fmt), encoding="utf-8")
        except OSError as exc:
            raise SummaryFolderError(
                f"cannot write {path}: {exc.strerror or exc} — pass --out with a folder you can write to"
            ) from None
        written.append(path)
    return written


def folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SummaryFolderError(
            f"{out} is not a folder — pass --out with a folder (it is created if missing)"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SummaryFolderError(
            f"cannot create the folder {out}: {exc.strerror or exc} — pass --out with a folder you can write to"
        ) from None
