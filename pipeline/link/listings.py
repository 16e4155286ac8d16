"""Acuerdos listed under the sentence that approved them: "En la Décimo Octava Sesión
Extraordinaria …, celebrada el 9 de marzo de 2021, se aprobaron los siguientes acuerdos:"
then one item per line ("a) IECM/ACU-CG-071/2021, por el que …"). Each item was approved
in that session, on that date; the claim rests on another sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Basis, MentionKind, Predicate, SubjectKind
from pipeline.link.types import Draft, Sentence, Valued, cue_pattern

# An item of a list: "a)", "1.", "I.", "-", "•", then the ID
ITEM = re.compile(r"\s*(?:[a-z]\)|\d{1,2}[.)]|[IVX]{1,4}\.|[-•·–])\s*", re.I)


@dataclass(frozen=True)
class Listing:
    """What the sentence that opens a list of acuerdos says of their approval."""

    session: Valued | None
    date: Valued | None
    end: int  # where the opening sentence ends: the list must follow at once


def opening(sentence: Sentence) -> Listing | None:
    """A sentence that approves and ends with a colon opens a list of acuerdos."""
    body = sentence.body.rstrip()
    if not body.endswith(":") or not cue_pattern("approved").search(body):
        return None
    sessions = sentence.of_kind(MentionKind.session)
    place = sentence.places.get(sessions[-1].start) if sessions else None
    held = sentence.held.get(sessions[-1].start) if sessions else None
    if held is None:
        dates = [
            d
            for d in sentence.of_kind(MentionKind.date)
            if (owner := sentence.owners.get(d.start)) and owner[1] in ("approved", "session")
        ]
        held = (dates[-1].value, Basis.stated) if len(dates) == 1 else None
    if place is None and held is None:
        return None
    return Listing(place, held, sentence.span[1])


def listed_claims(listing: Listing, sentence: Sentence, between: str) -> list[Draft] | None:
    """Claims of an item that follows the list's opening (only white space or earlier
    items between), or None when the sentence is no item and the list has ended."""
    item = ITEM.match(sentence.body)
    acuerdos = sentence.of_kind(MentionKind.acuerdo)
    if between.strip() or not item or not acuerdos or acuerdos[0].start != sentence.span[0] + item.end():
        return None
    if sentence.of_kind(MentionKind.session) or sentence.of_kind(MentionKind.date):
        return []  # the item says for itself: its own sentence links it
    drafts = []
    for predicate, value in ((Predicate.approved_in, listing.session), (Predicate.approved_on, listing.date)):
        if value:
            basis = Basis.weakest(value[1], Basis.other_sentence)
            drafts.append(
                Draft(SubjectKind.acuerdo, acuerdos[0].value, predicate, value[0], sentence.span, basis=basis)
            )
    return drafts
