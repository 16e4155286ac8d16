"""The per-document guard: each document runs in a pebble worker process with a wall-clock
limit and a memory cap, on the local pool and inside every Dask task alike.

pebble (5.2) replaces the hand-written pool: a document over its time limit has only its
own worker killed (pebble starts a new one) while its neighbours finish; a worker that
crashes is reported for that document only (`ProcessExpired`, with its exit code). A
document's clock starts when a worker picks it up, not while it waits in the queue.

Each worker caps its address space (`RLIMIT_AS`) so a hostile PDF raises MemoryError —
or, when the limit is hit while a library loads, an ImportError "failed to map segment"
— instead of exhausting the machine; both are reported as the memory limit, in MB.

Workers die with their parent: each asks the kernel for SIGKILL when the process that
forked it dies (`PR_SET_PDEATHSIG`), so a SIGKILLed `informes ingest` leaves no orphans.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from models import Extraction
from pipeline.batch.limits import Guard
from pipeline.process import failed, process

__all__ = ["Guard", "GuardedPool", "guarded", "run_serial"]

# Arrow's default allocator (mimalloc) reserves a 1 GB arena in a worker forked from a
# thread (pebble starts replacement workers from one), which RLIMIT_AS refuses: "malloc
# of size 4608 failed" with most of the limit unused. Chosen before pyarrow loads.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
IN_FLIGHT = 3  # documents queued per worker: a worker starts the next one the moment it is done
PR_SET_PDEATHSIG = 1
M_ARENA_MAX = -8  # mallopt: malloc arenas (glibc reserves 64 MB of address space for each)
MEMORY_SIGNS = ("failed to map segment", "cannot allocate memory", "out of memory")
# How often pebble's threads look at the pool (its default, 0.1 s, is also how late a
# finished pool lets go and a time limit is noticed): 40-70 ms of every short ingest,
# for 9 ms of CPU a second of pool life.
POLL_SECONDS = 0.02


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the prctl: nobody will collect us
        os._exit(1)


def current_address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def fit_in_address_space() -> None:
    """Under RLIMIT_AS what counts is address space reserved, not memory used: thread
    pools cost 64 MB of malloc arena and 8 MB of stack per thread. A worker needs one."""
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, 2)


def start_worker(parent: int, memory_mb: int) -> None:
    """Worker initializer: die with the parent, and room for `memory_mb` more than the
    (forked) parent maps now."""
    die_with_parent(parent)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: the workers are the parallelism
    fit_in_address_space()
    if memory_mb > 0:
        limit = current_address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def is_memory_error(exc: BaseException) -> bool:
    """MemoryError, or what a library load under RLIMIT_AS raises (an ImportError or
    OSError "failed to map segment from shared object", ENOMEM)."""
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    return isinstance(exc, ImportError | OSError) and any(s in str(exc).lower() for s in MEMORY_SIGNS)


def memory_message(memory_mb: int) -> str:
    return f"hit the memory limit of {memory_mb} MB per document; raise --max-memory to read it"


def guarded(
    path: Path, options: dict, memory_mb: int, then: Callable[[Extraction], Any] | None = None
) -> Any:
    """Extract one document; a library failing on odd input becomes an error row. `then`
    (in the worker) turns a good extraction into what travels back (a shard)."""
    try:
        extraction = process(path, **options)
        return then(extraction) if then is not None else extraction
    except (Exception, RecursionError) as exc:  # a library bug on odd input must not stop the batch
        if is_memory_error(exc):
            return failed(path, memory_message(memory_mb), "error")
        return failed(path, f"unexpected {type(exc).__name__} while reading it: {exc}", "error")


def expired_message(exc: BaseException, guard: Guard) -> str:
    """What a document's worker dying or overrunning means, for its error row."""
    if isinstance(exc, FutureTimeout):
        return f"took longer than {guard.time_limit:g} s; gave up on it"
    code = getattr(exc, "exitcode", None)
    if code == -signal.SIGKILL:
        return (
            f"the worker process was killed reading it (SIGKILL: the system ran out of memory?"
            f" --max-memory is {guard.memory_mb} MB)"
        )
    if isinstance(code, int) and code < 0:
        return f"the worker process crashed reading it ({signal.Signals(-code).name})"
    return f"the worker process died reading it ({type(exc).__name__}: {exc})"


class GuardedPool:
    """pebble's process pool with the guard: documents in, results out in completion order."""

    def __init__(self, workers: int, guard: Guard, context: str = "fork") -> None:
        from pebble import ProcessPool
        from pebble.common import CONSTS

        CONSTS.sleep_unit = POLL_SECONDS  # pebble.common.Consts: how often, nothing else
        self.workers, self.guard = workers, guard
        self.pool = ProcessPool(
            max_workers=workers,
            initializer=start_worker,
            initargs=(os.getpid(), guard.memory_mb),
            context=multiprocessing.get_context(context),
        )

    def submit(self, path: Path, options: dict, then: Callable[[Extraction], Any] | None = None) -> Future:
        return self.pool.schedule(
            guarded, args=(path, options, self.guard.memory_mb, then), timeout=self.guard.time_limit
        )

    def outcome(self, future: Future, path: Path) -> Any:
        """The document's result, or its error row when its worker overran or died."""
        try:
            return future.result()
        except Exception as exc:  # TimeoutError, ProcessExpired: this document only
            return failed(path, expired_message(exc, self.guard), "error")

    def run(
        self, paths: list[Path], options: dict, then: Callable[[Extraction], Any] | None = None
    ) -> Iterator[Any]:
        """One result per path, in completion order; at most IN_FLIGHT a worker queued, so
        results never pile up in memory."""
        queue = list(reversed(paths))
        running: dict[Future, Path] = {}
        while queue or running:
            while queue and len(running) < self.workers * IN_FLIGHT:
                path = queue.pop()
                running[self.submit(path, options, then)] = path
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield self.outcome(future, running.pop(future))

    def close(self) -> None:
        self.pool.stop()
        self.pool.join()


def run_serial(
    paths: list[Path], options: dict, then: Callable[[Extraction], Any] | None = None
) -> Iterator[Any]:
    """In this process, without limits: for one document, where a worker is not worth it."""
    for path in paths:
        yield guarded(path, options, 0, then)
