"""Acuerdo claims of one sentence: `approved_in` the nearest session named for its list
of IDs, `approved_on` that session's date or the approval date nearest its list (or
"Acuerdo X de fecha D"), `subject` the "por el que se …" clause, `sent_to` and
`sent_on` from a sentence that sends it. Which session and dates an approval may take
is decided by pipeline.link.approval."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Basis, MentionKind, Predicate, SubjectKind
from pipeline.extract import Found
from pipeline.grammar.organisations import is_unit
from pipeline.link.approval import (
    approval_date,
    approving_body,
    group_of,
    list_groups,
    nearest_session,
    origin_clause,
    respectively,
)
from pipeline.link.subjects import subject_after
from pipeline.link.types import Draft, Sentence, Valued, basis_of, cue_pattern, cues

ACUERDO = SubjectKind.acuerdo
IN_SESSION = re.compile(r"\s*,\s*en\s+(?:la\s+|su\s+)?(?:[\wáéíóú]+\s+){0,3}?sesi[óo]n\b", re.I)


def acuerdo_refs(sentence: Sentence) -> list[Found]:
    """Acuerdo mentions, plus "el presente Acuerdo" standing for the document's own ID."""
    refs = sentence.of_kind(MentionKind.acuerdo)
    own = sentence.context.own_acuerdo
    if own:
        for pos in cues(sentence.body, "own", sentence.span[0]):
            refs.append(Found(MentionKind.acuerdo, pos, pos + 1, "", own))
    return sorted(refs, key=lambda m: m.start)


@dataclass(frozen=True)
class Approval:
    """Where an acuerdo of the sentence was approved, as far as the sentence says."""

    session: Found | None  # the session that approved it
    body: str | None  # that session's body (the ID's organ may fix it)
    origin: tuple[int, int] | None  # the origin clause the acuerdo stands in, if any
    date: Found | None  # the approval date the sentence gives it apart from a session's
    year: int | None  # the year in its ID: the approving session's, when no date says


def approvals(sentence: Sentence, acuerdos: list[Found]) -> dict[int, Approval]:
    """For each acuerdo (by its start): the session and dates its approval may take."""
    text, (s0, s1), body = sentence.text, sentence.span, sentence.body
    groups = list_groups(text, acuerdos)
    sessions = sentence.of_kind(MentionKind.session)
    # A line that opens with an acuerdo ID is a listing or a table row
    # (Acuerdo | Sesión | Fecha | Asunto): its session and date are the approval's.
    row = bool(acuerdos) and acuerdos[0].start - s0 < 3 and not cues(body, "sent", s0)
    approves = row or bool(cue_pattern("approved").search(body))
    # "Acuerdo X, en sesión ordinaria celebrada el D, por el que se reformó…": the session
    # standing right after the ID is where it was approved
    apposed = {a.start for a in acuerdos if IN_SESSION.match(text, a.end)}
    dates = [
        d
        for d in sentence.of_kind(MentionKind.date)
        if (a := sentence.owners.get(d.start)) and a[1] == "approved"
    ]
    found: dict[int, Approval] = {}
    for acuerdo in acuerdos:
        origin = origin_clause(text, group_of(acuerdo, groups), s1)
        near = [s for s in sessions if origin[0] <= s.start < origin[1]] if origin else sessions
        decided = approves or origin or acuerdo.start in apposed
        session = nearest_session(text, acuerdo, groups, near) if decided and near else None
        approving = approving_body(session, acuerdo, origin is not None) if session else None
        candidates = [d for d in dates if origin[0] <= d.start < origin[1]] if origin else dates
        date = approval_date(text, acuerdo, groups, candidates)
        year = acuerdo.acuerdo.year if acuerdo.acuerdo else None
        found[acuerdo.start] = Approval(session if approving else None, approving, origin, date, year)
    return found


def acuerdo_claims(
    sentence: Sentence, acuerdos: list[Found], links: dict[int, Approval], known: dict[str, Valued]
) -> list[Draft]:
    text, (s0, s1), body = sentence.text, sentence.span, sentence.body
    sent_cues = cues(body, "sent", s0)
    dates = sentence.of_kind(MentionKind.date)
    sent_dates = [d for d in dates if (a := sentence.owners.get(d.start)) and a[1] == "sent"]
    drafts: list[Draft] = []

    def claim(acuerdo: Found, predicate: Predicate, value: Valued) -> None:
        drafts.append(Draft(ACUERDO, acuerdo.value, predicate, value[0], sentence.span, basis=value[1]))

    for acuerdo in acuerdos:
        link = links[acuerdo.start]
        own_date = date_after(text, acuerdo, dates)
        if own_date:
            claim(acuerdo, Predicate.approved_on, (own_date.value, basis_of(own_date)))
        held = sentence.held.get(link.session.start) if link.session else None
        if link.session:
            claim(acuerdo, Predicate.approved_in, sentence.places[link.session.start])
        if own_date:
            pass
        elif held and link.session:
            claim(acuerdo, Predicate.approved_on, (held[0], Basis.weakest(held[1], basis_of(link.session))))
        elif link.date:  # "El 31 de enero, el Consejo General aprobó X en sesión ordinaria"
            claim(acuerdo, Predicate.approved_on, (link.date.value, basis_of(link.date)))
        if subject := subject_after(text, acuerdo, acuerdos, s1):
            claim(acuerdo, Predicate.subject, (subject, Basis.stated))
        if sent_cues:
            group = group_of(acuerdo, list_groups(text, acuerdos))
            drafts += sent_claims(acuerdo, group, sentence, sent_cues, sent_dates, known)
    return drafts


def sent_claims(
    acuerdo: Found,
    group: list[Found],
    sentence: Sentence,
    sent_cues: tuple[int, ...],
    sent_dates: list[Found],
    known: dict[str, Valued],
) -> list[Draft]:
    """`sent_to` the organisation named after the cue (a unit such as UNICOM first), else
    the one the document last sent to; `sent_on` its date by "respectivamente", else the
    first sending date after the acuerdo,
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
    paired = respectively(sentence.text, group, sent_dates)
    after = [d for d in sent_dates if d.start > acuerdo.end]
    date = (
        paired.get(acuerdo.start)
        if paired is not None
        else after[0]
        if after
        else (sent_dates[-1] if sent_dates else None)
    )
    if date:
        drafts.append(
            Draft(ACUERDO, acuerdo.value, Predicate.sent_on, date.value, sentence.span, basis=basis_of(date))
        )
    return drafts


def date_after(text: str, acuerdo: Found, dates: list[Found]) -> Found | None:
    """ "Acuerdo IEEM/CG/12/2021 de fecha 22 de marzo de 2021": the acuerdo's own date."""
    for date in dates:
        between = text[acuerdo.end : date.start]
        if 0 <= len(between) < 30 and re.fullmatch(
            r"\s*,?\s*(?:de\s+fecha|del?)\s+(?:d[íi]a\s+)?", between, re.I
        ):
            return date
    return None
