"""The trie alternation every grammar is built from: same matches as the flat,
longest-first alternation it replaced (a property), on Spanish vocabulary."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vocab import alternation, strip_accents


def flat(words: list[str], flexible_spaces: bool = False) -> str:
    escaped = (re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return "|".join(e.replace(r"\ ", r"\s+") if flexible_spaces else e for e in escaped)


WORDS = st.lists(st.text(alphabet="abcñé .", min_size=1, max_size=6), min_size=1, max_size=12)


@given(words=WORDS, text=st.text(alphabet="abcñé .\n", max_size=40))
def test_trie_matches_like_the_flat_alternation(words: list[str], text: str) -> None:
    trie = re.compile(alternation(words, case_sensitive=True))
    plain = re.compile(flat(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(words=WORDS, text=st.text(alphabet="abcñé .\n", max_size=40))
def test_flexible_spaces_match_like_the_flat_alternation(words: list[str], text: str) -> None:
    words = [w for w in words if w.strip() == w and "  " not in w] or ["a"]
    trie = re.compile(alternation(words, flexible_spaces=True, case_sensitive=True))
    plain = re.compile(flat(words, flexible_spaces=True))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["sept", "septiembre", "sep"], "el 3 de septiembre", "septiembre"),
        (["Sesión", "sesión extraordinaria"], "la Sesión Extraordinaria", "Sesión Extraordinaria"),
        (["Consejo General", "Consejo"], "el Consejo\nGeneral del", "Consejo\nGeneral"),
    ],
)
def test_longest_form_wins_ignoring_case(words: list[str], text: str, expected: str) -> None:
    match = re.search(alternation(words, flexible_spaces=True), text, re.I)
    assert match is not None and match.group() == expected


def test_case_sensitive_acronyms_stay_apart() -> None:
    pattern = re.compile(rf"\b(?:{alternation(['IEE', 'IEEM'], case_sensitive=True)})\b")
    assert [m.group() for m in pattern.finditer("IEEM, iee, IEE")] == ["IEEM", "IEE"]


@given(st.text())
def test_strip_accents_drops_exactly_the_combining_marks(text: str) -> None:
    import unicodedata

    expected = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    assert strip_accents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Sesión Extraordinaria", "Sesion Extraordinaria"), ("AÑO", "ANO"), ("N° 3ª", "N° 3ª")],
)
def test_strip_accents_on_spanish(text: str, expected: str) -> None:
    assert strip_accents(text) == expected
