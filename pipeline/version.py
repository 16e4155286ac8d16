"""The extractor version: a digest of every file that turns bytes into facts.

When any of them changes, `ingest` re-extracts the documents an older version produced.
The files are found by globbing the packages the extraction imports, plus the
vocabulary data, so a new module cannot be forgotten (a hand-kept list once missed
`models/__init__.py` and the vocabulary loader). `tests/test_version.py` checks that every
module `process()` imports is covered.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the extraction is made of: the records, the stages up to linking, their data.
EXTRACTION_GLOBS = (
    "models/**/*.py",
    "pipeline/__init__.py",
    "pipeline/errors.py",
    "pipeline/version.py",
    "pipeline/process.py",
    "pipeline/read/**/*.py",
    "pipeline/layout*.py",
    "pipeline/layout/**/*.py",
    "pipeline/sections/**/*.py",
    "pipeline/grammar/**/*.py",
    "pipeline/extract*.py",
    "pipeline/extract/**/*.py",
    "pipeline/link/**/*.py",
    "pipeline/vocab/**/*.py",
    "pipeline/vocab/**/*.tsv",
    # how the rows are typed in a Parquet shard (named by this version, so a change of
    # types must not load an older shard)
    "pipeline/db/arrow.py",
    "pipeline/db/types.py",
)


def extraction_files(root: Path = ROOT) -> list[Path]:
    return sorted({path for pattern in EXTRACTION_GLOBS for path in root.glob(pattern) if path.is_file()})


def extractor_version(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in extraction_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = extractor_version()
