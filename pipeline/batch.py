"""The orchestrator: files in, DuckDB out, one transaction per document.

    for path in discover(paths):
        if unchanged(path): skip                      # hashing only, no parsing
    for extraction in pool.run(changed):              # worker processes read and extract
        writer.add(extraction)                        # this process is the single writer

Every document is written whole in one transaction (a transaction carries the documents
extracted in the last half second, up to 16), and the rows a document gets depend only on
its bytes (ids derive from doc_id), so the order of writes, the number of workers, or a
SIGKILL followed by a re-run all give the same database.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from models import DocStatus, Extraction
from pipeline.errors import InformesError, UnreadableDocument
from pipeline.pool import Guard, Pool, run_serial
from pipeline.process import EXTRACTOR_VERSION, failed, warm_up
from pipeline.read import OCR_MODES, hash_bytes, tesseract_available
from pipeline.search import index_is_fresh, rebuild_search_index
from pipeline.store import connect, write, write_many

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".md")
MAX_BYTES = 200 * 1024 * 1024
# Documents per transaction: in groups of 16 a document cost the writer 4 ms, alone 27 ms.
GROUP_DOCUMENTS, GROUP_SECONDS = 16, 0.5


@dataclass
class IngestReport:
    documents: int = 0
    skipped: int = 0
    pages: int = 0
    mentions: int = 0
    claims: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, extraction: Extraction) -> None:
        self.documents += 1
        self.pages += extraction.document.pages
        self.mentions += len(extraction.mentions)
        self.claims += len(extraction.claims)
        if extraction.document.status != DocStatus.ok:
            self.errors.append(extraction.document.error or extraction.document.path)


class GroupWriter:
    """Collects extractions and writes them a group per transaction; `done` is called
    for each document once it is stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection, done: Callable[[Extraction], None]) -> None:
        self.con, self.done = con, done
        self.pending: list[Extraction] = []
        self.since = time.monotonic()

    def add(self, extraction: Extraction) -> None:
        doc = extraction.document
        if any(p.document.doc_id == doc.doc_id or p.document.path == doc.path for p in self.pending):
            self.flush()  # a copy of a pending file replaces it: keep the order of writes
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(extraction)
        if len(self.pending) >= GROUP_DOCUMENTS or time.monotonic() - self.since >= GROUP_SECONDS:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        try:
            write_many(self.con, pending)
        except duckdb.Error:
            for extraction in pending:  # one at a time: the documents before a bad one are kept
                write(self.con, extraction)
        for extraction in pending:
            self.done(extraction)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and documents (.txt, .pdf, .md) under folders named, recursively."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InformesError(f"no such file or folder: {path} — check the path")
    return found


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """doc_id → (extractor_version, status) for every stored document, in one query."""
    rows = con.execute("select doc_id, extractor_version, status from documents").fetchall()
    return {doc_id: (version, status) for doc_id, version, status in rows}


def too_large(path: Path, max_bytes: int) -> Extraction | None:
    size = path.stat().st_size
    if size <= max_bytes:
        return None
    mb = 1024 * 1024
    return failed(
        path,
        f"file too large ({size / mb:.0f} MB > {max_bytes / mb:.0f} MB limit); raise --max-bytes to read it",
        "error",
        hash_bytes(f"too large:{path}".encode()),
    )


def is_current(known: tuple[str, str] | None, ocr: str) -> bool:
    """Same bytes, same extractor version — unless OCR could now rescue a page-less scan."""
    if known is None or known[0] != EXTRACTOR_VERSION:
        return False
    return not (known[1] == DocStatus.no_text and ocr != "off" and tesseract_available())


def plan(
    files: list[Path], con: duckdb.DuckDBPyConnection, force: bool, ocr: str, max_bytes: int
) -> tuple[list[Path], list[Path], list[Extraction]]:
    """Split files into (unchanged, to extract, refused without reading)."""
    known = {} if force else known_documents(con)
    unchanged, todo, refused = [], [], []
    for path in files:
        if (big := too_large(path, max_bytes)) is not None:
            refused.append(big)
        elif not force and is_current(known.get(hash_bytes(path.read_bytes())), ocr):
            unchanged.append(path)
        else:
            todo.append(path)
    return unchanged, todo, refused


def ingest(
    paths: Iterable[str | Path],
    db: str | Path | None = None,
    reader: str = "pypdfium2",
    password: str | None = None,
    force: bool = False,
    strict: bool = False,
    workers: int | None = None,
    ocr: str = "auto",
    max_bytes: int = MAX_BYTES,
    guard: Guard | None = None,
    on_document: Callable[[Path, Extraction | None], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the database. Unchanged files (same sha256, same
    extractor version) are skipped after hashing; bad files become `documents` rows with
    a status and an error naming the file, and the batch goes on (`strict` stops it)."""
    if ocr not in OCR_MODES:
        raise InformesError(f"unknown OCR mode {ocr!r} — use {', '.join(OCR_MODES)}")
    started = time.monotonic()
    files = discover(paths)
    report = IngestReport()
    con = connect(db)
    try:
        unchanged, todo, refused = plan(files, con, force, ocr, max_bytes)
        for path in unchanged:
            report.skipped += 1
            if on_document:
                on_document(path, None)

        def stored(extraction: Extraction) -> None:
            report.add(extraction)
            if on_document:
                on_document(Path(extraction.document.path), extraction)

        writer = GroupWriter(con, stored)
        # chain, not (*refused, *extract_all(…)): unpacking ran every extraction before the
        # first write, so the writer never overlapped the workers
        for extraction in itertools.chain(refused, extract_all(todo, reader, password, ocr, workers, guard)):
            if strict and extraction.document.status != DocStatus.ok:
                writer.flush()
                raise UnreadableDocument(
                    extraction.document.path,
                    extraction.document.error or "",
                    extraction.document.status,
                )
            writer.add(extraction)
        writer.flush()
        if not index_is_fresh(con):  # an unchanged batch keeps its index (re-ingest time)
            rebuild_search_index(con)
    finally:
        con.close()
    report.seconds = time.monotonic() - started
    return report


def extract_all(
    todo: list[Path],
    reader: str,
    password: str | None,
    ocr: str,
    workers: int | None,
    guard: Guard | None,
) -> Iterable[Extraction]:
    options = {"reader": reader, "password": password, "ocr": ocr}
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if workers <= 0:
        return
    if guard is None and workers == 1 and len(todo) == 1:
        yield from run_serial(todo, options)  # one document: not worth a process
        return
    warm_up()  # spaCy and the grammars are built once, before forking: workers inherit them
    pool = Pool(workers, guard or Guard())
    try:
        yield from pool.run(todo, options)
    finally:
        pool.close()
