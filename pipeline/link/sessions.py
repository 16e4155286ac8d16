"""Sessions in context: a mention's value `<body>|<type>|<number>` (the body from the
mention, its sentence, the document's own body or the institute's highest) and its
session_id `<issuer>|<body>|<type>|<number>|<year>`; "la misma Sesión" and "dicha
sesión" point back at the last session named."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from models import SessionKey
from pipeline.extract import Found
from pipeline.grammar.organisations import is_unit
from pipeline.grammar.sessions import find_bodies, words
from pipeline.link.types import Context, cue_pattern
from pipeline.vocab import fold, forms, load, phrase_alternation

TOP_BODIES = ("consejo general", "consejo estatal")


@cache
def same_body() -> re.Pattern[str]:
    """ "de la propia Comisión", "del mismo Comité", or a bare "de la Comisión" that no
    name follows (vocab/session_words.tsv): the body of that kind named before."""
    same, kinds = phrase_alternation(words("same_body")), phrase_alternation(words("body_kind"))
    return re.compile(
        rf"\s*,?\s*(?:de|del)\s+(?:la\s+|el\s+)?(?:(?:{same})\s+)?(?P<kind>{kinds})\b"
        r"(?![ \t]+(?:de|del|para|sobre|[A-ZÁÉÍÓÚÑ]))",
        re.I,
    )


@cache
def body_kinds() -> dict[str, str]:
    """canonical body → the kind its name starts with: 'cotaprep' → 'comite'."""
    return {row["canonical"]: fold(forms(row, "variants")[0].split()[0]) for row in load("bodies")}


def resolve_sessions(
    text: str,
    mentions: list[Found],
    sentences: list[tuple[int, int]],
    default_body: str = "consejo general",
    aside: list[tuple[int, int]] | None = None,
) -> list[Found]:
    """Give each session mention its value `<body>|<type>|<number>`."""
    resolved: list[Found] = []
    last: Found | None = None
    for mention in mentions:
        if mention.kind != "session":
            resolved.append(mention)
            continue
        if mention.anaphora:
            if last is None:
                continue  # points at nothing we know: not a mention
            mention = replace(mention, value=last.value, refers_to=last.start)
        elif mention.session is not None:
            grammar = mention.session
            body, named = (
                (grammar.body, True)
                if grammar.body
                else nearest_body(
                    text, mention, sentence_of(sentences, mention.start), default_body, aside or []
                )
            )
            value = SessionKey(body, grammar.type, grammar.number).value
            mention = replace(mention, value=value, inferred=not named)
            last = mention
        resolved.append(mention)
    return resolved


def nearest_body(
    text: str, mention: Found, sentence: tuple[int, int], default_body: str, aside: list[tuple[int, int]]
) -> tuple[str, bool]:
    """The body a session mention belongs to, and whether its sentence names it: the
    body nearest the mention in its sentence — among those before the approving verb
    when one follows ("En sesión … número 27, los integrantes del Consejo General
    aprobaron … a los integrantes del Comité": the Consejo acts, the Comité is an
    object); else the document's own body (a COTAPREP session report); else the last
    body named earlier in its paragraph ("…del Comité Técnico Asesor. … la Segunda
    Sesión Ordinaria…"); else the institute's highest body."""
    start, end = sentence
    own = same_body().match(text, mention.end)
    if own:  # "la Sesión Ordinaria número 2 de la propia Comisión": the commission named before
        kind = fold(own.group("kind"))
        named = [b.value for b in find_bodies(text[: mention.start]) if body_kinds().get(b.value) == kind]
        if named:
            return named[-1], True
    bodies = [
        b
        for b in find_bodies(text[start:end])
        if not mention.start <= start + b.start < mention.end
        and not aside_of(start + b.start, mention, aside)
    ]
    if re.search(r"\bsus?\s+$", text[max(start, mention.start - 6) : mention.start], re.I):
        # "La Comisión … llevó a cabo su Sesión Extraordinaria número 3": the subject's
        bodies = [b for b in bodies if start + b.start < mention.start] or bodies
    verb = cue_pattern("approved").search(text, mention.end, end)
    if verb:
        bodies = [b for b in bodies if start + b.start < verb.start()] or bodies
    if bodies:
        return min(bodies, key=lambda b: abs(start + b.start - mention.start)).value, True
    if default_body not in TOP_BODIES:
        return default_body, False
    paragraph = text.rfind("\n\n", 0, mention.start) + 1
    before = find_bodies(text[max(paragraph, mention.start - 600) : mention.start])
    return (before[-1].value if before else default_body), False


def aside_of(offset: int, mention: Found, spans: list[tuple[int, int]]) -> bool:
    """Whether `offset` falls in a subject or origin clause that `mention` is not in (a
    body named there is an acuerdo's matter, "por el que se integra el Comité Técnico
    Asesor", or its origin, "integrado mediante Acuerdo X del Consejo General")."""
    return any(a <= offset < b and not a <= mention.start < b for a, b in spans)


def sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for span in sentences:
        if span[0] <= offset < span[1]:
            return span
    return (offset, offset)


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
                and not is_unit(org.value)
                and 0 <= org.start - after <= 24
                and re.fullmatch(r"\s*(?:del|de\s+la|de)\s*(?:entonces\s+)?", text[after : org.start])
            ):
                return org.value
    # only an ID that names its institute can say whose session it was
    issuers = {
        m.acuerdo.issuer if m.acuerdo and m.acuerdo.named else None for m in mentions if m.kind == "acuerdo"
    }
    own = re.search(r"\b(?:este|esta|nuestro)\s+(?:consejo|comit|comisi|[óo]rgano|instituto)", body, re.I)
    if len(issuers) == 1 and None not in issuers and not own:
        (only,) = issuers
        if only != context.issuer and context.issuer:
            return only
    return context.issuer


def session_id(value: str, held_on: str | None, context: Context, month: int | None = None) -> str:
    """The session_id of a session value, held by the context's issuer (see `SessionKey`);
    a session numbered within its month ("del mes de abril") carries the month."""
    return SessionKey.parse(value).placed(context.issuer, held_on, context.year, month).format()
