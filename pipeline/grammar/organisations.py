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
    acronyms["UNICOM"] = "unicom"
    names[fold("Unidad Técnica de Servicios de Informática")] = "unicom"
    spelled = [w for row in load("institutes") for w in forms(row, "names")]
    spelled.append("Unidad Técnica de Servicios de Informática")
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


def top_body(issuer: str | None) -> str:
    """The institute's highest body (institutes.tsv), "consejo general" for most."""
    for row in load("institutes"):
        if row["key"] == issuer:
            return row["top_body"]
    return "consejo general"


def find_issuer(text: str) -> str | None:
    """The institute named first in `text` (UNICOM is a unit of INE, not an issuer)."""
    for match in find_organisations(text):
        if match.value != "unicom":
            return match.value
    return None
