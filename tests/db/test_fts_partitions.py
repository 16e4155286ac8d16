"""The full-text index in partitions: a large database is indexed in pieces, an ingest
re-indexes only the pieces whose documents changed, and search reads them all."""

from __future__ import annotations

import shutil

import duckdb

import pipeline.db.fts_partitions as fts
from pipeline.batch import ingest
from pipeline.db.search import rebuild_search_index, search
from tests.batch.test_ingest import SOME_DOCS
from tests.corpus import SEED


def test_partitions_are_rebuilt_only_where_documents_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(fts, "PARTITION_SECTIONS", 8)  # SOME_DOCS have ~60 sections: 8 partitions
    db = tmp_path / "t.duckdb"
    ingest(SOME_DOCS[:-1], db=db, workers=2)
    con = duckdb.connect(str(db))
    count = len(fts.tables(con))
    assert count > 1 and fts.stale(con)[1] == []
    con.close()
    extra = tmp_path / "extra.txt"
    shutil.copy(SEED, extra)
    extra.write_text(
        SEED.read_text(encoding="utf-8") + "\nAnexo sobre la digitalización de actas.\n", encoding="utf-8"
    )
    con = duckdb.connect(str(db))
    from pipeline.db.store import write
    from tests.corpus import extraction

    write(con, extraction(extra))  # stored, not yet indexed: one partition is stale
    count_now, todo = fts.stale(con)
    assert count_now == count and len(todo) == 1
    con.close()
    ingest([extra], db=db)  # the ingest re-indexes it
    columns, rows = search("digitalización de actas", db)
    assert any(row[1] == str(extra) for row in rows)


def test_search_over_partitions_finds_what_one_index_finds(tmp_path, monkeypatch):
    ingest(SOME_DOCS, db=tmp_path / "one.duckdb", workers=2)
    shutil.copy(tmp_path / "one.duckdb", tmp_path / "many.duckdb")
    monkeypatch.setattr(fts, "PARTITION_SECTIONS", 8)
    con = duckdb.connect(str(tmp_path / "many.duckdb"))
    rebuild_search_index(con)  # the partition count wanted changed: every partition is built
    assert len(fts.tables(con)) > 1
    con.close()
    for words in ("comisión temporal", "sesión extraordinaria", "resultados electorales preliminares", "CG122"):
        one = {(r[1], r[2], r[3]) for r in search(words, tmp_path / "one.duckdb", limit=1000)[1]}
        many = {(r[1], r[2], r[3]) for r in search(words, tmp_path / "many.duckdb", limit=1000)[1]}
        assert one == many and one
