"""The extractor version covers every file that turns bytes into facts (issue: it once
missed models/__init__.py and the vocabulary loader, so changing them re-extracted nothing)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.version import ROOT, extraction_files, extractor_version
from tests.corpus import SEED, SEED_PDF

# Every module the extraction imports, read in a fresh interpreter that processes a text
# file and a PDF with both readers (pdfplumber and the table reader load lazily).
IMPORTED = """
import sys
from pathlib import Path
from pipeline.process import process
for path, reader in ((sys.argv[1], "pypdfium2"), (sys.argv[2], "pypdfium2"), (sys.argv[2], "pdfplumber")):
    process(Path(path), reader=reader)
for module in sys.modules.values():
    print(getattr(module, "__file__", None) or "")
"""


def test_version_covers_every_module_the_extraction_imports():
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, str(SEED), str(SEED_PDF)], capture_output=True, text=True, check=True
    )
    ours = {
        Path(line).resolve()
        for line in done.stdout.splitlines()
        if line.startswith((str(ROOT / "pipeline"), str(ROOT / "models")))
    }
    assert ours and ours <= set(extraction_files())


def test_version_covers_the_vocabulary():
    assert set((ROOT / "pipeline" / "vocab").glob("*.tsv")) <= set(extraction_files())


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the code, to change one file at a time. Its bytecode comes along (copied
    with the sources' times, so Python uses it and compiles only what a test changed)."""
    copy = tmp_path_factory.mktemp("tree")
    for package in ("pipeline", "models"):
        shutil.copytree(ROOT / package, copy / package)
    return copy


@pytest.mark.parametrize("name", [str(p.relative_to(ROOT)) for p in extraction_files()])
def test_version_changes_when_any_extraction_file_changes(tree, name):
    before = extractor_version(tree)
    path = tree / name
    original = path.read_bytes()
    path.write_bytes(original + b"\n# a comment\n")
    try:
        assert extractor_version(tree) != before
    finally:
        path.write_bytes(original)


def test_version_ignores_the_cli_and_the_database_layer(tree):
    before = extractor_version(tree)
    with (tree / "pipeline" / "cli" / "_util.py").open("a") as cli:
        cli.write("\n# a comment\n")
    assert extractor_version(tree) == before


def test_changed_models_file_makes_the_next_ingest_reextract(tree, tmp_path, seed_db_copy):
    """End to end, as the issue reproduced it: a comment appended to models/__init__.py,
    the same seed ingested again by that code, and the document is re-extracted."""
    with (tree / "models" / "__init__.py").open("a") as models:
        models.write("\n# a comment\n")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", str(SEED), "--db", str(seed_db_copy), "-q"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert "1 ingested, 0 unchanged" in done.stdout, done.stdout + done.stderr
