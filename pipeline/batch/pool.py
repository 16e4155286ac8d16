"""Worker processes for ingest: documents in, `Extraction`s out, with a guard each.

A fork pool over documents (docs/performance.md: 1.87× on 2 cores, where `nlp.pipe(n_process)`
was slower). Each worker caps its address space (`RLIMIT_AS`) so a hostile PDF raises
MemoryError instead of exhausting the machine; the parent gives every document a wall
clock limit and, when one overruns, kills the pool's processes and starts a new pool —
the only way to stop a worker stuck inside C code (pdfium, pdfminer).

Each worker has two documents in flight, so it starts the next one the moment it hands
a result back (one at a time it idled ~10 % of the run on the round trip). A document's
clock starts when a worker picks it up — workers report that on a queue — not when it
was queued behind another.
"""

from __future__ import annotations

import itertools
import multiprocessing
import resource
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from models import Extraction
from pipeline.process import failed, process

MAX_ATTEMPTS = 2  # a crashed pool takes its neighbours with it; they get one retry
IN_FLIGHT = 2  # documents queued per worker
STARTED: multiprocessing.SimpleQueue | None = None  # in a worker: where it reports (task, start time)


@dataclass(frozen=True)
class Guard:
    """Per-document limits: wall-clock seconds and extra address space in MB."""

    time_limit: float = 120.0
    memory_mb: int = 2048


@dataclass
class Running:
    """A submitted document: its try number, and when a worker started it (if yet)."""

    path: Path
    attempt: int
    task: int
    started: float | None = None


def current_address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def start_worker(memory_mb: int, started: multiprocessing.SimpleQueue) -> None:
    """Worker initializer: the queue for start reports, and room for `memory_mb` more
    than the (forked) parent maps now."""
    global STARTED
    STARTED = started
    if memory_mb > 0:
        limit = current_address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def process_guarded(path: Path, options: dict, memory_mb: int, task: int = 0) -> Extraction:
    if STARTED is not None:
        STARTED.put((task, time.monotonic()))  # CLOCK_MONOTONIC: one clock for every process
    try:
        return process(path, **options)
    except MemoryError:
        return failed(path, f"ran out of memory (more than {memory_mb} MB); the PDF may be hostile", "error")
    except (Exception, RecursionError) as exc:  # a library bug on odd input must not stop the batch
        return failed(path, f"unexpected {type(exc).__name__} while reading it: {exc}", "error")


def run_serial(paths: list[Path], options: dict) -> Iterator[Extraction]:
    for path in paths:
        yield process_guarded(path, options, 0)


class Pool:
    """A process pool that survives hung or crashed workers."""

    def __init__(self, workers: int, guard: Guard) -> None:
        self.workers, self.guard = workers, guard
        self.tasks = itertools.count(1)
        self.executor, self.started = self.start()

    def start(self) -> tuple[ProcessPoolExecutor, multiprocessing.SimpleQueue]:
        # A fresh queue with every pool: a worker killed inside `put` may hold its lock.
        context = multiprocessing.get_context("fork")
        started = context.SimpleQueue()
        executor = ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=start_worker,
            initargs=(self.guard.memory_mb, started),
        )
        return executor, started

    def restart(self) -> None:
        """Kill every worker (a hung one ignores politeness) and start afresh."""
        for proc in list((self.executor._processes or {}).values()):  # noqa: SLF001
            proc.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.started.close()
        self.executor, self.started = self.start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.started.close()

    def start_times(self, running: dict[Future, Running]) -> None:
        """Record the start reports the workers sent since the last look."""
        by_task = {r.task: r for r in running.values()}
        while not self.started.empty():
            task, at = self.started.get()
            if task in by_task:
                by_task[task].started = at

    def run(self, paths: list[Path], options: dict) -> Iterator[Extraction]:
        """Yield one `Extraction` per path, in completion order."""
        queue = [(path, 1) for path in reversed(paths)]
        running: dict[Future, Running] = {}

        def submit(path: Path, attempt: int) -> None:
            task = next(self.tasks)
            future = self.executor.submit(process_guarded, path, options, self.guard.memory_mb, task)
            running[future] = Running(path, attempt, task)

        while queue or running:
            while queue and len(running) < self.workers * IN_FLIGHT:
                submit(*queue.pop())
            done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
            broken, ready = [], []
            for future in done:
                task = running.pop(future)
                try:
                    ready.append(future.result())
                except BrokenProcessPool:
                    broken.append((task.path, task.attempt))
            # Refill before handing results to the writer: the workers extract the next
            # documents while the parent stores these (they idled during every write).
            while queue and len(running) < self.workers * IN_FLIGHT and not broken:
                submit(*queue.pop())
            yield from ready
            self.start_times(running)
            now = time.monotonic()
            overdue = [
                f
                for f, r in running.items()
                if r.started is not None and now - r.started > self.guard.time_limit
            ]
            if overdue or broken:
                yield from self.recover(overdue, broken, running, queue)

    def recover(
        self,
        overdue: list[Future],
        broken: list[tuple[Path, int]],
        running: dict[Future, Running],
        queue: list[tuple[Path, int]],
    ) -> Iterator[Extraction]:
        for future in overdue:
            path = running.pop(future).path
            yield failed(path, f"took longer than {self.guard.time_limit:g} s; gave up on it", "error")
        # Innocent neighbours of a hung or crashed worker go back in the queue as they were.
        queue += [(r.path, r.attempt) for r in running.values()]
        running.clear()
        self.restart()
        for path, attempt in broken:
            if attempt >= MAX_ATTEMPTS:
                yield failed(path, "the worker process died reading it (out of memory or a crash)", "error")
            else:
                queue.append((path, attempt + 1))
