from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import ingest
from pipeline.process import process

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "docs" / "iepc-durango-informe-2021-08.txt"
SEED_PDF = CORPUS / "docs" / "iepc-durango-informe-2021-08.pdf"


@pytest.fixture(scope="session")
def seed():
    return process(SEED)


@pytest.fixture(scope="session")
def seed_pdf():
    return process(SEED_PDF)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("db") / "seed.duckdb"
    ingest([SEED], db=db)
    return db
