"""An unchanged re-ingest only hashes and asks the database: it must not load the
extraction stages (spaCy, the grammars) nor pyarrow, which cost most of its time."""

from __future__ import annotations

import subprocess
import sys

from pipeline.batch import ingest
from tests.batch.test_ingest import SOME_DOCS

PROBE = """
import sys
from typer.testing import CliRunner
from pipeline.cli import app
result = CliRunner().invoke(app, ["ingest", *sys.argv[2:], "--db", sys.argv[1], "-q"])
assert result.exit_code == 0, result.output
print(result.output.strip())
print(sorted(m for m in ("spacy", "numpy", "pyarrow", "pypdfium2", "pipeline.process") if m in sys.modules))
"""


def test_unchanged_reingest_loads_no_extraction_stage(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest(SOME_DOCS, db=db, workers=2)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), *map(str, SOME_DOCS)],
        capture_output=True,
        text=True,
        check=True,
    )
    closing, loaded = done.stdout.strip().splitlines()
    assert f"{len(SOME_DOCS)} documents: 0 ingested, {len(SOME_DOCS)} unchanged" in closing
    assert loaded == "[]"
