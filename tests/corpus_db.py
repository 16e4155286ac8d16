"""Extractions of the corpus, made once per test run and copied into in-memory DuckDBs
(shared by test_check.py and test_summarise.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

from models import Extraction
from pipeline.db import store
from pipeline.process import process

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "corpus" / "docs"
CONTRADICTIONS = ROOT / "corpus" / "contradictions"


@cache
def extraction(path: Path) -> Extraction:
    return process(path)


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".pdf"))


def memory_db(*paths: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    store.ensure_schema(con)
    for path in paths:
        store.write(con, extraction(path))
    return con
