"""Session-wide fixtures: each corpus document is extracted once, the seed ingested once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.batch import ingest
from tests.corpus import SEED, SEED_PDF, extraction


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: started last, one of them kept a worker busy after the
    other had finished (pytest-xdist hands out tests in this order)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def seed():
    return extraction(SEED)


@pytest.fixture(scope="session")
def seed_pdf():
    return extraction(SEED_PDF)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The seed informe ingested once: for tests that only read it."""
    db = tmp_path_factory.mktemp("db") / "seed.duckdb"
    ingest([SEED], db=db)
    return db


@pytest.fixture
def seed_db_copy(seed_db, tmp_path) -> Path:
    """A private copy of `seed_db`, for tests that write to it."""
    copy = tmp_path / "seed.duckdb"
    shutil.copy(seed_db, copy)
    return copy
