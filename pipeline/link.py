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
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from pipeline.extract import Found
from pipeline.grammar import find_bodies
from pipeline.vocab import fold, forms, load


@dataclass(frozen=True)
class Draft:
    subject_kind: str
    subject_id: str
    predicate: str
    object: str
    sentence: tuple[int, int]
    quote: str | None = None  # the evidence when it is not the sentence at `sentence` (a table row)


TOP_BODIES = ("consejo general", "consejo estatal")
SAME_BODY = re.compile(
    r"\s*,?\s*(?:de|del)\s+(?:la\s+|el\s+)?(?:propi[oa]|mism[oa]|dich[oa]|est[ea]|referid[oa])\s+"
    r"(?P<kind>comisi[óo]n|comit[ée]|consejo)\b",
    re.I,
)


@dataclass(frozen=True)
class Context:
    issuer: str | None
    year: int | None
    own_acuerdo: str | None = None


Anchor = tuple[int, str, "Found | None"]


@cache
def cue_pattern(role: str) -> re.Pattern[str]:
    words = [f for row in load("claim_cues") if row["role"] == role for f in forms(row, "forms")]
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})", re.I)


@lru_cache(maxsize=4096)
def cues(text: str, role: str, offset: int) -> tuple[int, ...]:
    """Offsets of a role's cue words in a sentence (asked for several times per sentence)."""
    return tuple(offset + m.start() for m in cue_pattern(role).finditer(text))


def resolve_sessions(
    text: str, mentions: list[Found], sentences: list[tuple[int, int]], default_body: str = "consejo general"
) -> list[Found]:
    """Give each session mention its value `<body>|<type>|<number>`."""
    resolved: list[Found] = []
    last: Found | None = None
    for mention in mentions:
        if mention.kind != "session":
            resolved.append(mention)
            continue
        if mention.info.get("anaphora"):
            if last is None:
                continue  # points at nothing we know: not a mention
            mention = replace(mention, value=last.value, info={**mention.info, "refers_to": last.start})
        else:
            body = mention.info.get("body") or nearest_body(
                text, mention, sentence_of(sentences, mention.start), default_body
            )
            value = f"{body}|{mention.info['type']}|{mention.info['number']}"
            mention = replace(mention, value=value)
            last = mention
        resolved.append(mention)
    return resolved


def nearest_body(text: str, mention: Found, sentence: tuple[int, int], default_body: str) -> str:
    """The body nearest the mention in its sentence; else the document's own body (a
    COTAPREP session report); else the last body named earlier in its paragraph
    ("…del Comité Técnico Asesor. … la Segunda Sesión Ordinaria…"); else the
    institute's highest body."""
    start, end = sentence
    own = SAME_BODY.match(text, mention.end)
    if own:  # "la Sesión Ordinaria número 2 de la propia Comisión": the commission named before
        kind = fold(own.group("kind"))[:6]
        named = [b.value for b in find_bodies(text[: mention.start]) if b.value.startswith(kind)]
        return named[-1] if named else default_body
    bodies = [b for b in find_bodies(text[start:end]) if not mention.start <= start + b.start < mention.end]
    if re.search(r"\bsus?\s+$", text[max(start, mention.start - 6) : mention.start], re.I):
        # "La Comisión … llevó a cabo su Sesión Extraordinaria número 3": the subject's
        bodies = [b for b in bodies if start + b.start < mention.start] or bodies
    if bodies:
        return min(bodies, key=lambda b: abs(start + b.start - mention.start)).value
    if default_body not in TOP_BODIES:
        return default_body
    paragraph = text.rfind("\n\n", 0, mention.start) + 1
    before = find_bodies(text[max(paragraph, mention.start - 600) : mention.start])
    return before[-1].value if before else default_body


def sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for span in sentences:
        if span[0] <= offset < span[1]:
            return span
    return (offset, offset)


def link(text: str, mentions: list[Found], sentences: list[tuple[int, int]], context: Context) -> list[Draft]:
    """Claims of the whole document, sentence by sentence."""
    cues.cache_clear()  # a cache per document: memory stays flat, benchmarks stay honest
    grouped = [(s, [m for m in mentions if s[0] <= m.start < s[1]]) for s in sentences]
    known: dict[str, str] = {}  # session value → first date any sentence gives it
    for sentence, inside in grouped:
        for key, value in session_dates(text, sentence, inside).items():
            known.setdefault(key, value)
    drafts: list[Draft] = []
    for sentence, inside in grouped:
        drafts.extend(link_sentence(text, sentence, inside, context, known))
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


def session_dates(text: str, sentence: tuple[int, int], mentions: list[Found]) -> dict[str, str]:
    """'<session value>|held_on' / '|held_at' → the date or time this sentence gives it."""
    owners = owners_of(text, mentions, anchors_of(text, sentence, mentions))
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
    text: str, sentence: tuple[int, int], mentions: list[Found], context: Context, known: dict[str, str]
) -> list[Draft]:
    s0, s1 = sentence
    sessions = [m for m in mentions if m.kind == "session"]
    acuerdos = acuerdo_refs(text[s0:s1], s0, mentions, context)
    anchors = anchors_of(text, sentence, mentions)
    owners = owners_of(text, mentions, anchors)
    drafts: list[Draft] = []
    dated = session_dates(text, sentence, mentions)
    issuer = sentence_issuer(text, sentence, mentions, context)
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


def sentence_issuer(
    text: str, sentence: tuple[int, int], mentions: list[Found], context: Context
) -> str | None:
    """Whose sessions a sentence speaks of: the institute named right after a body
    ("el Consejo General del INE"), else the one issuing every acuerdo the sentence
    names (a table of other institutes' acuerdos), else the document's issuer."""
    body = text[sentence[0] : sentence[1]]
    for match in find_bodies(body):
        after = sentence[0] + match.end
        for org in mentions:
            if (
                org.kind == "organization"
                and org.value != "unicom"
                and 0 <= org.start - after <= 12
                and re.fullmatch(r"\s*(?:del|de\s+la|de)\s*", text[after : org.start])
            ):
                return org.value
    issuers = {m.info.get("issuer") for m in mentions if m.kind == "acuerdo"}
    own = re.search(r"\b(?:este|esta|nuestro)\s+(?:consejo|comit|comisi|[óo]rgano|instituto)", body, re.I)
    if len(issuers) == 1 and None not in issuers and not own:
        (only,) = issuers
        if only != context.issuer and only not in ("ife",) and context.issuer:
            return only
    return context.issuer


def owners_of(
    text: str, mentions: list[Found], anchors: list[tuple[int, str, Found | None]]
) -> dict[int, Anchor | None]:
    """Anchor of every date and time. A time right after a date ("el 19 de marzo de
    2021 a las 12:00 horas") belongs where that date belongs."""
    owners: dict[int, Anchor | None] = {}
    last_date: Found | None = None
    strong = {id(a[2]) for m in mentions if m.kind == "date" for a in [strong_session(text, m, anchors)] if a}
    for mention in mentions:
        if mention.kind == "date":
            anchor = strong_session(text, mention, anchors) or owner(text, mention, anchors)
            if (
                anchor
                and anchor[1] == "session"
                and id(anchor[2]) in strong
                and anchor is not strong_session(text, mention, anchors)
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
    weekday = "|".join(f for row in load("weekdays") for f in forms(row, "forms"))
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
    if not anchors:
        return None
    return strong_session(text, mention, anchors) or min(anchors, key=lambda a: abs(a[0] - mention.start))


def acuerdo_refs(body: str, offset: int, mentions: list[Found], context: Context) -> list[Found]:
    """Acuerdo mentions, plus "el presente Acuerdo" standing for the document's own ID."""
    refs = [m for m in mentions if m.kind == "acuerdo"]
    if context.own_acuerdo:
        for pos in cues(body, "own", offset):
            refs.append(Found("acuerdo", pos, pos + 1, "", context.own_acuerdo))
    return sorted(refs, key=lambda m: m.start)


def acuerdo_claims(
    text: str,
    sentence: tuple[int, int],
    acuerdos: list[Found],
    sessions: list[Found],
    session_ids: dict[int, str],
    mentions: list[Found],
    owners: dict[int, tuple[int, str, Found | None] | None],
    dated: dict[str, str],
    known: dict[str, str],
) -> list[Draft]:
    s0, s1 = sentence
    body = text[s0:s1]
    # A line that opens with an acuerdo ID is a listing or a table row
    # (Acuerdo | Sesión | Fecha | Asunto): its session and date are the approval's.
    row = bool(acuerdos) and acuerdos[0].start - s0 < 3 and not cues(body, "sent", s0)
    approves = row or bool(cue_pattern("approved").search(body))
    sent_cues = cues(body, "sent", s0)
    dates = [m for m in mentions if m.kind == "date"]
    approval_dates = [d for d in dates if (a := owners.get(d.start)) and a[1] == "approved"]
    sent_dates = [d for d in dates if (a := owners.get(d.start)) and a[1] == "sent"]
    drafts: list[Draft] = []
    for acuerdo in acuerdos:
        aid = acuerdo.value
        own_date = date_after(text, acuerdo, dates)
        if own_date:
            drafts.append(Draft("acuerdo", aid, "approved_on", own_date, sentence))
        session = nearest_session(text, acuerdo, acuerdos, sessions) if approves and sessions else None
        if session:
            drafts.append(Draft("acuerdo", aid, "approved_in", session_ids[session.start], sentence))
            held = dated.get(f"{session.value}|held_on") or known.get(f"{session.value}|held_on")
            if held and not own_date:
                drafts.append(Draft("acuerdo", aid, "approved_on", held, sentence))
        elif approves and (date := approval_date(text, acuerdo, acuerdos, approval_dates)) and not own_date:
            drafts.append(Draft("acuerdo", aid, "approved_on", date, sentence))
        if subject := subject_after(text, acuerdo, acuerdos, s1):
            drafts.append(Draft("acuerdo", aid, "subject", subject, sentence))
        if sent_cues:
            drafts += sent_claims(acuerdo, sentence, mentions, sent_cues, sent_dates, known)
    return drafts


def sent_claims(
    acuerdo: Found,
    sentence: tuple[int, int],
    mentions: list[Found],
    sent_cues: tuple[int, ...],
    sent_dates: list[Found],
    known: dict[str, str],
) -> list[Draft]:
    """`sent_to` the organisation named after the cue (UNICOM first), else the one the
    document last sent to; `sent_on` the first sending date after the acuerdo, so
    "X se remitió el 15 de octubre, y el Acuerdo Y el 29 de octubre" dates each."""
    drafts: list[Draft] = []
    orgs = [m for m in mentions if m.kind == "organization" and m.start > sent_cues[0]]
    target = (
        ("unicom" if any(o.value == "unicom" for o in orgs) else orgs[0].value)
        if orgs
        else known.get("sent_to")
    )
    if target:
        known["sent_to"] = target
        drafts.append(Draft("acuerdo", acuerdo.value, "sent_to", target, sentence))
    after = [d for d in sent_dates if d.start > acuerdo.end]
    date = after[0] if after else (sent_dates[-1] if sent_dates else None)
    if date:
        drafts.append(Draft("acuerdo", acuerdo.value, "sent_on", date.value, sentence))
    return drafts


def approval_date(text: str, acuerdo: Found, acuerdos: list[Found], dates: list[Found]) -> str | None:
    """The approval date nearest the list of IDs the acuerdo belongs to ("los Acuerdos
    X e Y, y más recientemente … Z (17 de noviembre de 2021)": Z's date, not X's)."""
    groups = list_groups(text, acuerdos)
    mine = next((g for g in groups if acuerdo in g), [acuerdo])
    for date in sorted(dates, key=lambda d: gap(mine, d)):
        if min(groups, key=lambda g: gap(g, date)) is mine:
            return date.value
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


def date_after(text: str, acuerdo: Found, dates: list[Found]) -> str | None:
    """ "Acuerdo IEEM/CG/12/2021 de fecha 22 de marzo de 2021": the acuerdo's own date."""
    for date in dates:
        between = text[acuerdo.end : date.start]
        if 0 <= len(between) < 30 and re.fullmatch(
            r"\s*,?\s*(?:de\s+fecha|del?)\s+(?:d[íi]a\s+)?", between, re.I
        ):
            return date.value
    return None


SUBJECT_END = re.compile(
    r",\s+(?:en\s+la\s+misma|en\s+dicha|los\s+cuales|las\s+cuales|el\s+cual|la\s+cual|mismos?\s+que|misma\s+que"
    r"|en\s+virtud\s+de|toda\s+vez\s+que|a\s+fin\s+de|con\s+el\s+fin|con\s+el\s+objeto|conforme\s+a|en\s+t[ée]rminos"
    r"|de\s+conformidad|aprobad[oa]s?\s|que\s+fue|y\s+se\s)\b|;|\.\s",
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


def session_id(value: str, held_on: str | None, context: Context) -> str:
    """`<issuer>|<body>|<type>|<number>|<year>`; an unnumbered session is told apart
    by its full date instead of the year."""
    number = value.rsplit("|", 1)[-1]
    if number == "s/n" and held_on:
        tail = held_on
    else:
        tail = held_on[:4] if held_on else str(context.year or "")
    return f"{context.issuer or ''}|{value}|{tail}"
