"""Batch ingest: files in, DuckDB out, whole documents per transaction.

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

from models import DocStatus, Extraction
from pipeline.batch.plan import MAX_BYTES, discover, plan
from pipeline.batch.pool import Guard, Pool, run_serial
from pipeline.batch.writer import GroupWriter
from pipeline.db.search import index_is_fresh, rebuild_search_index
from pipeline.db.store import connect
from pipeline.errors import InformesError, UnreadableDocument
from pipeline.process import warm_up
from pipeline.read import OCR_MODES

__all__ = ["Guard", "IngestReport", "discover", "ingest"]


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
