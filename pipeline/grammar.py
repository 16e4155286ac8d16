"""Session and organisation grammar, built from vocab/*.tsv (FORMATS.md §2).

Sessions are written many ways: "Sesión Extraordinaria No. 39", "Sesión No. 18
Ordinaria", "sesión número 3 de tipo extraordinaria", "Trigésima Novena Sesión
Extraordinaria", "XXXIV Sesión Extraordinaria", "24ª Sesión Ordinaria", "sesión
extraordinaria número cuarenta y uno", "Primera Sesión Ordinaria del COTAPREP".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.numbers import cardinal_pattern, ordinal_pattern, ordinal_to_int, roman_to_int, words_to_int
from pipeline.vocab import alternation as vocab_alternation
from pipeline.vocab import fold, forms, load, strip_accents


@dataclass(frozen=True)
class SessionMatch:
    start: int
    end: int
    body: str | None  # canonical body when the mention names it
    type: str
    number: str  # digits, or "s/n"


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    value: str


def words(role: str) -> list[str]:
    return [f for row in load("session_words") if row["role"] == role for f in forms(row, "forms")]


def alternation(items: list[str], case_sensitive: bool = False) -> str:
    """Longest first; a space in a phrase matches any run of white space (line breaks)."""
    return vocab_alternation(items, flexible_spaces=True, case_sensitive=case_sensitive)


def accent_free(pattern_words: list[str]) -> list[str]:
    return pattern_words + [strip_accents(w) for w in pattern_words]


@cache
def body_table() -> dict[str, str]:
    return {fold(v): row["canonical"] for row in load("bodies") for v in forms(row, "variants")}


@cache
def body_pattern() -> str:
    variants = [v for row in load("bodies") for v in forms(row, "variants")]
    return alternation(accent_free(variants))


@cache
def session_patterns() -> tuple[re.Pattern[str], ...]:
    types = alternation(accent_free(words("type")))
    numword = alternation(words("number"))
    quals = alternation(accent_free(words("qualifier")))
    card = cardinal_pattern()
    cardinal = rf"(?:{card})(?:\s+y\s+(?:{card}))?"
    ordinal = rf"(?:{ordinal_pattern()})(?:\s+(?:{ordinal_pattern()}))?"
    roman = r"[IVXLC]{1,7}"
    sesion = r"(?:sesi[óo]n|sesiones)"
    qual = rf"(?:\s+(?:{quals}))*"
    body = rf"(?:\s*,?\s+(?:del|de\s+la|de)\s+(?P<body>{body_pattern()}))?"
    urgent = r"(?P<urgent>\s*,?\s+(?:con\s+)?(?:el\s+)?(?:car[áa]cter\s+de\s+)?urgente)?"
    num = rf"(?P<num>\d{{1,3}}(?![\d/])|{cardinal})"
    flags = re.IGNORECASE
    return (
        # "Trigésima Novena Sesión Extraordinaria", "XXXIV Sesión …", "24ª Sesión Ordinaria"
        re.compile(
            rf"(?<![\w])(?P<ord>{ordinal}|(?-i:{roman})|\d{{1,3}}\s?[ªº°a])\s+{sesion}{qual}\s+"
            rf"(?P<type>{types}){urgent}{qual}{body}",
            flags,
        ),
        # "Sesión Extraordinaria No. 39", "sesión virtual con carácter extraordinaria número 27"
        re.compile(
            rf"(?<![\w]){sesion}{qual}\s+(?P<type>{types}){urgent}{qual}\s*,?\s*(?:{numword})\s*{num}{body}",
            flags,
        ),
        # "Sesión No. 18 Ordinaria", "sesión número 3 de tipo extraordinaria"
        re.compile(
            rf"(?<![\w]){sesion}\s+(?:{numword})\s*{num}\s*,?{qual}\s+(?P<type>{types}){urgent}{body}", flags
        ),
        # "Sesión Ordinaria del COTAPREP": no number
        re.compile(rf"(?<![\w]){sesion}{qual}\s+(?P<type>{types})(?![\w]){urgent}{qual}{body}", flags),
    )


def parse_number(groups: dict[str, str | None]) -> str:
    raw = (groups.get("ord") or groups.get("num") or "").strip()
    if not raw:
        return "s/n"
    digits = re.match(r"\d+", raw)
    value = (
        int(digits.group())
        if digits
        else roman_to_int(raw)
        if re.fullmatch(r"[IVXLC]+", raw)
        else ordinal_to_int(raw) or words_to_int(raw)
    )
    return str(value) if value else "s/n"


def session_type(groups: dict[str, str | None]) -> str:
    """'extraordinaria', or 'extraordinaria urgente' also when written "con carácter de urgente"."""
    kind = fold(groups["type"] or "")
    if groups.get("urgent") and not kind.endswith("urgente"):
        kind += " urgente"
    return kind


def find_sessions(text: str) -> list[SessionMatch]:
    found: list[SessionMatch] = []
    for pattern in session_patterns():
        for match in pattern.finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            groups = match.groupdict()
            found.append(
                SessionMatch(
                    start=match.start(),
                    end=match.end(),
                    body=body_table().get(fold(groups["body"])) if groups.get("body") else None,
                    type=session_type(groups),
                    number=parse_number(groups),
                )
            )
    return sorted(found, key=lambda f: f.start)


@cache
def anaphora_pattern(role: str) -> re.Pattern[str]:
    # "la misma sesión en que se designó al ente auditor" describes a session, it does
    # not point back at the last one (corpus/docs/A-iepc-chiapas-informe-2023-12.pdf)
    return re.compile(
        rf"(?<![\w])(?:{alternation(accent_free(words(role)))})(?![\w])(?!\s+en\s+(?:la\s+)?que\b)", re.I
    )


def find_anaphora(text: str, role: str = "anaphora") -> list[tuple[int, int]]:
    return [m.span() for m in anaphora_pattern(role).finditer(text)]


def find_bodies(text: str) -> list[NameMatch]:
    pattern = body_regex()
    return [NameMatch(m.start(), m.end(), body_table()[fold(m.group())]) for m in pattern.finditer(text)]


@cache
def body_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{body_pattern()})(?![\w])", re.I)


# --- organisations ---------------------------------------------------------------


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
    name_re, acronym_re, keys = organisation_patterns()
    found: list[NameMatch] = []
    for pattern, key in ((name_re, fold), (acronym_re, lambda t: t)):
        for match in pattern.finditer(text):
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(
                    NameMatch(match.start(), match.end(), keys[key(" ".join(match.group().split()))])
                )
    return sorted(found, key=lambda f: f.start)


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
