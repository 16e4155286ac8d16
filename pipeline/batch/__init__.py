"""Batch ingest: files in, DuckDB out, whole documents per transaction.

    for path in discover(paths):
        if unchanged(path): skip                      # hashing only, no parsing
        if sharded(path): load its shard              # extracted by a run that was killed
    for result in guarded pool or Dask (changed):     # workers extract, write Parquet shards
        writer.add(result)                            # this process is the single writer

Every document is written whole in one transaction (a transaction carries the documents
extracted in the last half second, up to 16), and the rows a document gets depend only on
its bytes (ids derive from doc_id), so the order of writes, the number of workers, or a
SIGKILL followed by a re-run all give the same database.
"""

from __future__ import annotations

import functools
import itertools
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from models import DocStatus, Extraction
from pipeline.batch.limits import Guard
from pipeline.batch.plan import MAX_BYTES, discover, plan
from pipeline.batch.shards import Compactor, Sharded, resume, shard_root, to_shard
from pipeline.db.search import index_is_fresh, rebuild_search_index
from pipeline.db.store import connect
from pipeline.errors import InformesError, UnreadableDocument
from pipeline.read import OCR_MODES

if TYPE_CHECKING:
    from pipeline.batch.writer import Stored

# The extraction stages (spaCy, the grammars) and pyarrow load only when a document has
# to be extracted or written: an unchanged re-ingest only hashes and asks the database.

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

    def add(self, stored: Stored) -> None:
        self.documents += 1
        self.pages += stored.pages
        self.mentions += stored.mentions
        self.claims += stored.claims
        if stored.status != DocStatus.ok:
            self.errors.append(stored.error or stored.path)


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
    dask: str | None = None,
    shards: str | Path | None = None,
) -> IngestReport:
    """Ingest files and folders into the database. Unchanged files (same sha256, same
    extractor version) are skipped after hashing; bad files become `documents` rows with
    a status and an error naming the file, and the batch goes on (`strict` stops it).
    `dask` is `local` or a scheduler's address (`pipeline.batch.cluster`); `shards` the
    folder of Parquet shards (default: `<db>.shards` beside the database)."""
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
        root = shard_root(db, shards)
        sharded, todo = resume(todo, root, force)
        compactor = Compactor(root)

        def stored(item: Stored) -> None:
            report.add(item)
            compactor.stored(item.shard)
            if on_document:
                on_document(Path(item.path), item)

        from pipeline.batch.writer import GroupWriter

        writer = GroupWriter(con, stored)
        # chain, not (*refused, *extract_all(…)): unpacking ran every extraction before the
        # first write, so the writer never overlapped the workers
        extracted = extract_all(todo, reader, password, ocr, workers, guard, root, dask)
        for item in itertools.chain(refused, sharded, extracted):
            if strict and isinstance(item, Extraction) and item.document.status != DocStatus.ok:
                writer.flush()
                raise UnreadableDocument(item.document.path, item.document.error or "", item.document.status)
            writer.add(item)
        writer.flush()
        compactor.finish()
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
    root: Path | None = None,
    dask: str | None = None,
) -> Iterable[Extraction | Sharded]:
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
