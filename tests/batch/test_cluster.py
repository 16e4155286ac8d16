"""Ingest on a Dask cluster gives the same database as the local pool, also when a worker
is killed mid-run; a cluster that cannot be used says why."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from pipeline.batch import ingest
from pipeline.cli import app
from tests.batch.test_ingest import SOME_DOCS, dump
from tests.corpus import CORPUS

sys.path.insert(0, str(CORPUS / "tools"))
import make_pdf  # noqa: E402

BIN = Path(sys.executable).parent
runner = CliRunner()
pytestmark = pytest.mark.slow


def test_local_cluster_gives_the_local_database(tmp_path):
    ingest(SOME_DOCS, db=tmp_path / "pool.duckdb", workers=2)
    result = runner.invoke(
        app,
        [
            "ingest",
            *map(str, SOME_DOCS),
            "--db",
            str(tmp_path / "dask.duckdb"),
            "--dask",
            "local",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{len(SOME_DOCS)} documents ingested (0 unchanged)" in result.output
    assert dump(tmp_path / "dask.duckdb") == dump(tmp_path / "pool.duckdb")


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    import pipeline.batch.cluster

    monkeypatch.setattr(pipeline.batch.cluster, "CONNECT_SECONDS", 1)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(
        app,
        [
            "ingest",
            str(SOME_DOCS[0]),
            "--db",
            str(tmp_path / "t.duckdb"),
            "--dask",
            f"tcp://127.0.0.1:{port}",
        ],
    )
    assert result.exit_code == 1
    assert f"Error: cannot reach a Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert "dask scheduler" in result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_of(nanny: subprocess.Popen) -> psutil.Process | None:
    """The worker process a `dask worker` nanny started (not its guard's grandchild)."""
    for child in psutil.Process(nanny.pid).children():
        if "resource_tracker" not in " ".join(child.cmdline()):
            return child
    return None


@pytest.fixture
def dask_cli_cluster():
    """A scheduler and two workers started with dask's own commands, as the README says."""
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    port = address.rsplit(":", 1)[1]
    started = [
        subprocess.Popen(
            [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            started.append(
                subprocess.Popen(
                    [BIN / "dask", "worker", address, "--nthreads", "1", "--no-dashboard"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
        from dask.distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, started[1:]
    finally:
        for proc in reversed(started):
            proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_dask_cli_cluster_survives_a_killed_worker(tmp_path, dask_cli_cluster):
    """`informes ingest --dask tcp://…` on workers started by `dask worker`: one worker
    is SIGKILLed once documents are coming back; its nanny starts another, Dask runs the
    lost task again, and the database is the local one."""
    address, nannies = dask_cli_cluster
    src = (CORPUS / "pdf-src" / "A-impepac-informe-2021-05.txt").read_text(encoding="utf-8")
    docs = make_pdf.render_many(src, tmp_path / "docs", 12)
    ingest(docs, db=tmp_path / "pool.duckdb", workers=2)
    db, shards = tmp_path / "dask.duckdb", tmp_path / "shards"
    proc = subprocess.Popen(
        [
            BIN / "informes",
            "ingest",
            *map(str, docs),
            "--db",
            str(db),
            "--shards",
            str(shards),
            "--dask",
            address,
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not any(shards.rglob("*.parquet")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    victim = worker_of(nannies[0])
    assert victim is not None and proc.poll() is None, "the ingest ended before a worker could be killed"
    victim.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert "12 documents ingested (0 unchanged)" in out and "0 errors" in out
    assert dump(db) == dump(tmp_path / "pool.duckdb")
