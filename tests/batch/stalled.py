"""Runs that the tests interrupt or kill: a folder whose last documents never finish
under `tests/stalling.py`, the command that runs `informes` so, and how a test knows the
run has committed a group of documents."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from tests.corpus import CORPUS, ROOT

# As many documents as the writer commits at once (GROUP_DOCUMENTS), so a group is
# committed before the stalled ones; two stalled ones keep both workers busy.
READY, STALLED = 16, 2
SOURCE = CORPUS / "pdf-src" / "B-iees-sinaloa-acuerdo-iees-cg061-25.txt"  # no tables: 15 ms a PDF


def stalling_folder(folder: Path) -> Path:
    """READY small PDFs (`doc-*`), then STALLED (`stall-*`) that sort after them."""
    sys.path.insert(0, str(CORPUS / "tools"))
    import make_pdf  # reportlab: loaded by the tests that need it, not at collection

    copies = make_pdf.render_many(SOURCE.read_text(encoding="utf-8"), folder, READY + STALLED, stem="doc")
    for copy in copies[READY:]:
        copy.rename(copy.with_name(copy.name.replace("doc-", "stall-")))
    return folder


def stalling_ingest(*args: str, **popen: Any) -> subprocess.Popen:
    """Starts `informes ingest ARGS` with the `stall-*` documents stalled."""
    command = [sys.executable, "-m", "tests.stalling", "ingest", *args]
    return subprocess.Popen(command, cwd=ROOT, **popen)


def wal_bytes(db: Path) -> int:
    """What the running ingest has committed and not yet checkpointed."""
    wal = db.with_name(db.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def committed(db: Path, proc: subprocess.Popen, workers: int, timeout: float = 60) -> list[psutil.Process]:
    """Waits until a running ingest has started its `workers` (planning has let go of the
    database, checkpointing its own log) and committed a group: a write-ahead log has
    appeared and stopped growing, so that commit is complete. Returns the workers."""
    deadline = time.monotonic() + timeout
    found: list[psutil.Process] = []
    while len(found) < workers and time.monotonic() < deadline and proc.poll() is None:
        found = children(proc.pid)
        time.sleep(0.02)
    while not wal_bytes(db) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    size = -1
    while wal_bytes(db) != size and time.monotonic() < deadline and proc.poll() is None:
        size = wal_bytes(db)
        time.sleep(0.1)
    assert len(found) >= workers and proc.poll() is None, "the ingest ended before the test could strike"
    return found
