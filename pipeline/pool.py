"""Worker processes for ingest: documents in, `Extraction`s out, with a guard each.

A fork pool over documents (PERF-NOTES.md: 1.87× on 2 cores, where `nlp.pipe(n_process)`
was slower). Each worker caps its address space (`RLIMIT_AS`) so a hostile PDF raises
MemoryError instead of exhausting the machine; the parent gives every document a wall
clock limit and, when one overruns, kills the pool's processes and starts a new pool —
the only way to stop a worker stuck inside C code (pdfium, pdfminer).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from models import Extraction
from pipeline.process import failed, process

MAX_ATTEMPTS = 2  # a crashed pool takes its neighbours with it; they get one retry


@dataclass(frozen=True)
class Guard:
    """Per-document limits: wall-clock seconds and extra address space in MB."""

    time_limit: float = 120.0
    memory_mb: int = 2048


def current_address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def limit_memory(memory_mb: int) -> None:
    """Worker initializer: room for `memory_mb` more than the (forked) parent maps now."""
    if memory_mb > 0:
        limit = current_address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def process_guarded(path: Path, options: dict, memory_mb: int) -> Extraction:
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
        self.executor = self.start()

    def start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=limit_memory,
            initargs=(self.guard.memory_mb,),
        )

    def restart(self) -> None:
        """Kill every worker (a hung one ignores politeness) and start afresh."""
        for proc in list((self.executor._processes or {}).values()):  # noqa: SLF001
            proc.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self.start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def run(self, paths: list[Path], options: dict) -> Iterator[Extraction]:
        """Yield one `Extraction` per path, in completion order. At most `workers`
        documents are in flight, so a document's submit time is its start time."""
        queue = [(path, 1) for path in reversed(paths)]
        running: dict[Future, tuple[Path, int, float]] = {}
        submit: Callable[[Path, int], None] = lambda path, attempt: running.__setitem__(  # noqa: E731
            self.executor.submit(process_guarded, path, options, self.guard.memory_mb),
            (path, attempt, time.monotonic()),
        )
        while queue or running:
            while queue and len(running) < self.workers:
                submit(*queue.pop())
            done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
            broken, ready = [], []
            for future in done:
                path, attempt, _ = running.pop(future)
                try:
                    ready.append(future.result())
                except BrokenProcessPool:
                    broken.append((path, attempt))
            # Refill before handing results to the writer: the workers extract the next
            # documents while the parent stores these (they idled during every write).
            while queue and len(running) < self.workers and not broken:
                submit(*queue.pop())
            yield from ready
            overdue = [f for f, (_, _, t) in running.items() if time.monotonic() - t > self.guard.time_limit]
            if overdue or broken:
                yield from self.recover(overdue, broken, running, queue)

    def recover(
        self,
        overdue: list[Future],
        broken: list[tuple[Path, int]],
        running: dict[Future, tuple[Path, int, float]],
        queue: list[tuple[Path, int]],
    ) -> Iterator[Extraction]:
        for future in overdue:
            path, _, _ = running.pop(future)
            yield failed(path, f"took longer than {self.guard.time_limit:g} s; gave up on it", "error")
        # Innocent neighbours of a hung or crashed worker go back in the queue as they were.
        queue += [(path, attempt) for path, attempt, _ in running.values()]
        running.clear()
        self.restart()
        for path, attempt in broken:
            if attempt >= MAX_ATTEMPTS:
                yield failed(path, "the worker process died reading it (out of memory or a crash)", "error")
            else:
                queue.append((path, attempt + 1))
