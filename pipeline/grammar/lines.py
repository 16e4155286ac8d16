"""Rules about lines and sentences that several stages ask: what a table-of-contents
line is, and where a sentence may end. Layout, sections and the sentencizer's guard all
ask here, so they cannot disagree."""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import forms, load

# "Antecedentes ........ 3", "Glosario … 4", "3. Consideraciones   12": a title with a
# letter, then dotted leaders, an ellipsis or spaces, then the page number.
TOC_LINE = re.compile(
    r"^(?P<title>.*?[A-Za-zÁÉÍÓÚáéíóúÑñ].*?)(?P<leader>\s*(?:\.\s?){3,}\s*|\s*…+\s*|\s+)(?P<page>\d{1,3})$"
)
# Dotted leaders or an ellipsis inside a line: what follows is a TOC entry's page number
LEADERS = r"\s*(?:(?:\.\s?){3,}|…+)"
# A line ending in one of these words cannot end a paragraph or a title: it goes on
OPEN_END = re.compile(r"\b(?:de|del|la|las|el|los|y|e|en|sobre|para|por|a|al|que)$", re.I)
# A line that is only a TOC entry's leaders and page number ("........ 7"): the rest of
# the entry wrapped onto the lines above
PAGE_LEADER = re.compile(r"^\s*(?:(?:\.\s?){3,}|…+)\s*\d{1,3}$")
# A line that ends like a TOC entry, whatever precedes ("…Ordinario 2023-2024.......2")
ENDS_ENTRY = re.compile(r"(?:(?:\.\s?){3,}|…+)\s*\d{1,3}$")
TERMINAL = (".", ":", ";", "?", "!", "»", '"', ")")


def toc_line(line: str) -> re.Match[str] | None:
    """A line shaped like a table-of-contents entry. Testing the last character first
    skips the lazy title's backtracking on every body line (it was 63 % of process() time)."""
    return TOC_LINE.match(line) if line[-1:].isdigit() else None


def leader_line(line: str) -> re.Match[str] | None:
    """A TOC entry with dotted leaders or an ellipsis: such a line is an entry wherever it
    stands, while "Título 3" is one only among other entries."""
    match = toc_line(line)
    return match if match and match.group("leader").strip() else None


@cache
def abbreviations() -> frozenset[str]:
    """Words ending in '.' that do not end a sentence ("No.", "Lic.", "Qro."), lower case."""
    return frozenset(
        form.lower()
        for row in load("session_words")
        if row["role"] == "abbreviation"
        for form in forms(row, "forms")
    )


def is_abbreviation(word: str) -> bool:
    return word.lower() in abbreviations()


def ends_sentence(text: str) -> bool:
    """Whether a sentence may end where `text` ends: after terminal punctuation, but not
    after an abbreviation ("…en la Sesión Extraordinaria No." continues with "39")."""
    tail = text.rstrip()
    return tail.endswith(TERMINAL) and not is_abbreviation(tail.rsplit(None, 1)[-1])
