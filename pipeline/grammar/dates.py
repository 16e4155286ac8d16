"""The one place that parses Spanish dates and times (docs/formats.md §3).

`find_dates(text, context_year)` returns every date in a text with its span: numerals
with "de"/"del"/no connector, month first, abbreviated months, weekdays, dates fully in
words, words with digits ("18 dieciocho", "diecinueve (19)"), "1°"/"1o."/"primero",
dd-mm-yyyy and dd/mm/yyyy (day first, as in Mexico), ranges and lists of days, and
dates without a year, whose year comes from context and is marked `inferred`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from pipeline.grammar.numbers import cardinal_pattern, words_to_int
from pipeline.grammar.spans import Disjoint, windows
from pipeline.vocab import alternation, fold, forms, load


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: dt.date
    inferred: bool = False
    weekday: int | None = None  # the weekday the text states, if any


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    value: dt.time


@cache
def month_table() -> dict[str, int]:
    return {fold(f): int(row["number"]) for row in load("months") for f in forms(row, "forms")}


@cache
def weekday_table() -> dict[str, int]:
    return {fold(f): int(row["number"]) for row in load("weekdays") for f in forms(row, "forms")}


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    month_words = [f for row in load("months") for f in forms(row, "forms")]
    month = rf"(?P<month>{alternation(month_words)})\.?(?![a-záéíóú])"
    weekday = alternation([f for row in load("weekdays") for f in forms(row, "forms")])
    num = cardinal_pattern()
    words = rf"(?:{num})(?:[\s-]+(?:y[\s-]+)?(?:{num}))*"
    # Days in words are single words but "treinta y uno": "doce, diecinueve y veintiséis
    # de mayo" is a list of three days, not the number 45.
    day_words = rf"(?:treinta\s+y\s+un[oa]?|{num})"
    # "18 dieciocho", "1°", "1o.", OCR "1 O" (docs/formats.md §3: "El 1 O de febrero de 2014")
    day = (
        rf"(?P<day>\d{{1,2}}(?:\s?[°º]|o\.?(?=\s))?(?:\s+(?:{num}))?(?:\s*\([^)]{{1,20}}\))?|1\s[O0](?=\s)"
        rf"|{day_words}(?:\s*\(\d{{1,2}}\s?[°º]?\))?)"
    )
    year = (
        rf"(?P<year>\d{{4}}(?:\s*,?\s+(?:{words}))?|(?:{words})(?:\s*\(\d{{4}}\))?"
        r"|(?P<relative>(?:año\s+)?en\s+curso|(?:presente|propio|mismo)(?:\s+año|\s+anualidad)?"
        r"|año\s+que\s+transcurre|presente\s+anualidad))"
    )
    connector = r"(?:\s*,?\s*(?:de|del)\s+(?:(?:la\s+|el\s+)?año\s+)?|\s*,\s*|\s*/\s*|\s+)"
    text_date = (
        rf"(?:(?P<weekday>{weekday})\s*,?\s+)?(?:a\s+los\s+)?{day}\s*(?:días?\s+)?"
        rf"(?:del\s+mes\s+de\s+|de\s+|del\s+|\s*/\s*|\s+)?{month}(?:{connector}{year})?"
    )
    flags = re.IGNORECASE
    return {
        "text": re.compile(rf"(?<![\w/-]){text_date}(?![\w/])", flags),
        "month_first": re.compile(
            rf"(?<![\w/-]){month}\s+(?P<day>\d{{1,2}})\s*(?:,|de)?\s*(?P<year>\d{{4}})(?!\d)", flags
        ),
        "numeric": re.compile(
            r"(?<![\w/-])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\w/-])"
        ),
        "abbreviated": re.compile(
            rf"(?<![\w/-])(?P<day>\d{{1,2}})[\s/]{month}[\s/](?P<year>\d{{2}})(?![\w/:])", flags
        ),
        "same_month": re.compile(rf"(?<![\w/-]){day}\s+del\s+(?:mismo|propio)\s+mes(?:\s+y\s+año)?", flags),
        "lead_day": re.compile(
            rf"(?:(?<=\s)|^)(?P<day>\d{{1,2}}(?:\s+(?:{num}))?|{day_words})(?:\s*\([^)]{{1,20}}\))?\s*(?:,\s*|\s+y\s+(?:hasta\s+el\s+)?"
            rf"(?:(?:{weekday})\s+)?|\s+al?\s+(?:(?:{weekday})\s+)?)$",
            flags,
        ),
    }


def parse_day(text: str) -> int | None:
    text = text.strip()
    if re.match(r"1\s[O0]$", text):  # OCR: "1 O" is 10
        return 10
    digits = re.match(r"\d{1,2}", text)
    if digits:
        return int(digits.group())
    return words_to_int(re.sub(r"\(.*", "", text))


def parse_year(text: str) -> int | None:
    digits = re.search(r"\d{4}", text) or re.fullmatch(r"\d{2}", text.strip())
    if digits:
        return int(digits.group())
    return words_to_int(text)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@cache
def date_trigger() -> re.Pattern[str]:
    """What every date has: a month (word or abbreviation), digits separated by - / .,
    or "mismo mes"."""
    months = alternation([f for row in load("months") for f in forms(row, "forms")])
    return re.compile(
        rf"(?<![a-záéíóú])(?:{months})(?![a-záéíóú])|\d[-/.]\d|m[ií]smo\s+mes|propio\s+mes", re.I
    )


BEFORE_TRIGGER, AFTER_TRIGGER = 90, 130  # "a los doce días del mes de" … "del año dos mil veintiuno (2021)"


def date_windows(text: str) -> list[tuple[int, int]]:
    return windows(date_trigger(), text, BEFORE_TRIGGER, AFTER_TRIGGER)


def find_dates(text: str, context_year: int | None = None) -> list[DateMatch]:
    """Every date in `text`. A date without a year takes the last explicit year seen
    before it in `text`, else `context_year` (the document's year); relative phrases
    ("del año en curso", "del presente año") always take `context_year`."""
    found: list[DateMatch] = []
    taken = Disjoint()
    spans = date_windows(text)
    for kind in ("abbreviated", "text", "month_first", "numeric", "same_month"):
        pattern = patterns()[kind]
        for match in (m for start, end in spans for m in pattern.finditer(text, start, end)):
            if taken.overlaps(match.start(), match.end()):
                continue
            date = build(kind, match, text, found, context_year)
            if date is None:
                continue
            found.append(date)
            taken.add(match.start(), match.end())
    found.sort(key=lambda d: d.start)
    return borrow_range_years(text, add_leading_days(text, found))


def borrow_range_years(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """ "el primero de enero al quince de diciembre del 2022": the first end of a range
    takes the year the second end states."""
    result = list(found)
    for i, (first, second) in enumerate(zip(found, found[1:], strict=False)):
        joiner = text[first.end : second.start]
        if (
            first.inferred
            and not second.inferred
            and re.fullmatch(r"\s*(?:al?|y(?:\s+el)?|hasta\s+el)\s*", joiner)
        ):
            value = make_date(second.value.year, first.value.month, first.value.day)
            if value:
                result[i] = DateMatch(first.start, first.end, value, False, first.weekday)
    return result


def build(
    kind: str, match: re.Match[str], text: str, found: list[DateMatch], context_year: int | None
) -> DateMatch | None:
    groups = match.groupdict()
    if kind == "same_month":
        previous = [d for d in found if d.end <= match.start()] or found[-1:]
        if not previous or (day := parse_day(groups["day"])) is None:
            return None
        base = previous[-1].value
        value = make_date(base.year, base.month, day)
        return DateMatch(match.start(), match.end(), value, inferred=True) if value else None
    day = parse_day(groups["day"])
    month = int(groups["month"]) if kind == "numeric" else month_table().get(fold(groups["month"]))
    if day is None or month is None or not 1 <= day <= 31:
        return None
    year, inferred = resolve_year(groups, text[: match.start()], context_year)
    if year is None:
        return None
    value = make_date(year, month, day)
    if value is None:
        return None
    weekday = weekday_table().get(fold(groups.get("weekday") or ""))
    return DateMatch(match.start(), match.end(), value, inferred, weekday)


def resolve_year(
    groups: dict[str, str | None], before: str, context_year: int | None
) -> tuple[int | None, bool]:
    raw = groups.get("year")
    if raw and not groups.get("relative"):
        year = parse_year(raw)
        if year is not None and year < 100:
            year += 2000
        return year, False
    if groups.get("relative") and not re.search(r"propio|mismo", groups["relative"] or "", re.I):
        return context_year, True
    earlier = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", before[-400:])
    if earlier:
        return int(earlier[-1]), True
    return context_year, True


def add_leading_days(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """ "del 17 al 21 de mayo de 2021" and "8, 18 y 22 de diciembre de 2017": the bare
    days before a full date share its month and year."""
    result: list[DateMatch] = []
    for date in found:
        extra: list[DateMatch] = []
        cursor = date.start
        while True:
            match = patterns()["lead_day"].search(text[max(0, cursor - 60) : cursor])
            if not match:
                break
            start = cursor - (len(text[max(0, cursor - 60) : cursor]) - match.start())
            day = parse_day(match.group("day"))
            value = make_date(date.value.year, date.value.month, day) if day else None
            if value is None or any(d.start <= start < d.end for d in found):
                break
            extra.insert(0, DateMatch(start, start + len(match.group("day")), value, date.inferred))
            cursor = start
        result.extend(extra)
        result.append(date)
    return result


# --- times -----------------------------------------------------------------------


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


# --- writing dates back (summaries) -------------------------------------------------


@cache
def month_names() -> dict[int, str]:
    """1 → 'enero': each month's first form in months.tsv."""
    return {int(row["number"]): forms(row, "forms")[0] for row in load("months")}


def spanish_date(value: dt.date) -> str:
    """2021-08-25 → '25 de agosto de 2021', the Mexican way."""
    return f"{value.day} de {month_names()[value.month]} de {value.year}"
