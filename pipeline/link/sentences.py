"""Claims sentence by sentence: mentions in a sentence become claims.

Rules, each forced by the seed informe or docs/formats.md:
- a session's body comes from the mention ("… del Consejo General"), else the nearest
  body named in its sentence, else the document's (pipeline.link.sessions);
- "la misma Sesión" / "dicha sesión" is the last session named before it;
- each date (and time) belongs to its nearest anchor in the sentence — a session, or a
  cue word (approval, sending, publication…) from vocab/claim_cues.tsv — with a strong
  link for "Sesión … de fecha D" / "celebrada el D" (pipeline.link.owners);
- a numbered session's date given in one sentence dates it in the others; an unnumbered
  one ("en sesión extraordinaria") is only dated by its own sentence: two of them are not
  the same session;
- acuerdos are linked to sessions, dates, subjects and sendings (pipeline.link.acuerdos),
  and the items of a list to the sentence that opens it (pipeline.link.listings).

Every claim carries its basis: stated, or resting on a year, a body or a date taken from
context or from another sentence, or on a reference back.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace

from models import Basis, MentionKind, Predicate, SessionKey, SubjectKind
from pipeline.extract import Found
from pipeline.link.acuerdos import Approval, acuerdo_claims, acuerdo_refs, approvals
from pipeline.link.listings import Listing, listed_claims, opening
from pipeline.link.owners import owners_of
from pipeline.link.sessions import sentence_issuer, session_id
from pipeline.link.types import Anchor, Context, Draft, Sentence, Valued, basis_of, cues

BOTH = re.compile(r"\b(?:ambas|ambos)\s+(?:fueron\s+)?(?:celebrad|realizad|llevad|efectuad)", re.I)
Known = dict[str, Valued]  # '<session value>|held_on' → the date another sentence gives it


def link(
    text: str,
    mentions: list[Found],
    sentences: list[tuple[int, int]],
    context: Context,
    marks: list[tuple[int, str]] | None = None,
) -> list[Draft]:
    """Claims of the whole document, sentence by sentence. "El presente Acuerdo" is the
    acuerdo whose text the sentence is in: the last of the `marks` (where each acuerdo of a
    gazette or Diario Oficial issue begins) before it, else the document's own."""
    grouped: list[Sentence] = []
    known: Known = {}
    starts = [m.start for m in mentions]  # mentions come sorted by position
    marks = marks or []
    for span in sentences:
        inside = mentions[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]
        own = next((acuerdo for at, acuerdo in reversed(marks) if at <= span[0]), context.own_acuerdo)
        if not inside and not own:
            continue  # nothing to link, and no "el presente Acuerdo" to stand for an ID
        anchors = anchors_of(text, span, inside) if inside else []
        here = replace(context, own_acuerdo=own)
        sentence = Sentence(text, span, inside, owners_of(text, inside, anchors), here)
        for (session, predicate), date in session_dates(sentence).items():
            if shares_dates(session):
                known.setdefault(known_key(session, predicate), (date.value, Basis.other_sentence))
        grouped.append(sentence)
    drafts: list[Draft] = []
    listing: Listing | None = None  # the open list of acuerdos ("se aprobaron los siguientes:")
    for sentence in grouped:
        drafts.extend(link_sentence(sentence, known))
        if listing:
            items = listed_claims(listing, sentence, text[listing.end : sentence.span[0]])
            if items is not None:
                drafts += items
                listing = replace(listing, end=sentence.span[1])
                continue
        listing = opening(sentence)
    return drafts


def shares_dates(session: Found) -> bool:
    """Only a numbered session is the same session wherever it is named."""
    return SessionKey.parse(session.value).numbered is not None


def known_key(session: Found, predicate: Predicate) -> str:
    """Where another sentence's date for this session is kept: a session numbered within
    its month ("la Primera Sesión Ordinaria del mes de abril") is not the one numbered
    within the year, nor another month's."""
    month = session.session.month if session.session else None
    return f"{session.value}{f'@{month}' if month else ''}|{predicate}"


def anchors_of(text: str, span: tuple[int, int], mentions: list[Found]) -> list[Anchor]:
    body = text[span[0] : span[1]]
    anchors: list[Anchor] = [
        (m.start, "session", m) for m in mentions if m.kind == MentionKind.session and not m.aside
    ]
    for role in ("approved", "sent", "other"):
        anchors += [(pos, role, None) for pos in cues(body, role, span[0])]
    return anchors


def session_dates(sentence: Sentence) -> dict[tuple[Found, Predicate], Found]:
    """(session mention, held_on | held_at) → the date or time this sentence gives it."""
    dated: dict[tuple[Found, Predicate], Found] = {}
    for mention in sentence.mentions:
        if mention.kind not in (MentionKind.date, MentionKind.time):
            continue
        anchor = sentence.owners[mention.start]
        if anchor and anchor[1] == "session" and anchor[2] is not None:
            predicate = Predicate.held_on if mention.kind == MentionKind.date else Predicate.held_at
            dated.setdefault((anchor[2], predicate), mention)
            if BOTH.search(sentence.text, max(anchor[2].end, mention.start - 40), mention.start):
                # "en la Primera Sesión Ordinaria y en la Tercera …, ambas celebradas el D"
                for other in sentence.of_kind(MentionKind.session):
                    if other.start < anchor[2].start:
                        dated.setdefault((other, predicate), mention)
    return dated


def place_sessions(sentence: Sentence, known: Known, approving: dict[int, Approval]) -> None:
    """Each session mention's date (this sentence's, else another's) and session_id. A
    session that approved an acuerdo of the sentence (`approving`, by session start) and
    has no date of its own is held on that approval's date ("El 31 de enero, el Consejo
    General aprobó X en sesión ordinaria"), else in the year of the acuerdo's ID; any
    other undated session in the document's year."""
    found = session_dates(sentence)
    dated = {(session.start, predicate): date for (session, predicate), date in found.items()}
    dated_value = {(session.value, predicate): date for (session, predicate), date in found.items()}
    sessions = sentence.of_kind(MentionKind.session)
    issuer = (
        sentence_issuer(sentence.text, sentence.span, sentence.mentions, sentence.context)
        if sessions
        else None
    )
    for mention in sessions:
        date = dated.get((mention.start, Predicate.held_on)) or dated_value.get(
            (mention.value, Predicate.held_on)
        )
        held = (date.value, basis_of(date)) if date else known.get(known_key(mention, Predicate.held_on))
        sentence.held[mention.start] = held
        approval = approving.get(mention.start)
        if not held and approval and approval.date:
            held = (approval.date.value, basis_of(approval.date))
        year_basis = held[1] if held else Basis.inferred_year
        month = mention.session.month if mention.session else None
        year = (approval.year if approval else None) or sentence.context.year
        sid = session_id(mention.value, held[0] if held else None, Context(issuer, year), month)
        sentence.places[mention.start] = (sid, Basis.weakest(basis_of(mention), year_basis))


def link_sentence(sentence: Sentence, known: Known) -> list[Draft]:
    """Claims of one sentence; `sentence.owners` (each date's and time's anchor) comes
    from the first pass of `link`, which needed it to collect every session's date."""
    acuerdos = acuerdo_refs(sentence)
    if not sentence.mentions and not acuerdos:
        return []
    links = approvals(sentence, acuerdos)
    rekey(sentence, links.values())
    place_sessions(sentence, known, {link.session.start: link for link in links.values() if link.session})
    drafts: list[Draft] = []
    for mention in sentence.mentions:
        anchor = sentence.owners.get(mention.start)
        if mention.aside:
            continue
        if mention.kind in (MentionKind.date, MentionKind.time) and anchor and anchor[1] == "session":
            session = anchor[2]
            if session is None:
                continue
            predicate = Predicate.held_on if mention.kind == MentionKind.date else Predicate.held_at
            basis = Basis.weakest(basis_of(mention), basis_of(session))
            sid = sentence.places[session.start][0]
            drafts.append(
                Draft(SubjectKind.session, sid, predicate, mention.value, sentence.span, basis=basis)
            )
    for (session, predicate), date in session_dates(sentence).items():
        owner = sentence.owners.get(date.start)
        if owner and owner[2] is not None and owner[2].start != session.start:
            # dated together with the session the date follows ("…, ambas celebradas el D")
            basis = Basis.weakest(basis_of(date), basis_of(session))
            sid = sentence.places[session.start][0]
            drafts.append(Draft(SubjectKind.session, sid, predicate, date.value, sentence.span, basis=basis))
    drafts += acuerdo_claims(sentence, acuerdos, links, known)
    return drafts


def rekey(sentence: Sentence, links: Iterable[Approval]) -> None:
    """A session whose body the approved acuerdo's organ fixes takes that body."""
    bodies = {link.session.start: link.body for link in links if link.session and link.body}
    for n, mention in enumerate(sentence.mentions):
        body = bodies.get(mention.start)
        if mention.kind == MentionKind.session and body:
            key = SessionKey.parse(mention.value)
            if key.body != body:
                sentence.mentions[n] = replace(mention, value=SessionKey(body, key.type, key.number).value)
