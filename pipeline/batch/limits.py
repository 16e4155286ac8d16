"""The per-document limits, apart from the guard that enforces them (`guard.py`), so a
command can name them without loading the extraction stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Guard:
    """Per-document limits: wall-clock seconds and extra address space in MB."""

    time_limit: float = 120.0
    memory_mb: int = 2048
