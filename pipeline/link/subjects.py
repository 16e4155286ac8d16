"""The subject of an acuerdo: the "por el que se …" clause after its ID or in its title,
up to where the clause ends. The one place that decides where a subject ends."""

from __future__ import annotations

import re

from pipeline.extract import Found
from pipeline.link.types import cue_pattern

# Where a subject clause ends: a full stop, a semicolon, or a comma that opens another
# clause (", en la misma", ", los cuales", ", aprobado…", ", en sesión…"). Without the
# comma "aprobada" and "mediante" belong to the subject ("…de datos aprobada previamente",
# OPLEV informe; "…desde las casillas mediante el aplicativo PREP Casilla", IEPC Chiapas).
SUBJECT_END = re.compile(
    r",\s+(?:en\s+la\s+misma|en\s+dicha|los\s+cuales|las\s+cuales|el\s+cual|la\s+cual|mismos?\s+que|misma\s+que"
    r"|en\s+virtud\s+de|toda\s+vez\s+que|a\s+fin\s+de|con\s+el\s+fin|con\s+el\s+objeto|conforme\s+a|en\s+t[ée]rminos"
    r"|de\s+conformidad|aprobad[oa]s?\s|que\s+fue|y\s+se\s|fue\s|que\s|y\s+que|documento\s+que|instrumento\s+que"
    r"|cuy[oa]s?\s|en\s+sesi[óo]n|derivado|con\s+motivo\s+de\s+lo)\b|;|\.\s",
    re.I,
)


def subject_after(text: str, acuerdo: Found, acuerdos: list[Found], sentence_end: int) -> str | None:
    """ "… IEPC/CG122/2021 por el que se ratifica …" up to the next acuerdo, a clause
    break (", en la misma", ", los cuales", ", en virtud de") or the end of the
    sentence. A short aside may sit between the ID and the clause ("IEEPCO-CG-39/2021,
    aprobado el miércoles 31 de marzo de 2021, por el que …")."""
    if not acuerdo.text:
        return None
    window = text[acuerdo.end : min(sentence_end, acuerdo.end + 140)]
    aside = re.match(r"\s*,?\s*(?:\([^)]{0,80}\)\s*,?\s*|[^,.;]{0,90},\s*)?", window)
    start = acuerdo.end + (aside.end() if aside else 0)
    match = cue_pattern("subject").match(text, start) or cue_pattern("subject").match(
        text, acuerdo.end + len(window) - len(window.lstrip(" ,"))
    )
    if not match:
        return None
    following = [a.start for a in acuerdos if a.start > acuerdo.end]
    return clean_subject(text[match.start() : min(following + [sentence_end])])


def clean_subject(clause: str) -> str | None:
    clause = SUBJECT_END.split(clause)[0]
    clause = re.sub(r"\s+", " ", clause).strip()
    clause = re.sub(r"(?:\s+(?:y|e|así como|,))+$|[.,;:]$", "", clause).strip()
    return clause if len(clause.split()) >= 4 else None
