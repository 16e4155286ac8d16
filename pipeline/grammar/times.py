"""The one place that parses times of day (docs/formats.md §3): "10:00 horas", "a las
15 horas", "las diecisiete horas con diez minutos", "las 7 de la tarde"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from pipeline.grammar.numbers import cardinal_pattern, words_to_int
from pipeline.grammar.spans import Disjoint
from pipeline.vocab import fold


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    value: dt.time


@cache
def time_patterns() -> tuple[re.Pattern[str], ...]:
    num = cardinal_pattern()
    flags = re.IGNORECASE
    return (
        re.compile(
            r"(?<![\d:/.-])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?![\d/.-])\s*(?P<suffix>horas|hrs?\.?|h\b|"
            r"a\.\s?m\.|p\.\s?m\.|am\b|pm\b)?",
            flags,
        ),
        re.compile(r"(?<=\blas\s)(?P<h>\d{1,2})\s+(?P<suffix>horas|hrs?\.?)", flags),
        re.compile(
            rf"\blas\s+(?P<hw>{num})\s+horas(?:\s+con\s+(?P<mw>(?:{num})(?:\s+y\s+(?:{num}))?)\s+minutos)?",
            flags,
        ),
        re.compile(r"\blas\s+(?P<h>\d{1,2})\s+de\s+la\s+(?P<suffix>tarde|noche|mañana)", flags),
    )


def find_times(text: str) -> list[TimeMatch]:
    found: list[TimeMatch] = []
    taken = Disjoint()
    for pattern in time_patterns():
        for match in pattern.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            value = build_time(match)
            if value is not None:
                start = match.start("h") if match.groupdict().get("h") else match.start()
                found.append(TimeMatch(start, match.end(), value))
                taken.add(start, match.end())
    found.sort(key=lambda t: t.start)
    # "a las dieciocho horas (18:00)": one time, written twice
    return [
        t for i, t in enumerate(found) if not (i and re.fullmatch(r"\s*\(", text[found[i - 1].end : t.start]))
    ]


def build_time(match: re.Match[str]) -> dt.time | None:
    groups = match.groupdict()
    suffix = fold(groups.get("suffix") or "")
    if groups.get("hw"):
        hour, minute = words_to_int(groups["hw"]), words_to_int(groups["mw"] or "cero")
    else:
        hour, minute = int(groups["h"]), int(groups.get("m") or 0)
        if ":" not in match.group() and "." not in match.group() and not suffix:
            return None
        if "." in match.group()[:6] and not suffix:
            return None  # "10.30" without "horas" is a decimal more often than a time
    if hour is None or minute is None:
        return None
    if suffix.startswith("p") or suffix in ("tarde", "noche"):
        hour = hour + 12 if hour < 12 else hour
    if hour == 24 and minute == 0:
        hour, minute = 23, 59  # "hasta las 24:00 horas": the end of that day
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)
