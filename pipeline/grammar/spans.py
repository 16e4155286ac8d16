"""Spans of text: keeping non-overlapping ones, and the windows a grammar runs in."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


@dataclass(frozen=True)
class NameMatch:
    """A name found in text (an institute, a body) and its vocabulary key."""

    start: int
    end: int
    value: str


class Disjoint:
    """Spans kept so far, none overlapping another, in text order: "does this one
    overlap a kept span?" costs a bisection, not a scan of every kept span."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Of the kept spans starting before `end`, only the last can reach past `start`.
        at = bisect_left(self.starts, end)
        return bool(at) and self.ends[at - 1] > start

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self.starts, end)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


def keep_disjoint(candidates: Iterable[S]) -> list[S]:
    """Each candidate that overlaps none kept before it (so the order of `candidates` is
    their priority), returned in text order."""
    kept: list[S] = []
    taken = Disjoint()
    for candidate in candidates:
        if taken.overlaps(candidate.start, candidate.end):
            continue
        at = bisect_left(taken.starts, candidate.end)
        taken.add(candidate.start, candidate.end)
        kept.insert(at, candidate)
    return kept


def windows(trigger: re.Pattern[str], text: str, before: int, after: int) -> list[tuple[int, int]]:
    """Merged spans from `before` characters ahead of each `trigger` hit to `after`
    characters past it: a big grammar runs there only, not over whole documents.
    `pattern.finditer(text, start, end)` still sees the text before `start` for its
    look-behinds."""
    found: list[tuple[int, int]] = []
    for hit in trigger.finditer(text):
        start, end = max(0, hit.start() - before), min(len(text), hit.end() + after)
        if found and start <= found[-1][1]:
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
    return found
