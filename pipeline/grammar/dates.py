"""The one place that parses Spanish dates (docs/formats.md §3); times are in
`pipeline.grammar.times`.

`find_dates(text, calendar)` returns every date in a text with its span: numerals with
"de"/"del"/no connector, month first, abbreviated months, weekdays, dates fully in
words, words with digits ("18 dieciocho", "diecinueve (19)"), "1°"/"1o."/"primero",
dd-mm-yyyy and dd/mm/yyyy (day first, as in Mexico), ranges and lists of days, and
dates without a year, whose year comes from context and is marked `inferred`: the last
date of the same paragraph that states its year, else the document's calendar (its
electoral process, its own date); where nothing supports a year, the date is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
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
class Calendar:
    """What fixes the year of a date written without one, from the whole document."""

    year: int | None = None  # the document's own year: its date, period or own acuerdo's year
    issued: dt.date | None = None  # the document's own date
    process: tuple[int, int] | None = None  # an electoral process over two years ("2020-2021")

    def year_for(self, month: int, day: int) -> int | None:
        """A local process starts in the autumn of its first year, so September to
        December belong to that year and January to August to the second. Without a
        process, a past event is not far after the document's own date: "16 de
        diciembre" in a document of 10 March 2021 is of 2020."""
        if self.process:
            return self.process[0] if month >= 9 else self.process[1]
        if self.year is None:
            return None
        date = make_date(self.year, month, day)
        if self.issued and date and date > self.issued + dt.timedelta(days=45):
            return self.year - 1
        return self.year


@dataclass(frozen=True)
class Pending:
    """A date written without its year, until the year is known."""

    start: int
    end: int
    month: int
    day: int
    weekday: int | None
    relative: str | None  # "en curso", "presente año", "mismo año"…


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
    # "mil novecientos noventa y ocho": "y" joins tens and units only, so "dos mil quince
    # y siete de abril" is 2015 and then the 7th of April
    tens = alternation(
        ["veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
    )
    word = rf"(?:(?:{tens})[\s-]+y[\s-]+(?:{num})|{num})"
    words = rf"{word}(?:[\s-]+{word})*"
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


# "Anexo 3.5.17", "regla 3.10.10", "numeral 1.2.3": section numbers, not dates
SECTION_NUMBER = re.compile(
    r"(?:anexo|regla|numeral|art[íi]culo|arts?\.|fracci[óo]n|apartado|inciso|punto|cap[íi]tulo|secci[óo]n|lineamiento)s?\s*$",
    re.I,
)


def find_dates(text: str, calendar: int | Calendar | None = None) -> list[DateMatch]:
    """Every date in `text`. A date without a year takes the year of the last date of
    its paragraph that states one, else the calendar's; "del año en curso" takes the
    document's year and "del mismo año" the last date's. Two mentions of the same day
    get the same year."""
    calendar = calendar if isinstance(calendar, Calendar) else Calendar(year=calendar)
    found: list[DateMatch] = []
    pending: list[Pending] = []
    taken = Disjoint()
    spans = date_windows(text)
    for kind in ("abbreviated", "text", "month_first", "numeric"):
        pattern = patterns()[kind]
        for match in (m for start, end in spans for m in pattern.finditer(text, start, end)):
            if taken.overlaps(match.start(), match.end()):
                continue
            date = build(kind, match, text)
            if date is None:
                continue
            if isinstance(date, DateMatch):
                found.append(date)
            else:
                pending.append(date)
            taken.add(match.start(), match.end())
    found = settle(text, found, pending, calendar)
    found += same_month_dates(text, spans, found, taken)
    found.sort(key=lambda d: d.start)
    return borrow_range_years(text, add_leading_days(text, found))


def settle(text: str, found: list[DateMatch], pending: list[Pending], calendar: Calendar) -> list[DateMatch]:
    """Give each date written without a year its year (see `find_dates`)."""
    stated = sorted(found, key=lambda d: d.start)
    starts = [d.start for d in stated]
    settled = list(found)
    for item in sorted(pending, key=lambda p: p.start):
        year = year_of(text, item, stated[: bisect_right(starts, item.start)], settled, calendar)
        value = make_date(year, item.month, item.day) if year else None
        if value:
            settled.append(DateMatch(item.start, item.end, value, True, item.weekday))
    return same_day_same_year(settled)


def year_of(
    text: str, item: Pending, before: list[DateMatch], settled: list[DateMatch], calendar: Calendar
) -> int | None:
    if item.relative:
        if re.search(r"propio|mismo", item.relative, re.I):
            last = max((d for d in settled if d.end <= item.start), key=lambda d: d.start, default=None)
            return last.value.year if last else None
        return calendar.year
    paragraph = text.rfind("\n\n", 0, item.start)
    if before and before[-1].start > paragraph:
        return before[-1].value.year
    return calendar.year_for(item.month, item.day)


def same_day_same_year(found: list[DateMatch]) -> list[DateMatch]:
    """A day written without its year takes the year another mention of that day
    states, or the one its first mention got: one document does not mean two years."""
    years: dict[tuple[int, int], int] = {}
    for date in sorted(found, key=lambda d: (d.inferred, d.start)):
        years.setdefault((date.value.month, date.value.day), date.value.year)
    result = []
    for date in found:
        year = years[(date.value.month, date.value.day)]
        if (
            date.inferred
            and year != date.value.year
            and (value := make_date(year, date.value.month, date.value.day))
        ):
            date = DateMatch(date.start, date.end, value, True, date.weekday)
        result.append(date)
    return result


def same_month_dates(
    text: str, spans: list[tuple[int, int]], found: list[DateMatch], taken: Disjoint
) -> list[DateMatch]:
    """ "el 15 del mismo mes": the month and year of the date before it."""
    extra: list[DateMatch] = []
    ordered = sorted(found, key=lambda d: d.start)
    pattern = patterns()["same_month"]
    for match in (m for start, end in spans for m in pattern.finditer(text, start, end)):
        if taken.overlaps(match.start(), match.end()):
            continue
        previous = [d for d in ordered if d.end <= match.start()] or ordered[:1]
        day = parse_day(match.group("day"))
        value = (
            make_date(previous[-1].value.year, previous[-1].value.month, day) if previous and day else None
        )
        if value:
            extra.append(DateMatch(match.start(), match.end(), value, inferred=True))
            taken.add(match.start(), match.end())
    return extra


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


def build(kind: str, match: re.Match[str], text: str) -> DateMatch | Pending | None:
    """A date, or a `Pending` one when the text gives no year."""
    groups = match.groupdict()
    day = parse_day(groups["day"])
    month = int(groups["month"]) if kind == "numeric" else month_table().get(fold(groups["month"]))
    if day is None or month is None or not 1 <= day <= 31:
        return None
    if kind == "numeric" and not numeric_date(groups, text[max(0, match.start() - 20) : match.start()]):
        return None
    weekday = weekday_table().get(fold(groups.get("weekday") or ""))
    raw, relative = groups.get("year"), groups.get("relative")
    if not raw or relative:
        return Pending(match.start(), match.end(), month, day, weekday, relative)
    year = parse_year(raw)
    if year is not None and year < 100:
        year += 2000
    value = make_date(year, month, day) if year else None
    return DateMatch(match.start(), match.end(), value, False, weekday) if value else None


def numeric_date(groups: dict[str, str | None], before: str) -> bool:
    """ "03.09.2021" is a date but "3.5.17" is a numbered rule or annex: with dots the
    year has four digits, and no date follows "Anexo", "regla", "numeral"…"""
    if groups["sep"] == "." and len(groups["year"] or "") != 4:
        return False
    return not SECTION_NUMBER.search(before)


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


# --- writing dates back (summaries) -------------------------------------------------


@cache
def month_names() -> dict[int, str]:
    """1 → 'enero': each month's first form in months.tsv."""
    return {int(row["number"]): forms(row, "forms")[0] for row in load("months")}


def spanish_date(value: dt.date) -> str:
    """2021-08-25 → '25 de agosto de 2021', the Mexican way."""
    return f"{value.day} de {month_names()[value.month]} de {value.year}"
