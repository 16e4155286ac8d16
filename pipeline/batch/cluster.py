"""Extraction on a Dask cluster: `informes ingest … --dask local|tcp://host:8786`.

The driver plans as always (hashes, skips unchanged, resumes from shards), maps the
per-document task over the cluster and keeps the single DuckDB writer; only a few bytes
per document (a `Sharded` handle) come back, the rows wait in the shard folder.

Dask has no per-task timeout, and a task that kills its worker ends as `KilledWorker`
after `allowed-failures`, taking innocent neighbours with it. So the guard stays inside
each task: every Dask worker keeps a one-process pebble pool (`guard.GuardedPool`) and
runs each document in it under the time and memory limits, exactly as the local pool
does. What reaches the driver as an exception is therefore an infrastructure failure (a
worker lost, a connection dropped): Dask reruns a task whose worker died, and `RETRIES`
more times one that raised.

`local` starts a LocalCluster of `--workers` processes with one thread each; a
`tcp://` address uses a scheduler started with `dask scheduler` and workers started with
`dask worker` (README). Workers must run as non-daemon processes
(DASK_DISTRIBUTED__WORKER__DAEMON=False) so they may start the guard's process.
"""

from __future__ import annotations

import functools
import itertools
import logging
import multiprocessing
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from models import Extraction
from pipeline.batch.guard import Guard, GuardedPool
from pipeline.batch.shards import Sharded, to_shard
from pipeline.errors import InformesError
from pipeline.process import failed
from pipeline.version import EXTRACTOR_VERSION

# The workers may start the guard's process (not daemons); what a local cluster of busy
# single-thread workers does not need is switched off: the profiler samples each worker
# every 10 ms, and the memory monitor's limits would fight the guard's own.
LOCAL_CONFIG = {
    "distributed.worker.daemon": False,
    "distributed.scheduler.allowed-failures": 3,
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
    "distributed.worker.memory.pause": False,
    "distributed.worker.memory.terminate": False,
}
RETRIES = 2  # more tries for a task that raised (the guard turns document failures into rows)
PER_THREAD = 4  # tasks in flight per worker thread: enough to keep every worker busy
CONNECT_SECONDS = 10
POOL: GuardedPool | None = None  # in a Dask worker: its guarded process, started by the first task


def run_document(
    path: str, options: dict, root: str, time_limit: float, memory_mb: int
) -> Extraction | Sharded:
    """The Dask task: one document through the guard, its rows into a shard."""
    global POOL
    if POOL is None:
        from pipeline.process import warm_up

        warm_up()  # grammars and spaCy once per worker, before the guard's process forks
        POOL = GuardedPool(1, Guard(time_limit, memory_mb))
    future = POOL.submit(Path(path), options, functools.partial(to_shard, root=root))
    return POOL.outcome(future, Path(path))


def worker_facts() -> tuple[str, bool]:
    """What the driver checks on every worker: its extractor version, and whether it runs
    as a daemon process (which may not start the guard's process)."""
    return EXTRACTOR_VERSION, multiprocessing.current_process().daemon


class Cluster:
    """A Dask client on a LocalCluster (`local`) or on a running scheduler's address."""

    def __init__(self, address: str, workers: int) -> None:
        import dask
        from dask.distributed import Client, LocalCluster

        dask.config.set(LOCAL_CONFIG)
        self.local = None
        if address == "local":
            self.local = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                worker_dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.local)
        else:
            try:
                self.client = Client(address, timeout=f"{CONNECT_SECONDS}s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InformesError(
                    f"cannot reach a Dask scheduler at {address} ({exc}) — start one with `dask scheduler`"
                    " and workers with `dask worker ADDRESS`, or use --dask local"
                ) from None
        self.check_workers()

    def check_workers(self) -> None:
        facts = self.client.run(worker_facts)
        if not facts:
            raise InformesError("the Dask scheduler has no workers — start some with `dask worker ADDRESS`")
        versions = {version for version, _ in facts.values()}
        if versions != {EXTRACTOR_VERSION}:
            raise InformesError(
                f"Dask workers run extractor version(s) {', '.join(sorted(versions))}, this machine "
                f"{EXTRACTOR_VERSION} — install the same informes on every machine"
            )
        if any(daemon for _, daemon in facts.values()):
            raise InformesError(
                "Dask workers run as daemon processes and cannot start the per-document guard — start them"
                " with DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker ADDRESS"
            )

    def threads(self) -> int:
        return sum(self.client.nthreads().values()) or 1

    def run(
        self, todo: list[Path], options: dict, root: Path, guard: Guard
    ) -> Iterator[Extraction | Sharded]:
        """One result per document, in completion order; a bounded number in flight."""
        from dask.distributed import as_completed

        batch = uuid.uuid4().hex[:8]
        pending = iter(enumerate(todo))
        paths: dict[Any, Path] = {}

        def submit(n: int, path: Path) -> Any:
            future = self.client.submit(
                run_document,
                str(path),
                options,
                str(root),
                guard.time_limit,
                guard.memory_mb,
                key=f"informes-{batch}-{n}",
                retries=RETRIES,
                pure=False,
            )
            paths[future] = path
            return future

        window = max(8, self.threads() * PER_THREAD)
        running = as_completed([submit(n, p) for n, p in itertools.islice(pending, window)])
        for future in running:
            path = paths.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # the cluster gave up on it: this document only
                yield failed(
                    path, f"the Dask cluster could not process it ({type(exc).__name__}: {exc})", "error"
                )
            future.release()
            for n, next_path in itertools.islice(pending, 1):
                running.add(submit(n, next_path))

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()
