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

BIN = Path(sys.executable).parent
runner = CliRunner()
pytestmark = pytest.mark.slow
DOCS = SOME_DOCS[-2:]  # the seed and its PDF
# One Dask worker per cluster: each one costs 2 s of CPU to start, and a second adds
# nothing to what the tests show (the results are gathered in completion order either way).


@pytest.fixture(scope="module")
def pool_db(tmp_path_factory) -> Path:
    """DOCS ingested by the local pool: the database every cluster must give."""
    db = tmp_path_factory.mktemp("pool") / "pool.duckdb"
    ingest(DOCS, db=db, workers=2)
    return db


def test_local_cluster_gives_the_local_database(tmp_path, pool_db):
    result = runner.invoke(
        app,
        [
            "ingest",
            *map(str, DOCS),
            "--db",
            str(tmp_path / "dask.duckdb"),
            "--dask",
            "local",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{len(DOCS)} documents: {len(DOCS)} ingested, 0 unchanged, 0 errors" in result.output
    assert dump(tmp_path / "dask.duckdb") == dump(pool_db)


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    import pipeline.batch.cluster

    monkeypatch.setattr(pipeline.batch.cluster, "CONNECT_SECONDS", 0.3)
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


def busy_worker(nannies: list[subprocess.Popen]) -> psutil.Process | None:
    """A worker process (a `dask worker` nanny's child) that is extracting a document:
    its guard's process exists once its first task started."""
    for nanny in nannies:
        for child in psutil.Process(nanny.pid).children():
            if "resource_tracker" not in " ".join(child.cmdline()) and child.children():
                return child
    return None


@pytest.fixture
def dask_cli_cluster():
    """A scheduler and a worker started with dask's own commands, as the README says."""
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
            client.wait_for_workers(1, timeout=60)
        yield address, started[1:]
    finally:
        for proc in reversed(started):  # a worker exits when its nanny dies
            proc.kill()
            proc.wait()


def test_dask_cli_cluster_survives_a_killed_worker(tmp_path, dask_cli_cluster, pool_db):
    """`informes ingest --dask tcp://…` on workers started by `dask worker`: a worker is
    SIGKILLed while it extracts a document; its nanny starts another, Dask runs the lost
    task again, and the database is the local pool's."""
    address, nannies = dask_cli_cluster
    db = tmp_path / "dask.duckdb"
    proc = subprocess.Popen(
        [BIN / "informes", "ingest", *map(str, DOCS), "--db", str(db), "--dask", address, "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    victim = None
    while victim is None and time.monotonic() < deadline and proc.poll() is None:
        victim = busy_worker(nannies)
        time.sleep(0.02)
    assert victim is not None, "no worker was seen extracting"
    victim.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert f"{len(DOCS)} documents: {len(DOCS)} ingested, 0 unchanged, 0 errors" in out
    assert dump(db) == dump(pool_db)
