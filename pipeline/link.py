"""Stage 4b — link: mentions in a sentence become claims.

Rules, each forced by the seed informe or FORMATS.md:
- a session's body comes from the mention ("… del Consejo General"), else the nearest
  body named in its sentence, else "consejo general";
- "la misma Sesión" / "dicha sesión" is the last session named before it;
- each date (and time) belongs to its nearest anchor in the sentence — a session, or a
  cue word (approval, sending, publication…) from vocab/claim_cues.tsv — with a strong
  link for "Sesión … de fecha D" / "celebrada el D" and "Acuerdo X de fecha D";
- an acuerdo in a sentence that approves is `approved_in` the nearest session named
  there, and `approved_on` that session's date or the approval cue's date;
- a sentence that sends documents gives its acuerdos `sent_to` the organisation
  named after the cue and `sent_on` the date anchored to it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from pipeline.acuerdo_links import acuerdo_claims, acuerdo_refs
from pipeline.cues import Anchor, Context, Draft, cue_pattern, cues
from pipeline.extract import Found
from pipeline.sessions import resolve_sessions, sentence_issuer, session_id
from pipeline.vocab import alternation, forms, load

__all__ = ["Context", "Draft", "link", "resolve_sessions", "session_id"]


def link(text: str, mentions: list[Found], sentences: list[tuple[int, int]], context: Context) -> list[Draft]:
    """Claims of the whole document, sentence by sentence."""
    grouped = []
    known: dict[str, str] = {}  # session value → first date any sentence gives it
    starts = [m.start for m in mentions]  # mentions come sorted by position
    for sentence in sentences:
        inside = mentions[bisect_left(starts, sentence[0]) : bisect_left(starts, sentence[1])]
        if not inside and not context.own_acuerdo:
            continue  # nothing to link, and no "el presente Acuerdo" to stand for an ID
        anchors = anchors_of(text, sentence, inside) if inside else []
        owners = owners_of(text, inside, anchors)
        for key, value in session_dates(inside, owners).items():
            known.setdefault(key, value)
        grouped.append((sentence, inside, owners))
    drafts: list[Draft] = []
    for sentence, inside, owners in grouped:
        drafts.extend(link_sentence(text, sentence, inside, owners, context, known))
    return drafts


def anchors_of(
    text: str, sentence: tuple[int, int], mentions: list[Found]
) -> list[tuple[int, str, Found | None]]:
    body = text[sentence[0] : sentence[1]]
    anchors: list[tuple[int, str, Found | None]] = [
        (m.start, "session", m) for m in mentions if m.kind == "session"
    ]
    for role in ("approved", "sent", "other"):
        anchors += [(pos, role, None) for pos in cues(body, role, sentence[0])]
    return anchors


def session_dates(mentions: list[Found], owners: dict[int, Anchor | None]) -> dict[str, str]:
    """'<session value>|held_on' / '|held_at' → the date or time this sentence gives it."""
    dated: dict[str, str] = {}
    for mention in mentions:
        if mention.kind not in ("date", "time"):
            continue
        anchor = owners[mention.start]
        if anchor and anchor[1] == "session" and anchor[2] is not None:
            predicate = "held_on" if mention.kind == "date" else "held_at"
            dated.setdefault(f"{anchor[2].value}|{predicate}", mention.value)
    return dated


def link_sentence(
    text: str,
    sentence: tuple[int, int],
    mentions: list[Found],
    owners: dict[int, Anchor | None],
    context: Context,
    known: dict[str, str],
) -> list[Draft]:
    """Claims of one sentence; `owners` (each date's and time's anchor) comes from the
    first pass of `link`, which needed it to collect every session's date."""
    s0, s1 = sentence
    sessions = [m for m in mentions if m.kind == "session"]
    acuerdos = acuerdo_refs(text[s0:s1], s0, mentions, context)
    if not mentions and not acuerdos:
        return []
    drafts: list[Draft] = []
    dated = session_dates(mentions, owners)
    issuer = sentence_issuer(text, sentence, mentions, context) if sessions else None
    session_ids = {
        m.start: session_id(
            m.value,
            dated.get(f"{m.value}|held_on") or known.get(f"{m.value}|held_on"),
            Context(issuer, context.year),
        )
        for m in sessions
    }
    for mention in mentions:
        anchor = owners.get(mention.start)
        if mention.kind in ("date", "time") and anchor and anchor[1] == "session" and anchor[2] is not None:
            predicate = "held_on" if mention.kind == "date" else "held_at"
            drafts.append(Draft("session", session_ids[anchor[2].start], predicate, mention.value, sentence))
    drafts += acuerdo_claims(text, sentence, acuerdos, sessions, session_ids, mentions, owners, dated, known)
    return drafts


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
        rf"[\s,]*(?:(?:de|del)\s+(?:la\s+|el\s+)?[^,.;]{{0,110}}?)?[\s,]*(?:{cue_pattern('held').pattern})?"
        rf"[\s,]*(?:el\s+)?(?:d[íi]a\s+)?(?:(?:{weekday})\s+)?",
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
