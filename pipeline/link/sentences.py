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
- acuerdos are linked to sessions, dates, subjects and sendings (pipeline.link.acuerdos).

Every claim carries its basis: stated, or resting on a year, a body or a date taken from
context or from another sentence, or on a reference back.
"""

from __future__ import annotations

from bisect import bisect_left

from models import Basis, MentionKind, Predicate, SessionKey, SubjectKind
from pipeline.extract import Found
from pipeline.link.acuerdos import acuerdo_claims, acuerdo_refs
from pipeline.link.owners import owners_of
from pipeline.link.sessions import sentence_issuer, session_id
from pipeline.link.types import Anchor, Context, Draft, Sentence, Valued, basis_of, cues

Known = dict[str, Valued]  # '<session value>|held_on' → the date another sentence gives it


def link(text: str, mentions: list[Found], sentences: list[tuple[int, int]], context: Context) -> list[Draft]:
    """Claims of the whole document, sentence by sentence."""
    grouped: list[Sentence] = []
    known: Known = {}
    starts = [m.start for m in mentions]  # mentions come sorted by position
    for span in sentences:
        inside = mentions[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]
        if not inside and not context.own_acuerdo:
            continue  # nothing to link, and no "el presente Acuerdo" to stand for an ID
        anchors = anchors_of(text, span, inside) if inside else []
        sentence = Sentence(text, span, inside, owners_of(text, inside, anchors), context)
        for key, date in session_dates(sentence).items():
            if shares_dates(key):
                known.setdefault(key, (date.value, Basis.other_sentence))
        grouped.append(sentence)
    drafts: list[Draft] = []
    for sentence in grouped:
        drafts.extend(link_sentence(sentence, known))
    return drafts


def shares_dates(key: str) -> bool:
    """Only a numbered session is the same session wherever it is named."""
    return SessionKey.parse(key.rsplit("|", 1)[0]).numbered is not None


def anchors_of(text: str, span: tuple[int, int], mentions: list[Found]) -> list[Anchor]:
    body = text[span[0] : span[1]]
    anchors: list[Anchor] = [(m.start, "session", m) for m in mentions if m.kind == MentionKind.session]
    for role in ("approved", "sent", "other"):
        anchors += [(pos, role, None) for pos in cues(body, role, span[0])]
    return anchors


def session_dates(sentence: Sentence) -> dict[str, Found]:
    """'<session value>|held_on' / '|held_at' → the date or time this sentence gives it."""
    dated: dict[str, Found] = {}
    for mention in sentence.mentions:
        if mention.kind not in (MentionKind.date, MentionKind.time):
            continue
        anchor = sentence.owners[mention.start]
        if anchor and anchor[1] == "session" and anchor[2] is not None:
            predicate = Predicate.held_on if mention.kind == MentionKind.date else Predicate.held_at
            dated.setdefault(f"{anchor[2].value}|{predicate}", mention)
    return dated


def place_sessions(sentence: Sentence, known: Known) -> None:
    """Each session mention's date (this sentence's, else another's) and session_id."""
    dated = session_dates(sentence)
    sessions = sentence.of_kind(MentionKind.session)
    issuer = (
        sentence_issuer(sentence.text, sentence.span, sentence.mentions, sentence.context)
        if sessions
        else None
    )
    for mention in sessions:
        key = f"{mention.value}|{Predicate.held_on}"
        date = dated.get(key)
        held = (date.value, basis_of(date)) if date else known.get(key)
        sentence.held[mention.start] = held
        year_basis = held[1] if held else Basis.inferred_year
        month = mention.session.month if mention.session else None
        sid = session_id(
            mention.value, held[0] if held else None, Context(issuer, sentence.context.year), month
        )
        sentence.places[mention.start] = (sid, Basis.weakest(basis_of(mention), year_basis))


def link_sentence(sentence: Sentence, known: Known) -> list[Draft]:
    """Claims of one sentence; `sentence.owners` (each date's and time's anchor) comes
    from the first pass of `link`, which needed it to collect every session's date."""
    acuerdos = acuerdo_refs(sentence)
    if not sentence.mentions and not acuerdos:
        return []
    place_sessions(sentence, known)
    drafts: list[Draft] = []
    for mention in sentence.mentions:
        anchor = sentence.owners.get(mention.start)
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
    drafts += acuerdo_claims(sentence, acuerdos, known)
    return drafts
