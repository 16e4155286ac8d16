"""Institutes by name or acronym (vocab/institutes.tsv), and a document's issuer."""

from __future__ import annotations

import re
from functools import cache

from pipeline.grammar.spans import NameMatch, keep_disjoint
from pipeline.vocab import accent_free, fold, forms, load
from pipeline.vocab import phrase_alternation as alternation


@cache
def organisation_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """One regex for full names (case-insensitive, accents optional), one for acronyms
    (case-sensitive), and the table from matched text to institute key — two scans of
    the text instead of one per name."""
    names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for row in load("institutes"):
        names.update({fold(name): row["key"] for name in forms(row, "names")})
        acronyms.update(dict.fromkeys(forms(row, "acronyms"), row["key"]))
    spelled = [w for row in load("institutes") for w in forms(row, "names")]
    name_re = re.compile(rf"(?<![\w/-])(?:{alternation(accent_free(spelled))})(?![\w/])", re.IGNORECASE)
    acronym_re = re.compile(rf"(?<![\w/-])(?:{alternation(list(acronyms), case_sensitive=True)})(?![\w/])")
    return name_re, acronym_re, {**names, **acronyms}


def find_organisations(text: str) -> list[NameMatch]:
    """Full names first, then acronyms where no name was found."""
    name_re, acronym_re, keys = organisation_patterns()
    return keep_disjoint(
        NameMatch(match.start(), match.end(), keys[key(" ".join(match.group().split()))])
        for pattern, key in ((name_re, fold), (acronym_re, lambda t: t))
        for match in pattern.finditer(text)
    )


@cache
def institutes() -> dict[str, dict[str, str]]:
    """institutes.tsv by key."""
    return {row["key"]: row for row in load("institutes")}


def top_body(issuer: str | None) -> str:
    """The institute's highest body (institutes.tsv), "consejo general" for most."""
    row = institutes().get(issuer or "")
    return row["top_body"] if row and row["top_body"] else "consejo general"


def is_unit(key: str | None) -> bool:
    """A unit of another institute (INE's UNICOM): it receives documents, it never issues
    them nor holds sessions."""
    row = institutes().get(key or "")
    return row is not None and row["role"] == "unit"


def find_issuer(text: str) -> str | None:
    """The institute named first in `text`, units left aside."""
    return next((match.value for match in find_organisations(text) if not is_unit(match.value)), None)
