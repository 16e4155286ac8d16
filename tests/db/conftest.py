"""Databases the read-side tests need besides the seed: small documents whose doc_ids
share a first character, and files that cannot be written."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.batch import ingest
from tests.corpus import SEED

TWINS = 3  # documents whose doc_ids start with the same character


def twin_texts() -> tuple[str, list[str]]:
    """A first hex character and TWINS small informes whose sha256 (doc_id) starts with it."""
    by_first: dict[str, list[str]] = {}
    for n in range(200):
        text = (
            f"INFORME {n}\n\n1. Acuerdos\n\nEl Consejo General aprobó el acuerdo IEPC-CG-{n + 500}-2021 "
            f"en la sesión extraordinaria número {n} del 3 de marzo de 2021.\n"
        )
        first = hashlib.sha256(text.encode()).hexdigest()[0]
        by_first.setdefault(first, []).append(text)
        if len(by_first[first]) == TWINS:
            return first, by_first[first]
    raise AssertionError("no three texts share a first character")


@pytest.fixture(scope="session")
def twins_db(tmp_path_factory) -> tuple[Path, str]:
    """The seed plus TWINS documents (one at a path with % and _ in its name) whose
    doc_ids start alike: (database, that first character)."""
    folder = tmp_path_factory.mktemp("twins")
    first, texts = twin_texts()
    names = ["uno.txt", "dos_50%.txt", "tres.txt"]
    for name, text in zip(names, texts, strict=True):
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(SEED, folder / SEED.name)
    db = folder / "twins.duckdb"
    ingest([folder], db=db, workers=1)
    return db, first


def cannot_write(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:
        return True
    return False


@pytest.fixture
def unwritable(tmp_path) -> Iterator[Callable[[Path], Path]]:
    """Makes a copy of a database that this process cannot write: read-only mode, and
    immutable where the tests run as root (root writes through file modes)."""
    made: list[Path] = []

    def make(db: Path) -> Path:
        copy = tmp_path / f"read-only-{len(made)}.duckdb"
        shutil.copy(db, copy)
        copy.chmod(0o444)
        made.append(copy)
        if not cannot_write(copy):
            subprocess.run(["chattr", "+i", str(copy)], capture_output=True, check=False)
        if not cannot_write(copy):
            pytest.skip("cannot make a file read-only here (root without chattr)")
        return copy

    yield make
    for copy in made:
        subprocess.run(["chattr", "-i", str(copy)], capture_output=True, check=False)
