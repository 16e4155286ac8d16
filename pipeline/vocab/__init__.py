"""Vocabulary as data: commented TSV files, loaded once."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: the key for vocabulary look-ups."""
    return " ".join(strip_accents(text).lower().split())


@cache
def load(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `<name>.tsv` as dicts; '#' lines are comments, the first row is the header."""
    text = resources.files(__package__).joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:])


def forms(row: dict[str, str], column: str) -> list[str]:
    return [form.strip() for form in row.get(column, "").split(";") if form.strip()]


@cache
def word_table(name: str, key: str = "value", column: str = "words") -> dict[str, int]:
    """Folded word → integer, e.g. numbers.tsv: 'veintiuno' → 21."""
    return {fold(form): int(row[key]) for row in load(name) for form in forms(row, column)}
