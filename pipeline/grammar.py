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


def alternation(items: list[str]) -> str:
    """Longest first; a space in a phrase matches any run of white space (line breaks)."""
    return "|".join(re.escape(i).replace(r"\ ", r"\s+") for i in sorted(set(items), key=len, reverse=True))


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
        else roman_to_int(raw) if re.fullmatch(r"[IVXLC]+", raw)
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
    return re.compile(rf"(?<![\w])(?:{alternation(accent_free(words(role)))})(?![\w])(?!\s+en\s+(?:la\s+)?que\b)", re.I)


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
def organisation_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, value): full names case-insensitive, acronyms case-sensitive."""
    rows: list[tuple[str, str, bool]] = []
    for row in load("institutes"):
        rows += [(name, row["key"], False) for name in forms(row, "names")]
        rows += [(acronym, row["key"], True) for acronym in forms(row, "acronyms")]
    rows += [("UNICOM", "unicom", True), ("Unidad Técnica de Servicios de Informática", "unicom", False)]
    rows.sort(key=lambda r: len(r[0]), reverse=True)
    compiled = []
    for text, value, exact in rows:
        body = re.escape(text) if exact else alternation([text, strip_accents(text)])
        flags = 0 if exact else re.IGNORECASE
        compiled.append((re.compile(rf"(?<![\w/-])(?:{body})(?![\w/])", flags), value))
    return tuple(compiled)


def find_organisations(text: str) -> list[NameMatch]:
    found: list[NameMatch] = []
    for pattern, value in organisation_patterns():
        for match in pattern.finditer(text):
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(NameMatch(match.start(), match.end(), value))
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
