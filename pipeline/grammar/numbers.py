"""Spanish number words: cardinals ("cuarenta y uno", "dos mil veintiuno"), ordinals
("trigésima novena", "décimo octava") and Roman numerals ("XXXIV")."""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import alternation, fold, word_table

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def cardinals() -> dict[str, int]:
    return word_table("numbers")


def ordinals() -> dict[str, int]:
    return word_table("ordinals")


@cache
def cardinal_pattern() -> str:
    """Regex alternation of cardinal words, longest first (for use inside bigger patterns)."""
    return alternation([*cardinals(), *cardinal_words_accented()])


@cache
def cardinal_words_accented() -> tuple[str, ...]:
    from pipeline.vocab import forms, load

    return tuple(form.lower() for row in load("numbers") for form in forms(row, "words"))


@cache
def ordinal_pattern() -> str:
    from pipeline.vocab import forms, load

    words = {form.lower() for row in load("ordinals") for form in forms(row, "words")}
    words |= set(ordinals())
    return alternation(list(words))


def words_to_int(text: str) -> int | None:
    """'cuarenta y uno' → 41; 'dos mil veintiuno' → 2021; 'mil novecientos noventa y dos'
    → 1992. None when a word is not a number word."""
    table = cardinals()
    total, current = 0, 0
    words = [w for w in fold(text).replace("-", " ").split() if w != "y"]
    if not words:
        return None
    for word in words:
        if word not in table:
            return None
        value = table[word]
        if value == 1000:
            total += (current or 1) * 1000
            current = 0
        else:
            current += value
    return total + current


def ordinal_to_int(text: str) -> int | None:
    """'trigésima novena' → 39; 'décimo octava' → 18; 'decimoctava' → 18;
    'quincuagésima tercer' → 53."""
    table = ordinals()
    total = 0
    for word in fold(text).replace("-", " ").split():
        if word in table:
            total += table[word]
        elif word.startswith("decimo") and word[6:] in table:
            total += 10 + table[word[6:]]
        elif word.startswith("decima") and word[6:] in table:
            total += 10 + table[word[6:]]
        else:
            return None
    return total or None


def roman_to_int(text: str) -> int | None:
    text = text.upper()
    if not text or not ROMAN_RE.match(text):
        return None
    total = 0
    for char, following in zip(text, text[1:] + " ", strict=True):
        value = ROMAN[char]
        total += -value if following in ROMAN and ROMAN[following] > value else value
    return total


def int_to_words(number: int) -> str:
    """Inverse of `words_to_int` for 0–9999, the form Spanish documents use."""
    names = {v: w for w, v in reversed(list(cardinals().items()))}
    accented = {
        1: "uno",
        16: "dieciséis",
        21: "veintiuno",
        22: "veintidós",
        23: "veintitrés",
        26: "veintiséis",
        100: "cien",
    }
    names.update(accented)
    if number in names and number != 1000:
        return names[number]
    if number >= 1000:
        thousands, rest = divmod(number, 1000)
        head = "mil" if thousands == 1 else f"{int_to_words(thousands)} mil"
        return head if rest == 0 else f"{head} {int_to_words(rest)}"
    if number > 100:
        hundreds, rest = divmod(number, 100)
        head = "ciento" if hundreds == 1 else names[hundreds * 100]
        return head if rest == 0 else f"{head} {int_to_words(rest)}"
    tens, units = divmod(number, 10)
    return f"{names[tens * 10]} y {names[units]}"
