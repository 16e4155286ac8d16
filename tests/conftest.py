"""Session-wide fixtures: each corpus document is extracted once, the seed ingested once."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
import typer.testing

from pipeline.batch import ingest
from tests.corpus import SEED, SEED_PDF, extraction

# typer's CliRunner built the click command from the functions' signatures on every
# invoke (evaluating every annotation: 30 ms, about 7 s of CPU over the suite); a click
# command is made to be run many times, so each app's is built once.
typer.testing._get_command = functools.cache(typer.testing._get_command)


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
