"""What the linking modules share: claim drafts, their context, and the cue words of
vocab/claim_cues.tsv (approval, sending, publication, "de fecha", "por el que"…)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from models import Basis, MentionKind, Predicate, SubjectKind
from pipeline.extract import Found
from pipeline.vocab import alternation, forms, load


@dataclass(frozen=True)
class Draft:
    """A claim before provenance is attached: `sentence` is its span in the clean text."""

    subject_kind: SubjectKind
    subject_id: str
    predicate: Predicate
    object: str
    sentence: tuple[int, int]
    quote: str | None = None  # the evidence when it is not the sentence at `sentence` (a table row)
    basis: Basis = Basis.stated


@dataclass(frozen=True)
class Context:
    issuer: str | None
    year: int | None
    own_acuerdo: str | None = None


Anchor = tuple[int, str, "Found | None"]
Valued = tuple[str, Basis]  # a value (a date, a session_id) and how directly the text gives it


def basis_of(found: Found) -> Basis:
    """How directly a mention gives its value: a reference back, a year or a body taken
    from context, or as written."""
    if found.anaphora:
        return Basis.anaphora
    if found.inferred:
        return (
            Basis.inferred_year if found.kind in (MentionKind.date, MentionKind.time) else Basis.inferred_body
        )
    return Basis.stated


@dataclass
class Sentence:
    """One sentence being linked, with what the first pass over the document found."""

    text: str  # the whole clean text
    span: tuple[int, int]
    mentions: list[Found]
    owners: dict[int, Anchor | None]  # each date's and time's anchor, by its start
    context: Context
    places: dict[int, Valued] = field(default_factory=dict)  # session mention start → session_id
    held: dict[int, Valued | None] = field(default_factory=dict)  # session mention start → its date

    @property
    def body(self) -> str:
        return self.text[self.span[0] : self.span[1]]

    def of_kind(self, kind: MentionKind) -> list[Found]:
        """This sentence's mentions of a kind, those inside a subject clause left aside."""
        return [m for m in self.mentions if m.kind == kind and not m.aside]


@cache
def cue_pattern(role: str) -> re.Pattern[str]:
    words = [f for row in load("claim_cues") if row["role"] == role for f in forms(row, "forms")]
    return re.compile(rf"(?<![\w])(?:{alternation(words)})", re.I)


def cues(text: str, role: str, offset: int) -> tuple[int, ...]:
    """Offsets of a role's cue words in a sentence."""
    return tuple(offset + m.start() for m in cue_pattern(role).finditer(text))
