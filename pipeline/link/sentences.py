"""Claims sentence by sentence: mentions in a sentence become claims.

Rules, each forced by the seed informe or docs/formats.md:
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

from bisect import bisect_left

from models import Predicate, SubjectKind
from pipeline.extract import Found
from pipeline.link.acuerdos import acuerdo_claims, acuerdo_refs
from pipeline.link.owners import owners_of
from pipeline.link.sessions import sentence_issuer, session_id
from pipeline.link.types import Anchor, Context, Draft, cues


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
            predicate = Predicate.held_on if mention.kind == "date" else Predicate.held_at
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
            dated.get(f"{m.value}|{Predicate.held_on}") or known.get(f"{m.value}|{Predicate.held_on}"),
            Context(issuer, context.year),
        )
        for m in sessions
    }
    for mention in mentions:
        anchor = owners.get(mention.start)
        if mention.kind in ("date", "time") and anchor and anchor[1] == "session" and anchor[2] is not None:
            predicate = Predicate.held_on if mention.kind == "date" else Predicate.held_at
            session = session_ids[anchor[2].start]
            drafts.append(Draft(SubjectKind.session, session, predicate, mention.value, sentence))
    drafts += acuerdo_claims(text, sentence, acuerdos, sessions, session_ids, mentions, owners, dated, known)
    return drafts
