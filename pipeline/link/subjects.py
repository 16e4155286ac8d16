"""The subject of an acuerdo: the "por el que se …" clause after its ID or in its title,
up to where the clause ends. The one place that decides where a subject ends."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from pipeline.extract import Found
from pipeline.grammar.lines import LEADERS
from pipeline.link.types import cue_pattern

# Where a subject clause ends: a full stop, a semicolon, a TOC entry's leaders, or a comma that opens another
# clause (", en la misma", ", los cuales", ", aprobado…", ", en sesión…"). Without the
# comma "aprobada" and "mediante" belong to the subject ("…de datos aprobada previamente",
# OPLEV informe; "…desde las casillas mediante el aplicativo PREP Casilla", IEPC Chiapas).
TITLE = re.compile(r"\s*acuerdo\b", re.I)
SUBJECT_END = re.compile(
    r",\s+(?:en\s+la\s+misma|en\s+dicha|los\s+cuales|las\s+cuales|el\s+cual|la\s+cual|mismos?\s+que|misma\s+que"
    r"|en\s+virtud\s+de|toda\s+vez\s+que|a\s+fin\s+de|con\s+el\s+fin|con\s+el\s+objeto|conforme\s+a|en\s+t[ée]rminos"
    r"|de\s+conformidad|aprobad[oa]s?\s|que\s+fue|y\s+se\s|fue\s|que\s|y\s+que|documento\s+que|instrumento\s+que"
    r"|cuy[oa]s?\s|en\s+(?:la\s+|su\s+)?(?:\w+\s+){0,2}sesi[óo]n|derivado|con\s+motivo\s+de)\b|;|\.\s"
    rf"|{LEADERS}",
    re.I,
)

LISTED = re.compile(r"(?:[,;]|\s(?:y|e|así\s+como))\s*(?:(?:el|los|la|las)\s+)?(?:acuerdos?\s+)?$", re.I)
LISTED_REACH = 200  # characters before an ID that LISTED may span


def subject_span(
    text: str, acuerdo: Found, acuerdos: list[Found], sentence_end: int
) -> tuple[int, int] | None:
    """Where the subject of an acuerdo stands: "… IEPC/CG122/2021 por el que se ratifica
    …" up to the next acuerdo, a clause break (", en la misma", ", los cuales", ", en
    virtud de") or the end of the sentence. A short aside may sit between the ID and the
    clause ("IEEPCO-CG-39/2021, aprobado el miércoles 31 de marzo de 2021, por el que …")."""
    if not acuerdo.text:
        return None
    window = text[acuerdo.end : min(sentence_end, acuerdo.end + 140)]
    aside = re.match(r"\s*,?\s*(?:\([^)]{0,80}\)\s*,?\s*|[^,.;]{0,90},\s*)?", window)
    start = acuerdo.end + (aside.end() if aside else 0)
    match = cue_pattern("subject").match(text, start) or cue_pattern("subject").match(
        text, acuerdo.end + len(window) - len(window.lstrip(" ,"))
    )
    if not match or any(acuerdo.end < a.start < match.start() for a in acuerdos):
        return None  # the clause after another ID is that ID's
    # the next ID of a list ends the clause ("X por el que …, y Y por el que …"); an ID
    # the clause names ("por el que se modifica el diverso X") stays inside it. Only IDs
    # before the sentence's end can end it, and LISTED looks only just before each: searched
    # from the text's start, a 92,000-character text spent 12 s here (1.3 million: over 15 min).
    following = [
        a.start
        for a in acuerdos
        if acuerdo.end < a.start < sentence_end
        and LISTED.search(text, max(0, a.start - LISTED_REACH), a.start)
    ]
    end = min(following + [sentence_end])
    cut = SUBJECT_END.search(text, match.start(), end)
    return match.start(), cut.start() if cut else end


def subject_after(text: str, acuerdo: Found, acuerdos: list[Found], sentence_end: int) -> str | None:
    """The subject clause of an acuerdo (see `subject_span`), tidied."""
    span = subject_span(text, acuerdo, acuerdos, sentence_end)
    return clean_subject(text[span[0] : span[1]]) if span else None


def subject_spans(text: str, found: list[Found], sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every acuerdo's subject clause in the document, in text order. What a subject names
    (a session, a date, a body, another acuerdo: "por el que se emiten los Lineamientos
    para la Sesión Especial de Cómputo") is the acuerdo's matter, not a fact the sentence
    tells: linking leaves it aside."""
    acuerdos = [m for m in found if m.kind == "acuerdo"]
    spans: list[tuple[int, int]] = []
    ends = sorted(end for _, end in sentences)
    for acuerdo in acuerdos:
        at = bisect_right(ends, acuerdo.start)
        sentence_end = ends[at] if at < len(ends) else len(text)
        if span := subject_span(text, acuerdo, acuerdos, sentence_end):
            spans.append(span)
    for start, end in sentences:  # a title: "ACUERDO DEL CONSEJO GENERAL …, POR EL QUE SE …"
        if TITLE.match(text, start) and (cue := cue_pattern("subject").search(text, start, end)):
            spans.append((cue.start(), end))
    return sorted(spans)


def set_aside(found: list[Found], spans: list[tuple[int, int]]) -> list[Found]:
    """Mark the mentions inside subject clauses (`Found.aside`)."""
    starts = [start for start, _ in spans]

    def inside(mention: Found) -> bool:
        at = bisect_right(starts, mention.start) - 1
        return at >= 0 and mention.start < spans[at][1] and mention.kind != "organization"

    return [replace(m, aside=True) if inside(m) else m for m in found]


def clean_subject(clause: str) -> str | None:
    clause = SUBJECT_END.split(clause)[0]
    clause = re.sub(r"\s+", " ", clause).strip()
    clause = re.sub(r"(?:\s+(?:y|e|así como|,))+$|[.,;:]$", "", clause).strip()
    return clause if len(clause.split()) >= 4 else None
