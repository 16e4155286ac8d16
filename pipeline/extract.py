"""Stage 4 — extract: a spaCy pipeline finds mentions in the clean text.

`spacy.blank("es")` + the sentencizer + this project's components. Each finder records
candidate mentions in `doc._.candidates`; `resolve_mentions` keeps one per stretch of
text, by kind priority, in `doc._.mentions` and `doc.spans["mentions"]`. The grammars
themselves are data (vocab/*.tsv) compiled by `pipeline.grammar`; the components use
Python's `re` on the doc text, 2.9× faster than the Matcher with identical spans
(docs/performance.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from models import MentionKind
from pipeline.grammar.dates import Calendar, find_dates
from pipeline.grammar.ids import AcuerdoMatch, find_acuerdos
from pipeline.grammar.lines import is_abbreviation
from pipeline.grammar.organisations import find_organisations
from pipeline.grammar.sessions import SessionMatch, find_anaphora, find_sessions
from pipeline.grammar.spans import keep_disjoint
from pipeline.grammar.times import find_times

PRIORITY = {"acuerdo": 0, "session": 1, "date": 2, "time": 3, "organization": 4}
for _name in ("plain_text", "context_year", "candidates", "mentions"):
    Doc.set_extension(_name, default=None, force=True)


@dataclass(frozen=True, slots=True)
class Found:
    """A mention before provenance is attached, with what its grammar read."""

    kind: MentionKind
    start: int
    end: int
    text: str
    value: str  # sessions get theirs when linking resolves the body
    inferred: bool = False  # part of the value (a date's year) came from context
    acuerdo: AcuerdoMatch | None = None  # an ID's issuer, organ, number and year
    session: SessionMatch | None = None  # a session's body (when named), type and number
    weekday: int | None = None  # the weekday a date states
    anaphora: bool = False  # "la misma sesión", "en esa misma fecha"
    refers_to: int | None = None  # where the session an anaphora points back at was named
    aside: bool = False  # inside an acuerdo's subject clause: named there, not told as a fact


def doc_text(doc: Doc) -> str:
    """`doc.text` joins every token on each access (it was 40 % of extraction time):
    components read the text once."""
    if doc._.plain_text is None:
        doc._.plain_text = doc.text
    return doc._.plain_text


def add_candidates(doc: Doc, found: list[Found]) -> None:
    """Record candidate mentions, each with the span of whole tokens it covers (one
    extension access a component: `doc._` costs 3 µs a call)."""
    candidates = doc._.candidates
    if candidates is None:
        candidates = doc._.candidates = []
    for item in found:
        span = doc.char_span(item.start, item.end, label=item.kind, alignment_mode="expand")
        if span is not None:
            candidates.append((item, span))


def mention(kind: MentionKind, text: str, start: int, end: int, value: str, **parts: object) -> Found:
    return Found(kind, start, end, text[start:end], value, **parts)  # type: ignore[arg-type]


@Language.component("abbreviation_guard", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def abbreviation_guard(doc: Doc) -> Doc:
    """The sentencizer splits after "No." in "Sesión Extraordinaria No. 39" and after
    "N°." in "acuerdo N°. IEEM/CG/29/2020"; undo splits after known abbreviations
    (`pipeline.grammar.lines`, the rule layout follows too) and before a digit or a
    lower-case word, and split at line breaks (paragraphs). Only sentence starts and
    white-space tokens are visited: touching every token cost a tenth of the whole
    extraction."""
    text = doc_text(doc)
    flags = doc.to_array([SENT_START, IS_SPACE])
    starts = flags[:, 0].astype(numpy.int64)  # to_array gives uint64: -1 (not a start) wraps
    for i in numpy.flatnonzero(flags[:, 0] == 1).tolist():
        token = doc[i]
        before = re.search(r"(\S+)\s*$", text[max(0, token.idx - 40) : token.idx])
        word = before.group(1) if before else ""
        if i and (is_abbreviation(word) or token.text[:1].isdigit() or token.text[:1].islower()):
            starts[i] = -1
    for i in numpy.flatnonzero(flags[:, 1] == 1).tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text:
            starts[i + 1] = 1
    # One array write: setting `token.is_sent_start` scans the whole doc each time.
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


@Language.component("acuerdo_finder", assigns=["doc._.candidates"])
def acuerdo_finder(doc: Doc) -> Doc:
    text = doc_text(doc)
    found = [
        mention(MentionKind.acuerdo, text, m.start, m.end, m.value, acuerdo=m) for m in find_acuerdos(text)
    ]
    add_candidates(doc, found)
    return doc


@Language.component("date_finder", assigns=["doc._.candidates"])
def date_finder(doc: Doc) -> Doc:
    text = doc_text(doc)
    dates = find_dates(text, doc._.context_year)
    found = [
        mention(
            MentionKind.date,
            text,
            d.start,
            d.end,
            d.value.isoformat(),
            inferred=d.inferred,
            weekday=d.weekday,
        )
        for d in dates
    ]
    for start, end in find_anaphora(text, "date_anaphora"):
        # "en esa misma fecha se envió…": dates the claim, but is not itself a date mention
        previous = [d for d in dates if d.end <= start]
        if previous:
            value = previous[-1].value.isoformat()
            found.append(mention(MentionKind.date, text, start, end, value, inferred=True, anaphora=True))
    found += [
        mention(MentionKind.time, text, t.start, t.end, t.value.strftime("%H:%M")) for t in find_times(text)
    ]
    add_candidates(doc, found)
    return doc


@Language.component("session_finder", assigns=["doc._.candidates"])
def session_finder(doc: Doc) -> Doc:
    text = doc_text(doc)
    found = [mention(MentionKind.session, text, m.start, m.end, "", session=m) for m in find_sessions(text)]
    found += [mention(MentionKind.session, text, a, b, "", anaphora=True) for a, b in find_anaphora(text)]
    add_candidates(doc, found)
    return doc


@Language.component("organization_finder", assigns=["doc._.candidates"])
def organization_finder(doc: Doc) -> Doc:
    text = doc_text(doc)
    found = [
        mention(MentionKind.organization, text, m.start, m.end, m.value) for m in find_organisations(text)
    ]
    add_candidates(doc, found)
    return doc


@Language.component(
    "resolve_mentions", requires=["doc._.candidates"], assigns=["doc._.mentions", "doc.spans"]
)
def resolve_mentions(doc: Doc) -> Doc:
    """One mention per stretch of text: an ID beats the date inside it
    (036/SO/31-08-2020), a session beats a body, a date beats a time."""
    pairs = sorted(
        doc._.candidates or [], key=lambda pair: (PRIORITY[pair[0].kind], pair[0].start - pair[0].end)
    )
    spans: dict[int, Span] = {id(found): span for found, span in pairs}
    kept = keep_disjoint(found for found, _ in pairs)
    doc._.mentions = kept
    doc.spans["mentions"] = [spans[id(found)] for found in kept]
    return doc


@cache
def nlp() -> Language:
    pipeline = spacy.blank("es")
    pipeline.add_pipe("sentencizer")
    for name in (
        "abbreviation_guard",
        "acuerdo_finder",
        "date_finder",
        "session_finder",
        "organization_finder",
        "resolve_mentions",
    ):
        pipeline.add_pipe(name)
    return pipeline


def annotate(text: str, context_year: int | Calendar | None) -> Doc:
    """Run the pipeline; `context_year` (or a calendar) gives dates without a year their year."""
    pipeline = nlp()
    # spaCy refuses texts over `max_length` (1,000,000 characters: E088) to protect the
    # memory of a parser and NER (~1 GB per 100,000 characters). This pipeline has
    # neither: a 1.3-million-character acuerdo peaked at 305 MB, and the worker's memory
    # guard (`--max-memory`) still bounds it. So the limit follows the text.
    pipeline.max_length = max(pipeline.max_length, len(text) + 1)
    doc = pipeline.make_doc(text)
    doc._.context_year = context_year
    doc._.plain_text = text
    for _, component in pipeline.pipeline:
        doc = component(doc)
    return doc


def extract(text: str, context_year: int | Calendar | None) -> tuple[list[Found], list[tuple[int, int]]]:
    """Mentions (session values still unresolved) and sentence spans of `text`."""
    doc = annotate(text, context_year)
    found: list[Found] = doc._.mentions
    sentences = [(s.start_char, s.end_char) for s in doc.sents if text[s.start_char : s.end_char].strip()]
    return found, sentences


def sentence_text(text: str, span: tuple[int, int]) -> str:
    return re.sub(r"\s+", " ", text[span[0] : span[1]]).strip()
