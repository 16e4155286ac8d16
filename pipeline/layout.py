"""Stage 2 — layout: raw pages become one clean text with a map back to pages.

What real dumps do (the seed informe shows each): a running header repeated between
pages, "Página N de M" lines, paragraphs wrapped into lines, words hyphenated at line
ends, a sentence cut by a page break, `**bold**` markers. Paragraphs end with a blank
line in the clean text; lines kept apart (headings, TOC entries) end with one newline.
"""

from __future__ import annotations

import re
from collections import Counter

from models import CleanText, RawDocument
from pipeline.grammar.lines import ends_sentence, leader_line

PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:p[áa]gina|p[áa]g\.?|hoja)\s*\d+(?:\s*(?:de|/)\s*\d+)?|-?\s*\d{1,3}\s*-?|\d{1,3}\s*/\s*\d{1,3})\s*$",
    re.IGNORECASE,
)
MARKUP = re.compile(r"\*\*|__")
MAX_BOILERPLATE_LEN = 100
EDGE_LINES = 4


def normalise_line(line: str) -> str:
    """Key for comparing running headers: digits vary from page to page."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def clean(raw: RawDocument) -> CleanText:
    pages = [page.text for page in raw.pages]
    if len(pages) == 1:
        pages = split_on_running_header(pages[0])
    pages = strip_edges(pages)
    headings = toc_titles(pages) | {normalise_line(h) for p in raw.pages for h in p.heading_lines}
    return assemble(pages, headings)


def toc_titles(pages: list[str]) -> set[str]:
    """Titles named by dotted-leader TOC lines: in the body such a line is a heading
    and stands alone, however long (pypdfium2 gives no fonts to tell)."""
    titles = set()
    for page in pages:
        for line in page.split("\n"):
            match = leader_line(line.strip())
            if match:
                titles.add(normalise_line(match.group("title")))
    return titles


def split_on_running_header(text: str) -> list[str]:
    """A text dump without form feeds: each occurrence of the most repeated block of
    short lines (the running header) starts a new page, and is dropped."""
    lines = text.split("\n")
    keys = [normalise_line(line) for line in lines]
    freq = Counter(k for k in keys if k)
    runs: list[tuple[int, int]] = []  # [start, end) line index of each candidate run
    start = None
    for i, key in enumerate(keys + ["<end>"]):
        boiler = bool(key) and key != "<end>" and freq[key] >= 2 and len(key) <= MAX_BOILERPLATE_LEN
        if boiler and start is None:
            start = i
        elif not boiler and key != "" and start is not None:
            runs.append((start, i))
            start = None
    signatures = Counter(run_signature(keys, run) for run in runs)
    if not signatures:
        return [text]
    best, count = max(signatures.items(), key=lambda item: (item[1] * len(item[0]), len(item[0])))
    if count < 2 or len(best) * count < 4:
        return [text]
    pages, last = [], 0
    for run in runs:
        for first, end in find_signature(keys, run, best):
            pages.append("\n".join(lines[last:first]))
            last = end
    pages.append("\n".join(lines[last:]))
    if not pages[0].strip():
        pages = pages[1:]
    return pages


def find_signature(keys: list[str], run: tuple[int, int], best: tuple[str, ...]) -> list[tuple[int, int]]:
    """Line spans inside `run` whose non-blank lines are exactly `best` (a header can
    sit next to a heading that repeats too, like the seed's "Informe de avances")."""
    index = [i for i in range(*run) if keys[i]]
    found, j = [], 0
    while j + len(best) <= len(index):
        if tuple(keys[i] for i in index[j : j + len(best)]) == best:
            found.append((index[j], index[j + len(best) - 1] + 1))
            j += len(best)
        else:
            j += 1
    return found


def run_signature(keys: list[str], run: tuple[int, int]) -> tuple[str, ...]:
    return tuple(k for k in keys[run[0] : run[1]] if k)


def strip_edges(pages: list[str]) -> list[str]:
    """Drop page-number lines, and the lines at the top or bottom edge of a page that
    also open or close at least half of the other pages (running headers and footers).
    Only lines touching the edge go: a cover that repeats the header's institute name
    in its middle keeps it (IEEM informe, corpus/docs/A-ieem-informe-2021-05.txt)."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        keys = [normalise_line(line) for line in page.split("\n") if line.strip()]
        tops.update(set(keys[:EDGE_LINES]))
        bottoms.update(set(keys[-EDGE_LINES:]))
    threshold = max(2, (len(pages) + 1) // 2)

    def boilerplate(line: str, seen: Counter[str]) -> bool:
        key = normalise_line(line)
        return bool(PAGE_NUMBER.match(line)) or (
            len(pages) > 1 and len(key) <= MAX_BOILERPLATE_LEN and seen[key] >= threshold
        )

    stripped = []
    for page in pages:
        lines = page.split("\n")
        first, last = 0, len(lines)
        while first < last and (not lines[first].strip() or boilerplate(lines[first], tops)):
            first += 1
        while last > first and (not lines[last - 1].strip() or boilerplate(lines[last - 1], bottoms)):
            last -= 1
        stripped.append("\n".join(lines[first:last]))
    return stripped


def page_paragraphs(page: str, headings: set[str] | frozenset[str] = frozenset()) -> list[list[str]]:
    """Blocks of lines: a blank line separates blocks; inside a block, a short line
    (a heading, a paragraph's last line) ends a paragraph, and so does a TOC line; a
    known heading stands alone."""
    lines = [" ".join(MARKUP.sub("", line).split()) for line in page.split("\n")]
    widths = sorted(len(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        closes = bool(line) and bool(leader_line(line) or normalise_line(line) in headings)
        entry = closes and (line[:1].isupper() or line[:1].isdigit() or bool(re.match(r"[a-z][.)]\s", line)))
        if current and (not line or entry):
            paragraphs.append(current)
            current = []
        if not line:
            continue
        current.append(line)
        if closes or (len(line) < 0.75 * full and not line.endswith("-")):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def join_lines(lines: list[str]) -> str:
    """Wrapped lines become one; "imple-" + "mentación" becomes "implementación";
    an ID cut after a separator ("IEQROO/CG/A-" + "151-2021") is rejoined."""
    text = lines[0]
    for line in lines[1:]:
        if re.search(r"[a-záéíóúñ]-$", text) and line[:1].islower():
            text = text[:-1] + line
        elif re.search(r"[A-Z0-9][/-]$", text) and re.match(r"[A-Z0-9]", line):
            text += line
        else:
            text += " " + line
    return text


def assemble(pages: list[str], headings: set[str] | frozenset[str] = frozenset()) -> CleanText:
    """Clean text with the offset where each page starts. A paragraph left open at the
    bottom of a page continues with the next page's first paragraph (seed: "…del
    Estado de" / "Durango, mediante…")."""
    text = ""
    page_starts: list[int] = []
    for page in pages:
        paragraphs = [join_lines(p) for p in page_paragraphs(page, headings)]
        if not paragraphs:
            page_starts.append(len(text))
            continue
        first, *rest = paragraphs
        last = text[text.rfind("\n") + 1 :]
        open_paragraph = (
            text
            and not ends_sentence(text)
            and not leader_line(last)
            and normalise_line(last) not in headings
            and normalise_line(first) not in headings
            and not leader_line(first)
            and (first[:1].islower() or len(last) > 80)
        )
        if open_paragraph:
            text = text.rstrip() + " "
            page_starts.append(len(text))
            text += first
        else:
            text = text + "\n\n" if text else text
            page_starts.append(len(text))
            text += first
        for paragraph in rest:
            text += "\n\n" + paragraph
    return CleanText(text=text, page_starts=tuple(page_starts))
