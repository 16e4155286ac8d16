"""Lines as layout sees them: their text (markup dropped, spaces collapsed), where they
came from, and for PDFs their box."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import RawLine, RawPage

MARKUP = re.compile(r"\*\*|__")
HYPHEN_MARKS = "\ufffe\u00ad"  # pdfium's hyphenation marker, the soft hyphen
# A hyphenation marker ends a visual line even where the text runs on (text dumps of
# Word, Aspose and LibreOffice exports keep pdfium's "presen\ufffeta").
AFTER_MARK = re.compile(f"(?<=[{HYPHEN_MARKS}])(?=\\S)")
PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:p[áa]gina|p[áa]g\.?|hoja)\s*\d+(?:\s*(?:de|/)\s*\d+)?|-?\s*\d{1,3}\s*-?|\d{1,3}\s*/\s*\d{1,3})\s*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Line:
    text: str  # markup dropped, white space collapsed; a hyphen marker may end it
    page: int  # 1-based page of the source
    number: int  # index of the line in its page's source lines
    box: RawLine | None = None  # where a PDF draws it
    key: str = ""  # the text compared across pages (see normalise_line)
    alone: bool = False  # a TOC entry or a known heading: it stands alone (set by layout)

    def __post_init__(self) -> None:
        self.key = normalise_line(self.text)


# A heading set in spaced capitals ("A N T E C E D E N T E S", "R E S U E L V E"): single
# letters one space apart, words two or more apart.
SPACED = re.compile(r"\s*(?:\w(?: \w){2,})(?:\s{2,}\w(?: \w)*)*\s*[:.]?\s*")


def tidy(text: str) -> str:
    text = MARKUP.sub("", text)
    if SPACED.fullmatch(text):
        return " ".join(word.replace(" ", "") for word in re.split(r"\s{2,}", text.strip()))
    return " ".join(text.split())


def page_lines(page: RawPage) -> list[Line]:
    """The page's lines: the reader's visual lines with their boxes, or the text's lines
    (blank ones kept: they separate paragraphs in text files)."""
    if page.lines:
        return [Line(tidy(raw.text), page.number, n, raw) for n, raw in enumerate(page.lines)]
    texts = [part for line in page.text.split("\n") for part in AFTER_MARK.split(line)]
    return [Line(tidy(text), page.number, n) for n, text in enumerate(texts)]


DIGITS = re.compile(r"\d+")


def normalise_line(line: str) -> str:
    """Key for comparing running headers: numbers vary from page to page ("Página 3 de
    10", "- 4 -", "3/10"); a number inside a word with letters is part of a name and
    does not ("ACUERDO No. IEM-CG-38/2024" heads one acuerdo of a gazette, not a page)."""
    return " ".join(
        token if any(c.isalpha() for c in token) else DIGITS.sub("#", token) for token in line.lower().split()
    )


def first_word(text: str) -> str:
    return text.split(" ", 1)[0]


def ends_with_mark(text: str) -> bool:
    return text[-1:] in HYPHEN_MARKS
