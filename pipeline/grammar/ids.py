"""Acuerdo identifiers: the grammar in vocab/acuerdo_ids.tsv, one format per institute
(docs/formats.md §1).

`find_acuerdos(text)` gives each ID with its span, normalised value and parts
(issuer, organ, number, year). Normalisation per the SQL contract: upper case, inner
spaces removed, every dash-like character as '-', separators kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.grammar.spans import keep_disjoint, windows
from pipeline.vocab import load

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
PLACEHOLDERS = {
    "{S}": rf"(?:\s?[/.\-{DASHES}]\s?)",
    "{N}": r"(?P<num>\d{1,4})",
    "{Y4}": r"(?P<year>\d{4})",
    "{Y}": r"(?P<year>\d{4}|\d{2})",
}


# What labels a document's own ID at the start of its line: "ACUERDO No.", "Resolución"
OWN_LABEL = re.compile(r"\s*(?:acuerdo|resoluci[óo]n)\s*(?:n[oº°]?\.?|n[úu]mero)?\s*", re.I)


def labelled(before: str) -> bool:
    """Whether the text between a line's start and an ID labels it as the document's own."""
    return OWN_LABEL.fullmatch(before) is not None


@dataclass(frozen=True)
class AcuerdoMatch:
    start: int
    end: int
    value: str
    issuer: str
    organ: str | None
    number: int | None
    year: int | None
    named: bool = True  # the ID names its institute; a bare format's issuer is a guess


def expand(pattern: str) -> str:
    pattern = re.sub(r"\{O:([^}]*)\}", r"(?P<organ>\1)", pattern)
    for placeholder, regex in PLACEHOLDERS.items():
        pattern = pattern.replace(placeholder, regex)
    return pattern


@cache
def grammar() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """(issuer, whether the ID names it, pattern) for every format of acuerdo_ids.tsv."""
    rows = []
    for row in load("acuerdo_ids"):
        body = expand(row["pattern"])
        if "(?P<id>" not in body:
            body = rf"(?P<id>{body})"
        pattern = re.compile(rf"(?<![A-Za-z0-9/]){body}(?![0-9A-Za-z])", re.I)
        rows.append((row["key"], row["named"] == "yes", pattern))
    return tuple(rows)


def normalise(text: str) -> str:
    """'IECM/ ACU-CG-060/2020' → 'IECM/ACU-CG-060/2020'; 'ine/cg661/2016' → 'INE/CG661/2016'."""
    text = re.sub(rf"[{DASHES}]", "-", text)
    return re.sub(r"\s+", "", text).upper()


def expand_year(year: str | None) -> int | None:
    if not year:
        return None
    value = int(year)
    return value + (2000 if value < 70 else 1900) if value < 100 else value


# Every format ends in a number after a separator ("/2021", "-18", "/045"): the grammar
# (35 patterns) only runs around such tails, not over whole documents.
ID_TAIL = re.compile(r"[/\-\u2010-\u2015\u2212]\s?\d{2,4}(?!\d)")
WINDOW_BEFORE, WINDOW_AFTER = 90, 12


def id_windows(text: str) -> list[tuple[int, int]]:
    return windows(ID_TAIL, text, WINDOW_BEFORE, WINDOW_AFTER)


def find_acuerdos(text: str) -> list[AcuerdoMatch]:
    """Every acuerdo ID in `text`. Where formats overlap the longest match wins
    ("IEEPCO-CG-39/2021", not Michoacán's "CG-39/2021" inside it), then the earlier row."""
    candidates: list[tuple[int, int, AcuerdoMatch]] = []
    spans = id_windows(text)
    for rank, (issuer, named, pattern) in enumerate(grammar()):
        for match in (m for start, end in spans for m in pattern.finditer(text, start, end)):
            start, end = match.span("id")
            groups = match.groupdict()
            candidates.append(
                (
                    start - end,
                    rank,
                    AcuerdoMatch(
                        start=start,
                        end=end,
                        value=normalise(match.group("id")),
                        issuer=issuer,
                        organ=normalise(groups["organ"]) if groups.get("organ") else None,
                        number=int(groups["num"]) if groups.get("num") else None,
                        year=expand_year(groups.get("year")),
                        named=named,
                    ),
                )
            )
    return keep_disjoint(c for _, _, c in sorted(candidates, key=lambda c: (c[0], c[1])))
