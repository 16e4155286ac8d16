"""Batch ingest: files in, DuckDB out, whole documents per transaction.

    for path in discover(paths):
        if unchanged(path): skip                      # hashing only, no parsing
        if sharded(path): load its shard              # extracted by a run that was killed
    for result in guarded pool or Dask (changed):     # workers extract, write Parquet shards
        writer.add(result)                            # this process is the single writer
    refresh the search index and the findings         # if anything changed

Every document is written whole in one transaction (a transaction carries the documents
extracted in the last half second, up to 16), and the rows a document gets depend only on
its bytes (ids derive from doc_id), so the order of writes, the number of workers, or a
SIGKILL followed by a re-run all give the same database.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import time
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from models import DocStatus, Extraction
from pipeline.batch.limits import Guard
from pipeline.batch.plan import MAX_BYTES, Omission, discover, plan
from pipeline.batch.shards import Compactor, Sharded, resume, shard_root, to_shard
from pipeline.db.guard import disk_full
from pipeline.db.search import index_is_fresh, rebuild_search_index
from pipeline.db.store import (
    connect,
    findings_fresh,
    forget_documents,
    record_paths,
    replace_findings,
    resolve_db,
)
from pipeline.errors import InformesError, UnreadableDocument
from pipeline.read import OCR_MODES, tesseract_available
from pipeline.read.ocr import INSTALL_TESSERACT

if TYPE_CHECKING:
    from pipeline.batch.writer import Stored

# The extraction stages (spaCy, the grammars), the checks and pyarrow load only when a
# document has to be extracted or written: an unchanged re-ingest only hashes and asks
# the database.

__all__ = ["Guard", "IngestReport", "discover", "ingest", "prune"]


@dataclass
class IngestReport:
    documents: int = 0  # stored by this run (failures as error rows included)
    skipped: int = 0  # unchanged documents, not read again
    files: int = 0  # files found (copies of one document included)
    distinct: int = 0  # documents among them: files with the same bytes are one
    pages: int = 0
    mentions: int = 0
    claims: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # every failure of this run
    kept: list[str] = field(default_factory=list)  # failures that left a good stored version
    retried: int = 0  # documents stored as failed before, tried again
    omitted: list[Omission] = field(default_factory=list)  # paths not read, and why
    notices: list[str] = field(default_factory=list)  # what the run says before it starts

    def add(self, stored: Stored) -> None:
        problem = stored.error or stored.path
        if stored.kept:
            self.errors.append(problem)
            self.kept.append(problem)
            return
        self.documents += 1
        self.pages += stored.pages
        self.mentions += stored.mentions
        self.claims += stored.claims
        if stored.status != DocStatus.ok:
            self.errors.append(problem)


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
    on_document: Callable[[Path, Stored | None], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    report: IngestReport | None = None,
    dask: str | None = None,
    shards: str | Path | None = None,
) -> IngestReport:
    """Ingest files and folders into the database. Unchanged files (same sha256, same
    extractor version) are skipped after hashing; bad files become `documents` rows with
    a status and an error naming the file, and the batch goes on (`strict` stops it).
    Documents stored as failed are tried again. A failure of this run's limits never
    replaces a good stored version (`report.kept`). Paths that could not be read are in
    `report.omitted`; `on_notice` hears them, and what the run does, as it starts.
    `report`, if given, is filled as the run goes (what was stored when Ctrl-C stops it).
    `dask` is `local` or a scheduler's address (`pipeline.batch.cluster`); `shards` the
    folder of Parquet shards (default: `<db>.shards` beside the database)."""
    if ocr not in OCR_MODES:
        raise InformesError(f"unknown OCR mode {ocr!r} — use {', '.join(OCR_MODES)}")
    started, seen_at = time.monotonic(), dt.datetime.now()
    report = IngestReport() if report is None else report

    def notice(message: str) -> None:
        report.notices.append(message)
        if on_notice:
            on_notice(message)

    found = discover(paths)
    report.omitted = found.omitted
    for omission in found.omitted:
        notice(f"skipped {omission.path}: {omission.reason}")
    if ocr == "force" and not tesseract_available():
        notice(f"--ocr force: Tesseract is not installed, so no page is read by OCR; {INSTALL_TESSERACT}")
    try:
        with closing(connect(db)) as con:
            todo = plan(found.files, con, force, ocr, max_bytes, (guard or Guard()).time_limit)
            copies = {doc_id: [str(p) for p in paths] for doc_id, paths in todo.copies.items()}
            unchanged = [(d, p) for d, path in todo.unchanged for p in (str(path), *copies.get(d, []))]
            record_paths(con, unchanged, seen_at)
            if not todo.todo and not todo.refused:  # nothing to write: done in this connection
                refresh(con)
        report.files, report.distinct, report.retried = todo.files, todo.distinct, len(todo.retrying)
        if todo.retrying:
            notice(f"retrying {plural(len(todo.retrying), 'document')} that failed before")
        for _, path in todo.unchanged:
            report.skipped += 1
            if on_document:
                on_document(path, None)

        root = shard_root(db, shards)
        sharded, remaining = resume(todo.todo, root, force)
        compactor = Compactor(root)

        def stored(item: Stored) -> None:
            report.add(item)
            compactor.stored(item.shard)
            if on_document:
                on_document(Path(item.path), item)

        from pipeline.batch.writer import GroupWriter

        extracted = extract_all(remaining, reader, password, ocr, workers, guard, root, dask)
        try:
            with GroupWriter(resolve_db(db), stored, copies, seen_at) as writer:
                # chain, not (*refused, *extract_all(…)): unpacking ran every extraction
                # before the first write, so the writer never overlapped the workers
                for item in itertools.chain(todo.refused, sharded, extracted):
                    if strict and isinstance(item, Extraction) and item.document.status != DocStatus.ok:
                        writer.flush()
                        raise UnreadableDocument(
                            item.document.path, item.document.error or "", item.document.status
                        )
                    writer.add(item)
                writer.flush()
                if todo.todo or todo.refused:  # on the writer's connection: no other open and close
                    refresh(writer.connection())
        finally:
            extracted.close()  # the workers stop now (Ctrl-C, a full disk), not when collected
        compactor.finish()
    except duckdb.Error as exc:
        raise disk_full(exc, resolve_db(db)) or exc from None
    report.seconds = time.monotonic() - started
    return report


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """What is derived from the documents, brought up to date if they changed: the
    search index, and the findings (so `check`'s stored results, `show` and the
    summaries never describe facts that are gone; 0.3 s for 224 documents)."""
    if not index_is_fresh(con):  # an unchanged batch keeps its index (re-ingest time)
        rebuild_search_index(con)
    if not findings_fresh(con):
        from pipeline.check import run_checks

        replace_findings(con, run_checks(con))


def prune(db: str | Path | None = None, remove: bool = False) -> list[tuple[str, list[str]]]:
    """Documents whose files are gone from every path they were seen at: (doc_id,
    paths). A path counts as gone when no file is there (a file there with other bytes
    is for the next ingest to replace). With `remove`, they are deleted and what derives
    from them refreshed."""
    with closing(connect(db, create=False)) as con:
        seen = con.execute(
            "select doc_id, list(path order by path) from document_paths group by doc_id order by min(path)"
        ).fetchall()
        gone = [(doc_id, paths) for doc_id, paths in seen if not any(os.path.exists(p) for p in paths)]
        if remove and gone:
            forget_documents(con, [doc_id for doc_id, _ in gone])
            refresh(con)
    return gone


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def extract_all(
    todo: list[Path],
    reader: str,
    password: str | None,
    ocr: str,
    workers: int | None,
    guard: Guard | None,
    root: Path | None = None,
    dask: str | None = None,
) -> Generator[Extraction | Sharded]:
    """Extract every document of `todo` under the guard: in this process (one document),
    a local pool, or a Dask cluster. Good documents come back as shards in `root`."""
    options = {"reader": reader, "password": password, "ocr": ocr}
    then = functools.partial(to_shard, root=str(root)) if root is not None else None
    workers = min(workers or os.cpu_count() or 1, len(todo)) if not dask else workers or os.cpu_count() or 1
    if workers <= 0 or not todo:
        return
    if dask:
        from pipeline.batch.cluster import Cluster

        cluster = Cluster(dask, workers)
        try:
            yield from cluster.run(todo, options, root or Path("."), guard or Guard())
        finally:
            cluster.close()
        return
    from pipeline.batch.guard import GuardedPool, run_serial
    from pipeline.process import warm_up

    if guard is None and workers == 1 and len(todo) == 1:
        yield from run_serial(todo, options, then)  # one document: not worth a process
        return
    warm_up()  # spaCy and the grammars are built once, before forking: workers inherit them
    import pyarrow.parquet  # noqa: F401  (the shard writer, inherited too)

    pool = GuardedPool(workers, guard or Guard())
    try:
        yield from pool.run(todo, options, then)
    finally:
        pool.close()
