"""What the linking modules share: claim drafts, their context, and the cue words of
vocab/claim_cues.tsv (approval, sending, publication, "de fecha", "por el que"…)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from models import Predicate, SubjectKind
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


@dataclass(frozen=True)
class Context:
    issuer: str | None
    year: int | None
    own_acuerdo: str | None = None


Anchor = tuple[int, str, "Found | None"]


@cache
def cue_pattern(role: str) -> re.Pattern[str]:
    words = [f for row in load("claim_cues") if row["role"] == role for f in forms(row, "forms")]
    return re.compile(rf"(?<![\w])(?:{alternation(words)})", re.I)


def cues(text: str, role: str, offset: int) -> tuple[int, ...]:
    """Offsets of a role's cue words in a sentence."""
    return tuple(offset + m.start() for m in cue_pattern(role).finditer(text))
