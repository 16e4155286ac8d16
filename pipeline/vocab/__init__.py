"""Vocabulary as data: commented TSV files, loaded once."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources


class _WithoutMarks(dict[int, str]):
    """A `str.translate` table that drops combining marks (category Mn), filled as
    characters are met: a generator over every character was 4 % of extraction time."""

    def __missing__(self, code: int) -> str:
        self[code] = "" if unicodedata.category(chr(code)) == "Mn" else chr(code)
        return self[code]


WITHOUT_MARKS = _WithoutMarks()


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFD", text).translate(WITHOUT_MARKS)


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: the key for vocabulary look-ups."""
    return " ".join(strip_accents(text).lower().split())


@cache
def load(name: str, package: str | None = None) -> tuple[dict[str, str], ...]:
    """Rows of `<name>.tsv` (here, or in `package`) as dicts; '#' lines are comments,
    the first row is the header."""
    text = resources.files(package or __package__).joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:])


def forms(row: dict[str, str], column: str) -> list[str]:
    return [form.strip() for form in row.get(column, "").split(";") if form.strip()]


@cache
def word_table(name: str, key: str = "value", column: str = "words") -> dict[str, int]:
    """Folded word → integer, e.g. numbers.tsv: 'veintiuno' → 21."""
    return {fold(form): int(row[key]) for row in load(name) for form in forms(row, column)}


def alternation(words: list[str], *, flexible_spaces: bool = False, case_sensitive: bool = False) -> str:
    """A regex matching any of `words`, the longest where several match, as a trie:
    "sept(?:iembre)?" rather than "septiembre|sept". Python's `re` tries the branches of
    a flat alternation one by one at every position; the trie made the institute-name
    scan 6× faster with identical matches. With `flexible_spaces`, a space matches any
    run of white space (a line break inside "Consejo\nGeneral"). Unless
    `case_sensitive`, words are merged ignoring case (the pattern is meant for re.I), so
    "Sesión" and "sesión" cannot shadow each other's longer forms."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for part in re.split(r"(\s+)", word if case_sensitive else word.lower()):
            if not part:
                continue
            steps = [r"\s+"] if part.isspace() and flexible_spaces else [re.escape(c) for c in part]
            for step in steps:
                node = node.setdefault(step, {})
        node[""] = {}
    return trie_regex(root)


def phrase_alternation(words: list[str], case_sensitive: bool = False) -> str:
    """An alternation of phrases: a space in a phrase matches any run of white space."""
    return alternation(words, flexible_spaces=True, case_sensitive=case_sensitive)


def accent_free(words: list[str]) -> list[str]:
    """The words, and each without its accents ("sesión", "sesion")."""
    return words + [strip_accents(w) for w in words]


def trie_regex(node: dict[str, dict]) -> str:
    # Deeper branches first and the end of a word last: greedy, like longest-first.
    branches = [step + trie_regex(child) for step, child in sorted(node.items()) if step]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 else body + "?"
