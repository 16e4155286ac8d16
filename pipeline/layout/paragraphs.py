"""Paragraphs: which lines belong together, and how wrapped lines join.

Text files separate paragraphs with blank lines, and inside a block a short line ends
one. PDFs give no blank lines, and a line's length in characters says little, so there
a paragraph ends where the geometry says so: extra space before the next line, or a line
that stops short although the next line's first word would have fitted on it (true of
justified and ragged text alike); a hyphenation marker at the end of a line always
joins. Columns are read one at a time; a column, like a page, is a frame whose last
paragraph may continue in the next frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from pipeline.grammar.lines import ENDS_ENTRY, OPEN_END, PAGE_LEADER, leader_line
from pipeline.layout.lines import HYPHEN_MARKS, Line, ends_with_mark, first_word

Paragraph = list[Line]
GAP = 1.3  # a step to the next line this many times the usual step ends a paragraph
SHORT = 0.75  # text files: a line shorter than this share of a full line ends a paragraph


def stands_alone(line: Line, headings: frozenset[str]) -> bool:
    """A TOC entry with leaders, or a heading the TOC or the fonts named."""
    return bool(leader_line(line.text) or line.key in headings)


def mark_alone(lines: list[Line], headings: frozenset[str]) -> None:
    for line in lines:
        line.alone = stands_alone(line, headings)


def opens_entry(line: Line) -> bool:
    return line.text[:1].isupper() or line.text[:1].isdigit() or bool(re.match(r"[a-z][.)]\s", line.text))


def text_paragraphs(lines: list[Line], headings: frozenset[str]) -> list[Paragraph]:
    """Blocks of lines: a blank line separates blocks; inside a block, a short line
    (a heading, a paragraph's last line) ends a paragraph, and so does a TOC line; a
    known heading stands alone. A full line is measured without TOC lines, whose
    leaders make them far longer than the body's."""
    widths = sorted(len(line.text) for line in lines if line.text and not leader_line(line.text))
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[Paragraph] = []
    current: Paragraph = []
    for line in lines:
        closes = bool(line.text) and stands_alone(line, headings)
        if current and (not line.text or (closes and opens_entry(line))):
            paragraphs.append(current)
            current = []
        if not line.text:
            continue
        current.append(line)
        short = len(line.text) < SHORT * full and not line.text.endswith(("-", *HYPHEN_MARKS))
        if closes or short:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


@dataclass(frozen=True)
class Frame:
    """A column of a page (the page itself when it has one): lines in reading order and
    the right edge a full line reaches."""

    lines: list[Line]
    right: float  # where a full line of this frame ends
    pitch: float  # the usual step from one line's top to the next's
    block: tuple[float, float] = (0.0, 0.0)  # left and right edges of the document's text
    center: float = 0.0  # the page's middle


def frames(lines: list[Line], pitch: float, block: tuple[float, float], center: float) -> list[Frame]:
    """Cut a page's lines where reading goes back up the page (the next column);
    `pitch` is the document's usual line step, for frames too short to show their own."""
    runs: list[list[Line]] = []
    for line in lines:
        if runs and line.box and runs[-1][-1].box and line.box.top > runs[-1][-1].box.top + 2:
            runs.append([line])
        elif runs:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [frame(run, pitch, block, center) for run in runs]


def steps(lines: list[Line]) -> list[float]:
    """Steps from each line's top to the next's, where the next stands just below."""
    boxes = [line.box for line in lines if line.box]
    found = []
    for a, b in zip(boxes, boxes[1:], strict=False):
        step = a.top - b.top
        if 0 < step < 3 * (a.top - a.bottom):
            found.append(step)
    return found


def text_block(lines: list[Line]) -> tuple[float, float]:
    """Where the document's lines usually start and end (its left and right margins)."""
    boxes = [line.box for line in lines if line.box]
    if not boxes:
        return 0.0, 0.0
    lefts, rights = sorted(box.x0 for box in boxes), sorted(box.x1 for box in boxes)
    return lefts[int(len(lefts) * 0.1)], rights[int(len(rights) * 0.9)]


def frame(
    lines: list[Line], pitch: float = 0.0, block: tuple[float, float] = (0.0, 0.0), center: float = 0.0
) -> Frame:
    own = steps(lines)
    return Frame(lines, text_block(lines)[1], median(own) if len(own) >= 3 else pitch, block, center)


def centered(line: Line, frame: Frame) -> bool:
    """A line set in the middle (a cover's title): away from the left margin, with as
    much room on its left as on its right, in the text block or on the page."""
    if line.box is None:
        return False
    left, right = frame.block
    near = 0.03 * (right - left)
    middle = (line.box.x0 + line.box.x1) / 2
    off = min(abs(middle - (left + right) / 2), abs(middle - frame.center) if frame.center else near)
    return line.box.x0 > left + 8 and off < near


def wraps_centered(before: Line, after: Line, frame: Frame) -> bool:
    """Two centered lines are one wrapped line when the next one's first word would not
    have fitted in the text block's width."""
    if before.box is None or after.box is None:
        return False
    char = (after.box.x1 - after.box.x0) / max(len(after.text), 1)
    width = before.box.x1 - before.box.x0 + char * (len(first_word(after.text)) + 2)
    return width > frame.block[1] - frame.block[0]


def fits(before: Line, after: Line, right: float) -> bool:
    """Whether the first word of `after` (and a space) would have fitted at the end of
    `before`: if so, the line was cut on purpose, not wrapped."""
    if before.box is None or after.box is None or not after.text:
        return False
    char = (after.box.x1 - after.box.x0) / max(len(after.text), 1)
    return before.box.x1 + char * (len(first_word(after.text)) + 2) < right


def breaks(before: Line, after: Line, frame: Frame, headings: frozenset[str]) -> bool:
    """Whether a paragraph ends between two lines of one frame. A TOC entry wrapped
    onto a second line ("…elaborado por la Instancia Interna para la" / "implementación
    del PREP ........ 4") is one entry."""
    if after.alone and not before.alone and (not opens_entry(after) or wraps_into(before, after, frame)):
        return False
    if ENDS_ENTRY.search(before.text):
        return True  # a TOC entry ends with its page number
    if PAGE_LEADER.match(after.text) and not before.alone:
        return False  # "....... 7" closes the entry above it
    if OPEN_END.search(before.text) and after.text[:1].islower() and not before.alone:
        return False  # "…del Instituto Electoral de Michoacán, por" / "el que se aprueba…"
    if before.alone or after.alone:
        return True
    if centered(before, frame) or centered(after, frame):
        return not (
            centered(before, frame) and centered(after, frame) and wraps_centered(before, after, frame)
        )
    if ends_with_mark(before.text) or before.box is None or after.box is None:
        return False
    if frame.pitch and before.box.top - after.box.top > GAP * frame.pitch:
        return True
    return fits(before, after, frame.right)


def wraps_into(before: Line, after: Line, frame: Frame) -> bool:
    """Whether `before` ran to the frame's edge and `after` follows at the usual step: a
    line wrapped, even when the next one opens with a capital ("…para el" / "Proceso
    Electoral Local Ordinario 2023-2024 ........ 2")."""
    if before.box is None or after.box is None:
        return False
    usual = not frame.pitch or before.box.top - after.box.top <= GAP * frame.pitch
    # measured with `before`'s letters: the leaders make `after`'s look narrow
    char = (before.box.x1 - before.box.x0) / max(len(before.text), 1)
    return usual and before.box.x1 + char * (len(first_word(after.text)) + 2) >= frame.right


def drawn_paragraphs(frame: Frame, headings: frozenset[str]) -> list[Paragraph]:
    mark_alone(frame.lines, headings)
    paragraphs: list[Paragraph] = []
    for line in frame.lines:
        if paragraphs and not breaks(paragraphs[-1][-1], line, frame, headings):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def inside_code(text: str, line: str) -> bool:
    """Whether a hyphen at the end of `text` sits inside an ID or a number: the word it
    cuts holds a digit or a slash ("IETAM/CG" + "84/2016", "SUP-RAP" + "460/2016",
    "IECM/ACU" + "CG-088/2021"), unlike a word ("CIUDA" + "DANA", "presen" + "ta")."""
    word = text.rsplit(" ", 1)[-1] + first_word(line)
    return any(c.isdigit() or c == "/" for c in word)


SPACED_HYPHEN = re.compile(r"[a-záéíóúñ] -$")  # LibreOffice's "decla -" + "ró"
LETTER_HYPHEN = re.compile(r"[A-Za-záéíóúñÁÉÍÓÚÑ]-$")
LETTER = re.compile(r"[A-Za-záéíóúñÁÉÍÓÚÑ]")
CODE_CUT = re.compile(r"[A-Za-z0-9][/-]$")
CODE = re.compile(r"[A-Za-z0-9]")


def join_pair(text: str, line: str) -> str:
    """Two wrapped lines as one. A hyphen at the line end — pdfium's hyphenation marker
    or a plain "-" between letters — is dropped ("presen" + "ta", "imple-" + "mentación",
    "PUBLI" + "CACIÓN"), except inside an ID or a number, where it is a real hyphen
    ("IETAM/CG" + "84/2016" → "IETAM/CG-84/2016"); an ID cut after a separator
    ("IEQROO/CG/A-" + "151-2021") is rejoined. Only the end of `text` is read: it may be
    the whole document so far."""
    tail = text[-3:]
    if ends_with_mark(tail):
        core = text[:-1]
        return core + ("-" if inside_code(core[-60:], line) else "") + line
    if SPACED_HYPHEN.search(tail) and line[:1].islower():
        return text[:-2] + line
    if LETTER_HYPHEN.search(tail) and LETTER.match(line):
        return text + line if inside_code(text[-60:], line) else text[:-1] + line
    if CODE_CUT.search(tail) and CODE.match(line):
        return text + line
    return text + " " + line
