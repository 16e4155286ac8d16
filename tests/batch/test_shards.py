"""Parquet shards: one per document, named by extractor version and hash, written
atomically; a run killed before storing resumes from them; they are compacted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline.batch.guard
import pipeline.batch.shards
from pipeline.batch import ingest
from pipeline.read import hash_bytes
from pipeline.version import EXTRACTOR_VERSION
from tests.batch.test_ingest import SOME_DOCS, dump


def never_extract(path, **options):
    pytest.fail(f"extracted {path.name} again although its shard was there")


def test_shards_are_named_by_version_and_hash_beside_the_database(tmp_path):
    ingest(SOME_DOCS[:3], db=tmp_path / "t.duckdb", workers=2)
    folder = tmp_path / "t.duckdb.shards" / EXTRACTOR_VERSION
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{hash_bytes(doc.read_bytes())}.parquet" for doc in SOME_DOCS[:3]
    )  # and no temporary file left behind


def test_a_killed_run_resumes_from_its_shards(tmp_path, monkeypatch):
    """Shards written but never stored (the database lost, as when the writer was killed
    before committing): the next run loads them instead of extracting again."""
    shards = tmp_path / "shards"
    ingest(SOME_DOCS, db=tmp_path / "first.duckdb", workers=2, shards=shards)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    copies = [Path(shutil.copy(doc, moved / doc.name)) for doc in SOME_DOCS]
    monkeypatch.setattr(pipeline.batch.guard, "process", never_extract)
    report = ingest(copies, db=tmp_path / "again.duckdb", workers=2, shards=shards)
    assert report.documents == len(SOME_DOCS) and not report.errors
    again = dump(tmp_path / "again.duckdb")
    assert {Path(row[1]).parent for row in again["documents"]} == {moved}  # this run's paths
    assert dump(tmp_path / "again.duckdb", ignore_paths=True) == dump(
        tmp_path / "first.duckdb", ignore_paths=True
    )


def test_force_extracts_again_despite_shards(tmp_path, monkeypatch):
    shards = tmp_path / "shards"
    ingest(SOME_DOCS[:2], db=tmp_path / "t.duckdb", shards=shards, workers=1)
    log = tmp_path / "extracted.log"
    real = pipeline.batch.guard.process

    def noted(path, **options):  # in a forked worker: note it in a file
        with open(log, "a") as out:
            out.write(f"{path.name}\n")
        return real(path, **options)

    monkeypatch.setattr(pipeline.batch.guard, "process", noted)
    ingest(SOME_DOCS[:2], db=tmp_path / "u.duckdb", shards=shards, workers=2, force=True)
    assert sorted(log.read_text().split()) == sorted(doc.name for doc in SOME_DOCS[:2])


def test_shards_are_compacted_and_still_resume(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.batch.shards, "PART_DOCUMENTS", 3)
    monkeypatch.setattr(pipeline.batch.shards, "COMPACT_AT", 2)
    shards = tmp_path / "shards"
    (shards / "0ldversion0").mkdir(parents=True)  # shards of another extractor version
    (shards / "0ldversion0" / "x.parquet").write_bytes(b"old")
    ingest(SOME_DOCS, db=tmp_path / "first.duckdb", workers=2, shards=shards)
    files = sorted(p.name for p in (shards / EXTRACTOR_VERSION).iterdir())
    assert [p.name for p in shards.iterdir()] == [EXTRACTOR_VERSION]
    assert len(files) == 3 and all(name.startswith("part-") for name in files), files  # 8 documents, 3 a part
    monkeypatch.setattr(pipeline.batch.guard, "process", never_extract)
    ingest(SOME_DOCS, db=tmp_path / "again.duckdb", workers=2, shards=shards)
    assert dump(tmp_path / "again.duckdb") == dump(tmp_path / "first.duckdb")
