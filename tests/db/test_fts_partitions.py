"""The full-text index in partitions: documents keep the partition they arrived in, an
ingest re-indexes only the partitions whose documents changed (the open one when
documents were only added), and search reads them all."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

import pipeline.db.fts_partitions as fts
from pipeline.batch import ingest
from pipeline.db.search import rebuild_search_index, search
from pipeline.db.store import write
from tests.batch.test_ingest import SOME_DOCS
from tests.corpus import SEED, extraction


def variant(folder, n: int):
    """A copy of the seed with one more sentence of its own: another document."""
    path = folder / f"extra-{n}.txt"
    path.write_text(
        SEED.read_text(encoding="utf-8") + f"\nAnexo {n} sobre la digitalización de actas.\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory) -> Path:
    """Some documents ingested with partitions of at most 8 sections: several."""
    db = tmp_path_factory.mktemp("partitioned") / "t.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fts, "PARTITION_SECTIONS", 8)
        ingest(SOME_DOCS[3:], db=db, workers=2)  # the seed among them
    return db


@pytest.fixture
def db(partitioned, tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(fts, "PARTITION_SECTIONS", 8)
    shutil.copy(partitioned, tmp_path / "t.duckdb")
    return tmp_path / "t.duckdb"


def test_new_documents_rebuild_only_the_open_partition(db, tmp_path, monkeypatch):
    con = duckdb.connect(str(db))
    before = fts.built(con)
    assert len(before) > 1 and fts.plan(con).fresh
    monkeypatch.setattr(fts, "PARTITION_SECTIONS", 10_000)  # room in the open partition for everything new
    for n in range(3):
        write(con, extraction(variant(tmp_path, n)))  # stored, not yet indexed
    wanted = fts.plan(con)
    assert wanted.todo == [max(before)] and not wanted.gone  # the older partitions stay as built
    con.close()
    ingest([variant(tmp_path, 3)], db=db)  # the ingest re-indexes the open partition
    con = duckdb.connect(str(db))
    after = fts.built(con)
    con.close()
    assert {p: f for p, f in after.items() if p != max(before)} == {
        p: f for p, f in before.items() if p != max(before)
    }
    found = {row[1] for row in search("digitalización de actas", db, limit=50)[1]}
    assert {str(variant(tmp_path, n)) for n in range(4)} <= found


def test_a_removed_document_rebuilds_its_own_partition(db):
    con = duckdb.connect(str(db))
    assignment = fts.plan(con).assignment
    first = min(assignment, key=lambda doc: assignment[doc])
    for table in ("sections", "documents"):
        con.execute(f"delete from {table} where doc_id = ?", [first])
    wanted = fts.plan(con)
    assert wanted.todo == [assignment[first]] or wanted.gone == [assignment[first]]
    con.close()


def test_search_over_partitions_finds_what_one_index_finds(db, tmp_path, monkeypatch):
    one = tmp_path / "one.duckdb"
    shutil.copy(db, one)
    monkeypatch.setattr(fts, "PARTITION_SECTIONS", 20_000)
    con = duckdb.connect(str(one))
    con.execute(f"drop table {fts.MAP}")  # as if indexed from scratch with the default size
    rebuild_search_index(con)
    assert len(fts.tables(con)) == 1
    con.close()
    for words in (
        "comisión temporal",
        "sesión extraordinaria",
        "resultados electorales preliminares",
        "CG122",
    ):
        found_one = {(r[1], r[2], r[3]) for r in search(words, one, limit=1000)[1]}
        found_many = {(r[1], r[2], r[3]) for r in search(words, db, limit=1000)[1]}
        assert found_one == found_many and found_one
