"""One database for the web interface's tests: the seed informe as text and as PDF, the
acuerdo_date_conflict document, whose finding has two conflicting quotes, and the
date_outside_period one, whose findings are about a document; checked, so it has findings. Every request opens its own connection (as in production)."""

from __future__ import annotations

import shutil
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.check import run_checks
from pipeline.db.readonly import reading
from pipeline.db.search import rebuild_search_index
from pipeline.db.store import connect, replace_findings, write_many
from pipeline.serve import create_app
from tests.corpus import CONTRADICTIONS, SEED, SEED_PDF, extraction

with warnings.catch_warnings():
    # starlette 1.x asks for httpx2; httpx still works and is what the project has vetted
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

CONFLICT = CONTRADICTIONS / "acuerdo_date_conflict.txt"
OUTSIDE = CONTRADICTIONS / "date_outside_period.txt"
BASE_URL = "http://127.0.0.1"
SESSION = "iepc%20durango%7Cconsejo%20general%7Cextraordinaria%7C39%7C2021"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def build_db(db: Path, *paths: Path) -> Path:
    """What `informes ingest` and `informes check` write, from the extractions the other
    tests share (tests/corpus.py), with the search index ingest builds."""
    con = connect(db)
    try:
        write_many(con, [extraction(path) for path in paths])
        rebuild_search_index(con)
        replace_findings(con, run_checks(con))
    finally:
        con.close()
    return db


@pytest.fixture(scope="session")
def serve_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("serve") / "informes.duckdb", SEED, SEED_PDF, CONFLICT, OUTSIDE)


@pytest.fixture(scope="session")
def page_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(scope="session")
def client(serve_db: Path, page_cache: Path) -> Iterator[TestClient]:
    with TestClient(create_app(serve_db, cache=page_cache), base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def ids(serve_db: Path) -> dict[str, str]:
    """doc_ids of the seed's PDF and text versions."""
    with reading(serve_db) as con:
        rows = dict(
            con.execute("select encoding, doc_id from documents where path like '%iepc-durango%'").fetchall()
        )
    return {"pdf": rows.pop("pdf"), "txt": rows.popitem()[1]}


@pytest.fixture
def db_copy(serve_db: Path, tmp_path: Path) -> Path:
    """A private copy of the database, for tests that change it or lock it."""
    return Path(shutil.copy(serve_db, tmp_path / "copy.duckdb"))
