"""Acuerdo claims of one sentence: `approved_in` the nearest session named for its list
of IDs, `approved_on` that session's date or the approval date nearest its list (or
"Acuerdo X de fecha D"), `subject` the "por el que se …" clause, `sent_to` and
`sent_on` from a sentence that sends it."""

from __future__ import annotations

import re

from models import Basis, MentionKind, Predicate, SubjectKind
from pipeline.extract import Found
from pipeline.grammar.organisations import is_unit
from pipeline.link.subjects import subject_after
from pipeline.link.types import Draft, Sentence, Valued, basis_of, cue_pattern, cues

ACUERDO = SubjectKind.acuerdo


def acuerdo_refs(sentence: Sentence) -> list[Found]:
    """Acuerdo mentions, plus "el presente Acuerdo" standing for the document's own ID."""
    refs = sentence.of_kind(MentionKind.acuerdo)
    own = sentence.context.own_acuerdo
    if own:
        for pos in cues(sentence.body, "own", sentence.span[0]):
            refs.append(Found(MentionKind.acuerdo, pos, pos + 1, "", own))
    return sorted(refs, key=lambda m: m.start)


def acuerdo_claims(sentence: Sentence, acuerdos: list[Found], known: dict[str, Valued]) -> list[Draft]:
    text, (s0, s1), body = sentence.text, sentence.span, sentence.body
    sessions = sentence.of_kind(MentionKind.session)
    # A line that opens with an acuerdo ID is a listing or a table row
    # (Acuerdo | Sesión | Fecha | Asunto): its session and date are the approval's.
    sent_cues = cues(body, "sent", s0)
    row = bool(acuerdos) and acuerdos[0].start - s0 < 3 and not sent_cues
    approves = row or bool(cue_pattern("approved").search(body))
    dates = sentence.of_kind(MentionKind.date)
    approval_dates = [d for d in dates if (a := sentence.owners.get(d.start)) and a[1] == "approved"]
    sent_dates = [d for d in dates if (a := sentence.owners.get(d.start)) and a[1] == "sent"]
    drafts: list[Draft] = []

    def claim(acuerdo: Found, predicate: Predicate, value: Valued) -> None:
        drafts.append(Draft(ACUERDO, acuerdo.value, predicate, value[0], sentence.span, basis=value[1]))

    for acuerdo in acuerdos:
        own_date = date_after(text, acuerdo, dates)
        if own_date:
            claim(acuerdo, Predicate.approved_on, (own_date.value, basis_of(own_date)))
        session = nearest_session(text, acuerdo, acuerdos, sessions) if approves and sessions else None
        if session:
            claim(acuerdo, Predicate.approved_in, sentence.places[session.start])
            held = sentence.held.get(session.start)
            if held and not own_date:
                claim(acuerdo, Predicate.approved_on, (held[0], Basis.weakest(held[1], basis_of(session))))
        elif approves and (date := approval_date(text, acuerdo, acuerdos, approval_dates)) and not own_date:
            claim(acuerdo, Predicate.approved_on, (date.value, basis_of(date)))
        if subject := subject_after(text, acuerdo, acuerdos, s1):
            claim(acuerdo, Predicate.subject, (subject, Basis.stated))
        if sent_cues:
            drafts += sent_claims(acuerdo, sentence, sent_cues, sent_dates, known)
    return drafts


def sent_claims(
    acuerdo: Found,
    sentence: Sentence,
    sent_cues: tuple[int, ...],
    sent_dates: list[Found],
    known: dict[str, Valued],
) -> list[Draft]:
    """`sent_to` the organisation named after the cue (a unit such as UNICOM first), else
    the one the document last sent to; `sent_on` the first sending date after the acuerdo,
    so "X se remitió el 15 de octubre, y el Acuerdo Y el 29 de octubre" dates each."""
    drafts: list[Draft] = []
    orgs = [m for m in sentence.of_kind(MentionKind.organization) if m.start > sent_cues[0]]
    target: Valued | None = (
        (next((o.value for o in orgs if is_unit(o.value)), orgs[0].value), Basis.stated)
        if orgs
        else known.get(Predicate.sent_to)
    )
    if target:
        known[Predicate.sent_to] = (target[0], Basis.other_sentence)
        drafts.append(
            Draft(ACUERDO, acuerdo.value, Predicate.sent_to, target[0], sentence.span, basis=target[1])
        )
    after = [d for d in sent_dates if d.start > acuerdo.end]
    date = after[0] if after else (sent_dates[-1] if sent_dates else None)
    if date:
        drafts.append(
            Draft(ACUERDO, acuerdo.value, Predicate.sent_on, date.value, sentence.span, basis=basis_of(date))
        )
    return drafts


def approval_date(text: str, acuerdo: Found, acuerdos: list[Found], dates: list[Found]) -> Found | None:
    """The approval date nearest the list of IDs the acuerdo belongs to ("los Acuerdos
    X e Y, y más recientemente … Z (17 de noviembre de 2021)": Z's date, not X's)."""
    groups = list_groups(text, acuerdos)
    mine = next((g for g in groups if acuerdo in g), [acuerdo])
    for date in sorted(dates, key=lambda d: gap(mine, d)):
        if min(groups, key=lambda g: gap(g, date)) is mine:
            return date
    return None


def list_groups(text: str, acuerdos: list[Found]) -> list[list[Found]]:
    """IDs written as one list ("los Acuerdos X, Y e Z") form a group."""
    groups: list[list[Found]] = []
    for other in sorted(acuerdos, key=lambda a: a.start):
        if groups and re.fullmatch(
            r"[\s,]*(?:y|e|así como)?[\s,]*(?:(?:el|los)\s+)?(?:acuerdos?\s+)?",
            text[groups[-1][-1].end : other.start],
            re.I,
        ):
            groups[-1].append(other)
        else:
            groups.append([other])
    return groups


def gap(group: list[Found], mention: Found) -> int:
    return min(abs(mention.start - group[-1].end), abs(group[0].start - mention.end))


def nearest_session(text: str, acuerdo: Found, acuerdos: list[Found], sessions: list[Found]) -> Found | None:
    """The last session named before the acuerdo; else the first one after it that is
    nearer this acuerdo's list than any other ("los Acuerdos X e Y, y más recientemente
    el Acuerdo Z …, en sesión extraordinaria": Z's session only)."""
    before = [s for s in sessions if s.start < acuerdo.start]
    if before:
        return before[-1]
    groups = list_groups(text, acuerdos)
    mine = next((g for g in groups if acuerdo in g), [acuerdo])
    for session in sessions:
        if min(groups, key=lambda g: gap(g, session)) is mine:
            return session
    return None


def date_after(text: str, acuerdo: Found, dates: list[Found]) -> Found | None:
    """ "Acuerdo IEEM/CG/12/2021 de fecha 22 de marzo de 2021": the acuerdo's own date."""
    for date in dates:
        between = text[acuerdo.end : date.start]
        if 0 <= len(between) < 30 and re.fullmatch(
            r"\s*,?\s*(?:de\s+fecha|del?)\s+(?:d[íi]a\s+)?", between, re.I
        ):
            return date
    return None
