"""`informes` in which documents named `stall-*` never finish extracting: the tests that
interrupt or kill an ingest run it as `python -m tests.stalling ingest …` (from the
repository root), so the moment they strike is certain — the documents before the stalled
ones are committed, the workers are busy — instead of raced against a run of real
documents long enough to strike in (34 PDFs read three times cost 13 s of CPU).

Everything else is the real command: the same app, the same pool (its workers are forked
after the patch and inherit it)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pipeline.batch.guard

STALL = "stall-"
real_process = pipeline.batch.guard.process


def stalling_process(path: Path, **options: Any) -> Any:
    if path.name.startswith(STALL):
        time.sleep(3600)
    return real_process(path, **options)


pipeline.batch.guard.process = stalling_process  # type: ignore[assignment]

if __name__ == "__main__":
    from pipeline.cli import app

    app(prog_name="informes")
