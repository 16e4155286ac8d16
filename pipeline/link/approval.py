"""Which session and which date approved an acuerdo. The rules that keep a sentence's
session or date from spreading to acuerdos it does not belong to:

- IDs written as one list share a session or a date only if they can have been approved
  together: one list of IDs of different years ("modificado mediante los Acuerdos
  INE/CG391/2017, INE/CG111/2018 …") is a history, and "…, este último aprobado el 4 de
  octubre de 2023" dates the last one only;
- an origin clause ("la Comisión, creada mediante el Acuerdo X, celebró su Primera Sesión
  Ordinaria el 15 de…") names what made a body: X is linked only to a session or date
  inside that clause ("integrado mediante Acuerdo X en la Sesión Extraordinaria No. 41");
- the organ in the ID names the approving body (vocab/organs.tsv): an acuerdo …/CG…/… is
  the Consejo General's, so a session whose body is only guessed, or the one in its
  origin clause, is the Consejo General's, and a session another body is named for is
  not where it was approved.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from models import SessionKey
from pipeline.extract import Found
from pipeline.link.sessions import TOP_BODIES
from pipeline.vocab import forms, load, phrase_alternation

Group = list[Found]


@cache
def organ_bodies() -> dict[str, str]:
    return {row["organ"].upper(): row["body"] for row in load("organs")}


def organ_body(acuerdo: Found) -> str | None:
    """The body that approves acuerdos numbered under this ID's organ, when known."""
    organ = acuerdo.acuerdo.organ if acuerdo.acuerdo else None
    return organ_bodies().get((organ or "").upper())


@cache
def origin_pattern() -> re.Pattern[str]:
    participles = [f for row in load("claim_cues") if row["role"] == "origin" for f in forms(row, "forms")]
    return re.compile(
        rf"(?<![\w])(?:{phrase_alternation(participles)})\s+(?:mediante|por|a\s+trav[ée]s\s+del?|con\s+base\s+en)"
        r"\s+(?:(?:el|los)\s+)?acuerdos?(?:\s+(?:n[oº°]\.?|n[úu]mero))?\s*$",
        re.I,
    )


# What still speaks of the acuerdo after a comma: its subject or its own approval
# ("…mediante el Acuerdo X, por el que se integra…, aprobado en la Sesión Extraordinaria No. 39")
ITS_OWN = re.compile(
    r",\s*(?:por\s+(?:el|la)\s+(?:que|cual)|mediante\s+(?:el|la)\s+cual|aprobad[oa]s?|emitid[oa]s?|de\s+fecha)\b",
    re.I,
)


def origin_clause(text: str, group: Group, sentence_end: int) -> tuple[int, int] | None:
    """The clause after an ID (or list of IDs) that an origin participle introduces: up
    to the next comma, or further while what follows the comma still speaks of the
    acuerdo (its subject, "aprobado en…")."""
    if not origin_pattern().search(text[max(0, group[0].start - 80) : group[0].start]):
        return None
    end = group[-1].end
    while (comma := text.find(",", end, sentence_end)) >= 0:
        if not ITS_OWN.match(text, comma):
            return group[-1].end, comma
        end = comma + 1
    return group[-1].end, sentence_end


def origin_spans(text: str, found: list[Found], sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every origin clause of the document: a body named there made another body ("El
    Comité, integrado mediante Acuerdo X, aprobado en sesión del Consejo General, celebró
    su Tercera Sesión": the Comité's session, not the Consejo's)."""
    spans: list[tuple[int, int]] = []
    every = [m for m in found if m.kind == "acuerdo"]
    starts = [m.start for m in every]
    for start, end in sentences:
        acuerdos = every[bisect_left(starts, start) : bisect_left(starts, end)]
        for group in list_groups(text, acuerdos):
            if clause := origin_clause(text, group, end):
                spans.append((group[0].start, clause[1]))
    return spans


def list_groups(text: str, acuerdos: list[Found]) -> list[Group]:
    """IDs written as one list ("los Acuerdos X, Y e Z") form a group."""
    groups: list[Group] = []
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


def group_of(acuerdo: Found, groups: list[Group]) -> Group:
    return next((g for g in groups if acuerdo in g), [acuerdo])


def gap(group: Group, mention: Found) -> int:
    return min(abs(mention.start - group[-1].end), abs(group[0].start - mention.end))


def approved_together(group: Group) -> bool:
    """IDs of different years cannot come from one approval."""
    years = {a.acuerdo.year for a in group if a.acuerdo and a.acuerdo.year}
    return len(years) <= 1


LAST_ONLY = re.compile(r"\b(?:este|esta|el|la)\s+(?:último|última|ultimo|ultima)\b", re.I)


RESPECTIVELY = re.compile(r"[^.;]{0,40}?\brespectivamente\b", re.I)


def respectively(text: str, group: Group, items: list[Found]) -> dict[int, Found] | None:
    """With "respectivamente" right after the list of IDs or after the items (dates,
    sessions) the IDs go with the items in order: acuerdo start → its item; {} when
    the counts differ; None when the sentence does not pair them."""
    if len(group) < 2 or not items:
        return None
    ordered = sorted(items, key=lambda item: item.start)
    if not (RESPECTIVELY.match(text, group[-1].end) or RESPECTIVELY.match(text, ordered[-1].end)):
        return None
    if len(ordered) != len(group):
        return {}
    return {acuerdo.start: item for acuerdo, item in zip(group, ordered, strict=True)}


def approval_date(text: str, acuerdo: Found, groups: list[Group], dates: list[Found]) -> Found | None:
    """The approval date nearest the list of IDs the acuerdo belongs to ("los Acuerdos
    X e Y, y más recientemente … Z (17 de noviembre de 2021)": Z's date, not X's). With
    "respectivamente" the list's dates go to its IDs in order, or to none when the counts
    differ ("el siete de abril y el trece de mayo …, mediante acuerdos X e Y,
    respectivamente")."""
    mine = group_of(acuerdo, groups)
    paired = respectively(text, mine, dates)
    if paired is not None and (paired or len(dates) > 1):
        return paired.get(acuerdo.start)  # with several dates that do not pair, none is sure
    for date in sorted(dates, key=lambda d: gap(mine, d)):
        if min(groups, key=lambda g: gap(g, date)) is not mine:
            continue
        if len(mine) > 1 and LAST_ONLY.search(text[mine[-1].end : date.start]):
            return date if acuerdo is mine[-1] else None
        return date if approved_together(mine) else None
    return None


def nearest_session(text: str, acuerdo: Found, groups: list[Group], sessions: list[Found]) -> Found | None:
    """The last session named before the acuerdo; else the first one after it that is
    nearer this acuerdo's list than any other ("los Acuerdos X e Y, y más recientemente
    el Acuerdo Z …, en sesión extraordinaria": Z's session only)."""
    mine = group_of(acuerdo, groups)
    if not approved_together(mine):
        return None
    # "mediante los acuerdos X e Y, en la Primera Sesión Ordinaria y en la Tercera Sesión
    # Extraordinaria, respectivamente"
    paired = respectively(text, mine, [s for s in sessions if s.start > mine[-1].end])
    if paired is not None:
        return paired.get(acuerdo.start)
    before = [s for s in sessions if s.start < acuerdo.start]
    if before:
        return before[-1]
    for session in sessions:
        if min(groups, key=lambda g: gap(g, session)) is mine:
            return session
    return None


def approving_body(session: Found, acuerdo: Found, origin: bool) -> str | None:
    """The body of the session that approved `acuerdo`, or None when the session cannot
    be its approval: the organ in the ID decides where the session's body is a guess (or
    the session stands in an origin clause); a body the text names against the organ
    rules the link out."""
    current = SessionKey.parse(session.value).body
    wanted = organ_body(acuerdo)
    if wanted is None or wanted == current or {wanted, current} <= set(TOP_BODIES):
        return current  # an institute's highest body goes by either name
    named = session.session is not None and session.session.body is not None
    return wanted if not named and (session.inferred or origin) else None
