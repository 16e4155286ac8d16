"""Parquet shards: each extracted document's rows, on disk, before the writer loads them.

A worker (local or on a Dask cluster) writes what it extracted from one document as one
Parquet file, `<root>/<extractor version>/<sha256 of the bytes>.parquet`, atomically (a
temporary file, then a rename), so a retried task overwrites the same file and a
half-written shard never exists. The file holds one row: the document's id and one
list-of-struct column per contract table (`pipeline.db.arrow.DOCUMENT_TABLES`). The
single writer loads the shards into DuckDB; a run killed after extracting but before
storing does not extract those documents again (the planner finds their shards).

Loaded shards are compacted into `part-<n>.parquet` files of up to PART_DOCUMENTS
documents, so 100,000 documents leave about 50 files, not 100,000 (or 700,000 with a
file per table). Shards of other extractor versions can never be loaded again and are
removed by compaction.

Where: `<database>.shards/` beside the database, or `--shards DIR`. On a cluster of
several machines the folder must be one every machine sees at the same path (NFS); the
driver says so when a shard a worker wrote is not there.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models import Extraction
from pipeline.db.arrow import DOCUMENT_TABLES, extraction_tables
from pipeline.db.store import resolve_db
from pipeline.errors import InformesError
from pipeline.version import EXTRACTOR_VERSION

if TYPE_CHECKING:
    import pyarrow as pa

PART_DOCUMENTS = 2000  # documents per compacted file
COMPACT_AT = 256  # loose shards that trigger compaction at the end of a run
SUFFIX = ".parquet"


@dataclass(frozen=True)
class Sharded:
    """A document whose rows wait in a shard: what a task hands back (a few bytes, not
    the rows). `path` is where the document was found in this run."""

    doc_id: str
    path: str
    shard: str


def shard_root(db: str | Path | None, shards: str | Path | None = None) -> Path:
    """`shards` if given, else `<database>.shards` beside the database."""
    if shards:
        return Path(shards)
    database = resolve_db(db)
    return database.with_name(database.name + ".shards")


def version_dir(root: Path) -> Path:
    return root / EXTRACTOR_VERSION


def write_shard(extraction: Extraction, root: str) -> Sharded:
    """Write one document's rows as `<root>/<version>/<doc_id>.parquet`, atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    doc = extraction.document
    folder = version_dir(Path(root))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{doc.doc_id}{SUFFIX}"
    tables = extraction_tables([extraction])
    row = pa.table(
        {"doc_id": [doc.doc_id]} | {name: nest(table) for name, table in tables.items()}  # one list per table
    )
    temporary = folder / f".{doc.doc_id}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        # snappy, no statistics: a third of zstd's cost; compaction recompresses with zstd
        pq.write_table(row, temporary, compression="snappy", write_statistics=False)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return Sharded(doc.doc_id, doc.path, str(target))


def to_shard(extraction: Extraction, root: str) -> Extraction | Sharded:
    """What a task hands back: a good document's shard; a failure as it is (failures are
    not sharded, so the next run tries them again)."""
    if extraction.document.status != "ok":
        return extraction
    return write_shard(extraction, root)


def resume(todo: list[Path], root: Path, force: bool) -> tuple[list[Sharded], list[Path]]:
    """Split files to extract into (already sharded by this extractor version, the rest):
    a run killed after extracting but before storing does not extract them again."""
    if force or not todo or not version_dir(root).is_dir():
        return [], todo
    from pipeline.read import hash_bytes

    index = ShardIndex(root)
    found, rest = [], []
    for path in todo:
        doc_id = hash_bytes(path.read_bytes())
        shard = index.get(doc_id)
        if shard is None:
            rest.append(path)
        else:
            found.append(Sharded(doc_id, str(path), shard))
    return found, rest


class Compactor:
    """Compacts loaded shards as a run goes, PART_DOCUMENTS at a time, and the rest at
    its end when there are COMPACT_AT or more loose ones."""

    def __init__(self, root: Path) -> None:
        self.root, self.loaded = root, []  # type: ignore[var-annotated]

    def stored(self, shard: str | None) -> None:
        if shard is not None and not Path(shard).name.startswith("part-"):
            self.loaded.append(shard)
        if len(self.loaded) >= PART_DOCUMENTS:
            compact(self.root, self.loaded, at_least=PART_DOCUMENTS)
            self.loaded = []

    def finish(self) -> None:
        if self.root.is_dir():
            compact(self.root)


def nest(table: pa.Table) -> pa.Array:
    """A table as a one-element list of its rows (structs)."""
    import pyarrow as pa

    rows = pa.StructArray.from_arrays([c.combine_chunks() for c in table.columns], fields=list(table.schema))
    return pa.ListArray.from_arrays(pa.array([0, len(rows)], type=pa.int32()), rows)


def read_shards(items: list[Sharded]) -> dict[str, pa.Table]:
    """The rows of these documents as one Arrow table per contract table, each document's
    `path` set to where this run found it (a shard may come from another path's copy)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    parts = []
    for shard, group in itertools.groupby(sorted(items, key=lambda s: s.shard), key=lambda s: s.shard):
        ids = [s.doc_id for s in group]
        if not Path(shard).exists():
            raise InformesError(
                f"shard {shard} is missing — on several machines, --shards must be a folder every"
                " machine sees at the same path (e.g. an NFS mount)"
            )
        table = pq.read_table(shard, use_threads=False)  # threads cost more than they save on one row
        if table.num_rows != len(ids):  # a compacted part: only the documents asked for
            table = table.filter(pc.is_in(table.column("doc_id"), pa.array(ids)))
        parts.append(table)
    rows = pa.concat_tables(parts)
    tables = {name: flatten(rows.column(name)) for name in DOCUMENT_TABLES}
    paths = {s.doc_id: s.path for s in items}
    docs = tables["documents"]
    where = [paths[doc_id] for doc_id in docs.column("doc_id").to_pylist()]
    tables["documents"] = docs.set_column(docs.schema.get_field_index("path"), "path", pa.array(where))
    return tables


def flatten(column: pa.ChunkedArray) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_struct_array(column.combine_chunks().flatten())


class ShardIndex:
    """The documents already sharded by this extractor version: doc_id → file."""

    def __init__(self, root: Path) -> None:
        import pyarrow.parquet as pq

        self.files: dict[str, str] = {}
        folder = version_dir(root)
        if not folder.is_dir():
            return
        for path in sorted(folder.glob(f"part-*{SUFFIX}")):
            for doc_id in pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist():
                self.files[doc_id] = str(path)
        for path in folder.glob(f"*{SUFFIX}"):
            if not path.name.startswith("part-"):
                self.files[path.name.removesuffix(SUFFIX)] = str(path)

    def get(self, doc_id: str) -> str | None:
        return self.files.get(doc_id)


def compact(root: Path, loose: list[str] | None = None, at_least: int | None = None) -> int:
    """Merge loose shards of this version into part files (all of them, or those listed,
    when there are at least `at_least`), and remove the folders of other versions.
    Returns how many shards were merged. A crash midway leaves a document in a part and
    a loose shard too, which is harmless (both hold the same rows)."""
    for other in root.iterdir() if root.is_dir() else ():
        if other.is_dir() and other.name != EXTRACTOR_VERSION:
            shutil.rmtree(other, ignore_errors=True)
    folder = version_dir(root)
    if loose is None:
        loose = [str(p) for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("part-")]
    if len(loose) < (COMPACT_AT if at_least is None else at_least):
        return 0
    import pyarrow as pa
    import pyarrow.parquet as pq

    for start in range(0, len(loose), PART_DOCUMENTS):
        batch = loose[start : start + PART_DOCUMENTS]
        merged = pa.concat_tables(pq.read_table(path) for path in batch)
        part = folder / f"part-{uuid.uuid4().hex[:12]}{SUFFIX}"
        temporary = part.with_name("." + part.name + ".tmp")
        pq.write_table(merged, temporary, compression="zstd")
        os.replace(temporary, part)
        for path in batch:
            Path(path).unlink(missing_ok=True)
    return len(loose)
