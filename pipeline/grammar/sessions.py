"""Session and body grammar, built from vocab/*.tsv (docs/formats.md §2).

Sessions are written many ways: "Sesión Extraordinaria No. 39", "Sesión No. 18
Ordinaria", "sesión número 3 de tipo extraordinaria", "Trigésima Novena Sesión
Extraordinaria", "XXXIV Sesión Extraordinaria", "24ª Sesión Ordinaria", "sesión
extraordinaria número cuarenta y uno", "Primera Sesión Ordinaria del COTAPREP".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.grammar.numbers import (
    cardinal_pattern,
    ordinal_pattern,
    ordinal_to_int,
    roman_to_int,
    words_to_int,
)
from pipeline.grammar.spans import NameMatch, keep_disjoint
from pipeline.vocab import accent_free, fold, forms, load
from pipeline.vocab import phrase_alternation as alternation


@dataclass(frozen=True)
class SessionMatch:
    start: int
    end: int
    body: str | None  # canonical body when the mention names it
    type: str
    number: str  # digits, or "s/n"
    month: int | None = None  # "Primera Sesión Extraordinaria del mes de abril": numbered within the month


def words(role: str) -> list[str]:
    return [f for row in load("session_words") if row["role"] == role for f in forms(row, "forms")]


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
    # singular only: "las sesiones ordinaria y extraordinarias celebradas los días 4, 11 y 19"
    # names several sessions at once, none of which is one session with those dates
    sesion = r"sesi[óo]n"
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


@cache
def type_names() -> dict[str, str]:
    """Each written form of a session type → its value, the row's first form ("de carácter
    extraordinario" → 'extraordinaria')."""
    return {
        fold(form): fold(forms(row, "forms")[0])
        for row in load("session_words")
        if row["role"] == "type"
        for form in forms(row, "forms")
    }


def session_type(groups: dict[str, str | None]) -> str:
    """'extraordinaria', or 'extraordinaria urgente' also when written "con carácter de urgente"."""
    kind = fold(groups["type"] or "")
    kind = type_names().get(" ".join(kind.split()), kind)
    if groups.get("urgent") and not kind.endswith("urgente"):
        kind += " urgente"
    return kind


def find_sessions(text: str) -> list[SessionMatch]:
    """Every session mention; where patterns overlap, the earlier pattern wins."""
    found = keep_disjoint(
        SessionMatch(
            start=match.start(),
            end=match.end(),
            body=body_table().get(fold(groups["body"])) if groups.get("body") else None,
            type=session_type(groups),
            number=parse_number(groups),
        )
        for pattern in session_patterns()
        for match in pattern.finditer(text)
        for groups in [match.groupdict()]
    )
    return [within_month(text, session) for session in found]


@cache
def month_after() -> re.Pattern[str]:
    months = alternation([f for row in load("months") for f in forms(row, "forms")])
    return re.compile(rf"\s+del\s+mes\s+de\s+(?P<month>{months})(?![a-záéíóú])", re.I)


def within_month(text: str, session: SessionMatch) -> SessionMatch:
    """ "Primera Sesión Extraordinaria del mes de abril" (Hidalgo numbers its sessions
    month by month): the month is part of the session."""
    match = month_after().match(text, session.end)
    if not match:
        return session
    month = int(
        next(
            r["number"] for r in load("months") if fold(match.group("month")) in map(fold, forms(r, "forms"))
        )
    )
    return replace(session, end=match.end(), month=month)


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
    # never a piece of an acuerdo ID: the "CG" of IEEQ/CG/A/071/23 or IEM-CG-38/2024
    return re.compile(rf"(?<![\w/\-])(?:{body_pattern()})(?![\w/]|-\w)", re.I)
