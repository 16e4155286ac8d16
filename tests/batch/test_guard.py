"""The per-document guard (pebble): a hung or crashed document costs only itself, workers
die with their parent, and a memory limit says it is one."""

from __future__ import annotations

import faulthandler
import os
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import duckdb
import psutil
import pytest

import pipeline.batch.guard
from pipeline.batch import ingest
from pipeline.batch.guard import Guard
from tests.batch.stalled import committed, stalling_ingest
from tests.batch.test_ingest import dump, statuses
from tests.corpus import DOCS, SEED

INFORMES = str(Path(sys.executable).parent / "informes")
real_process = pipeline.batch.guard.process


def logged_process(path, **options):
    """process() that notes each start in a log beside the document (workers are forked)."""
    with open(path.parent / "started.log", "a") as log:
        log.write(path.name + "\n")
    if "hang" in path.name:
        time.sleep(60)
    if "crash" in path.name:
        faulthandler.disable()  # pytest's: no dump of the crash on the test's output
        os.kill(os.getpid(), signal.SIGSEGV)
    if "greedy" in path.name:
        return bytearray(8 * 1024**3)  # past --max-memory
    if "slowish" in path.name:
        time.sleep(0.4)
    return real_process(path, **options)


@pytest.mark.slow
def test_guard_kills_only_the_hung_or_crashed_worker(tmp_path, monkeypatch):
    """The hand-written pool killed every worker when one document hung and ran the
    neighbours again; pebble stops only the hung worker, and a crash or a memory limit is
    that document's."""
    names = ("hang.txt", "crash.txt", "greedy.txt", "slowish-a.txt", "slowish-b.txt", "c.txt", "d.txt")
    for name in names:
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8") + name, encoding="utf-8")
    monkeypatch.setattr(pipeline.batch.guard, "process", logged_process)
    report = ingest(
        [tmp_path], db=tmp_path / "t.duckdb", workers=2, guard=Guard(time_limit=1.2, memory_mb=1024)
    )
    found = statuses(tmp_path / "t.duckdb")
    started = (tmp_path / "started.log").read_text().split()
    assert report.documents == len(names)
    assert "took longer than 1.2 s" in found["hang.txt"][1]
    assert "crashed reading it (SIGSEGV)" in found["crash.txt"][1]
    assert "hit the memory limit of 1024 MB" in found["greedy.txt"][1]
    assert all(found[n][0] == "ok" for n in names if n not in ("hang.txt", "crash.txt", "greedy.txt")), found
    assert sorted(started) == sorted(names), "a document was extracted twice (or never)"


def running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def still_running(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Those of `processes` that have not died within `timeout` s. A dead process counts
    as gone while it waits as a zombie for init to reap it (psutil.wait_procs waited for
    the reaping: 1.5 s here)."""
    deadline = time.monotonic() + timeout
    while any(running(p) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.02)
    return [p for p in processes if running(p)]


@pytest.mark.slow
def test_sigkill_kills_the_workers_and_a_rerun_completes_the_database(tmp_path, stalled_folder):
    """`informes ingest` SIGKILLed mid-run, once a group of documents is stored and both
    workers are inside a document — the parent alone, not its process group: no worker
    outlives it (issue 12 item 12: two 115 MB workers were alive a minute later), and
    running it again gives the same database as an uninterrupted ingest."""
    ingest([stalled_folder], db=tmp_path / "whole.duckdb", workers=1)
    killed = tmp_path / "killed.duckdb"
    proc = stalling_ingest(
        str(stalled_folder),
        "--db",
        str(killed),
        "-q",
        "--workers",
        "2",
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    workers = committed(killed, proc, workers=2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    alive = still_running(workers, timeout=10)
    for worker in alive:  # do not leave them behind if the test fails
        worker.kill()
    assert not alive, f"{len(alive)} worker(s) outlived their parent"
    with closing(duckdb.connect(str(killed))) as con:  # killed after storing, before the end
        stored = con.execute("select count(*) from documents").fetchone()[0]
    assert 0 < stored < len(list(stalled_folder.iterdir()))
    ingest([stalled_folder], db=killed)  # again, as a user would after the kill
    assert dump(killed) == dump(tmp_path / "whole.duckdb")


@pytest.mark.slow
def test_memory_limit_says_so_in_mb(tmp_path):
    """Issue 12 item 14: a worker that hits --max-memory while a library loads (pdfplumber
    for a ruled table) reported "unexpected ImportError … failed to map segment"."""
    pdf = DOCS / "A-ine-unicom-informe-2021-11.pdf"
    done = subprocess.run(
        [
            INFORMES,
            "ingest",
            str(pdf),
            "--db",
            str(tmp_path / "t.duckdb"),
            "--max-memory",
            "10",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    error = statuses(tmp_path / "t.duckdb")[pdf.name][1]
    assert "hit the memory limit of 10 MB per document; raise --max-memory" in error
    assert "ImportError" not in error
