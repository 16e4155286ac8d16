"""Which anchor each date and time of a sentence belongs to: a session ("Sesión … de
fecha D", "celebrada el D") or a cue word (approval, sending, publication…), the
nearest one when no strong link says otherwise."""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract import Found
from pipeline.link.types import Anchor, cue_pattern
from pipeline.vocab import alternation, forms, load


def owners_of(
    text: str, mentions: list[Found], anchors: list[tuple[int, str, Found | None]]
) -> dict[int, Anchor | None]:
    """Anchor of every date and time. A time right after a date ("el 19 de marzo de
    2021 a las 12:00 horas") belongs where that date belongs."""
    owners: dict[int, Anchor | None] = {}
    last_date: Found | None = None
    linked = {m.start: strong_session(text, m, anchors) for m in mentions if m.kind == "date"}
    strong = {id(a[2]) for a in linked.values() if a}
    for mention in mentions:
        if mention.kind == "date":
            anchor = linked[mention.start] or nearest(mention, anchors)
            if (
                anchor
                and anchor[1] == "session"
                and id(anchor[2]) in strong
                and anchor is not linked[mention.start]
            ):
                # "…realizadas entre el 1 de enero y el 24 de febrero de 2022, en la Sesión
                # Ordinaria número 2, celebrada el 25 de febrero": the session has its date
                anchor = None
            owners[mention.start] = anchor
            last_date = mention
        elif mention.kind == "time":
            gap = text[last_date.end : mention.start] if last_date else ""
            follows = (
                last_date is not None
                and len(gap) < 40
                and re.fullmatch(
                    r"[\s,]*(?:a\s+partir\s+de\s+|desde\s+|siendo\s+)?(?:a\s+)?(?:las\s+)?", gap, re.I
                )
            )
            owners[mention.start] = (
                owners[last_date.start] if follows and last_date else owner(text, mention, anchors)
            )
    return owners


@cache
def held_link() -> re.Pattern[str]:
    """What may stand between a session and its date: "…No. 2 de la propia Comisión,
    celebrada el viernes 25 de febrero", "…número 39, de fecha 25 de agosto"."""
    weekday = alternation([f for row in load("weekdays") for f in forms(row, "forms")])
    return re.compile(
        rf"[\s,]*(?:(?:de|del)\s+(?:la\s+|el\s+)?[^,.;]{{0,110}}?)?[\s,]*"
        r"(?:respectivamente\s*,\s*)?(?:(?:ambas|ambos)\s+)?"  # "…, respectivamente, ambas celebradas el D"
        rf"(?:{cue_pattern('held').pattern})?"
        # "celebrada la tarde de este jueves 06 de mayo"
        r"[\s,]*(?:(?:en\s+)?la\s+(?:tarde|mañana|noche)\s+del?\s+)?(?:(?:el|este|ese)\s+)?"
        rf"(?:d[íi]a\s+)?(?:(?:{weekday})\s+)?",
        re.I,
    )


def strong_session(text: str, mention: Found, anchors: list[Anchor]) -> Anchor | None:
    """The session a date is joined to by "Sesión … de fecha D" / "celebrada el D"."""
    for anchor in anchors:
        if anchor[1] == "session" and anchor[2] is not None and mention.start >= anchor[2].end:
            between = text[anchor[2].end : mention.start]
            if len(between) < 160 and held_link().fullmatch(between):
                return anchor
    return None


def owner(text: str, mention: Found, anchors: list[Anchor]) -> Anchor | None:
    """The anchor a date or time belongs to: a strong "Sesión … de fecha D" link first,
    then the nearest anchor by distance."""
    return strong_session(text, mention, anchors) or nearest(mention, anchors)


def nearest(mention: Found, anchors: list[Anchor]) -> Anchor | None:
    return min(anchors, key=lambda a: abs(a[0] - mention.start)) if anchors else None
