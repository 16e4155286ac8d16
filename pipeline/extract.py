"""Stage 4a — extract: a spaCy pipeline finds mentions in the clean text.

`spacy.blank("es")` + the sentencizer + this project's components. Each finder
component records candidates (kind, span, normalised value) in `doc.user_data`;
`resolve_mentions` keeps one per stretch of text, by kind priority, and sets
`doc.spans["mentions"]`. The grammars themselves are data (vocab/*.tsv) compiled by
`pipeline.ids`, `pipeline.dates` and `pipeline.grammar`; the components use Python's
`re` on the doc text, 2.9× faster than the Matcher with identical spans
(PERF-NOTES.md).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.dates import find_dates, find_times
from pipeline.grammar import find_anaphora, find_organisations, find_sessions, words
from pipeline.ids import find_acuerdos

PRIORITY = {"acuerdo": 0, "session": 1, "date": 2, "time": 3, "organization": 4}


@dataclass(frozen=True)
class Found:
    """A mention before provenance is attached."""

    kind: str
    start: int
    end: int
    text: str
    value: str
    inferred: bool = False
    info: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def doc_text(doc: Doc) -> str:
    """`doc.text` joins every token on each access (it was 40 % of extraction time):
    components read the text once, from `user_data`."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def add_candidate(doc: Doc, start: int, end: int, kind: str, value: str, **info: Any) -> None:
    """Record a candidate mention. Its data lives in `doc.user_data`, not in span
    extensions: those are keyed by character offsets, and an organisation ("IECM")
    expanded to its token would overwrite the acuerdo ("IECM-ACU-CG-332-18") sharing it."""
    span = doc.char_span(start, end, label=kind, alignment_mode="expand")
    if span is None:
        return
    doc.user_data.setdefault("candidates", []).append(
        {"kind": kind, "start": start, "end": end, "value": value, "span": span, **info}
    )


@Language.component("abbreviation_guard", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def abbreviation_guard(doc: Doc) -> Doc:
    """The sentencizer splits after "No." in "Sesión Extraordinaria No. 39" and after
    "N°." in "acuerdo N°. IEEM/CG/29/2020"; undo splits after known abbreviations
    (vocab/session_words.tsv) and before a digit or a lower-case word, and split at
    line breaks (paragraphs). Only sentence starts and white-space tokens are visited:
    touching every token cost a tenth of the whole extraction."""
    abbreviations = {w.lower() for w in words("abbreviation")}
    text = doc_text(doc)
    flags = doc.to_array([SENT_START, IS_SPACE])
    starts = flags[:, 0].astype(numpy.int64)  # to_array gives uint64: -1 (not a start) wraps
    for i in numpy.flatnonzero(flags[:, 0] == 1).tolist():
        token = doc[i]
        before = re.search(r"(\S+)\s*$", text[max(0, token.idx - 40) : token.idx])
        word = before.group(1).lower() if before else ""
        if i and (word in abbreviations or token.text[:1].isdigit() or token.text[:1].islower()):
            starts[i] = -1
    for i in numpy.flatnonzero(flags[:, 1] == 1).tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text:
            starts[i + 1] = 1
    # One array write: setting `token.is_sent_start` scans the whole doc each time.
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


@Language.component("acuerdo_finder", assigns=["doc.spans"])
def acuerdo_finder(doc: Doc) -> Doc:
    for match in find_acuerdos(doc_text(doc)):
        add_candidate(
            doc,
            match.start,
            match.end,
            "acuerdo",
            match.value,
            issuer=match.issuer,
            organ=match.organ,
            number=match.number,
            year=match.year,
        )
    return doc


@Language.component("date_finder", assigns=["doc.spans"])
def date_finder(doc: Doc) -> Doc:
    year = doc.user_data.get("context_year")
    dates = find_dates(doc_text(doc), year)
    for match in dates:
        add_candidate(
            doc,
            match.start,
            match.end,
            "date",
            match.value.isoformat(),
            inferred=match.inferred,
            weekday=match.weekday,
        )
    for start, end in find_anaphora(doc_text(doc), "date_anaphora"):
        # "en esa misma fecha se envió…": dates the claim, but is not itself a date mention
        previous = [d for d in dates if d.end <= start]
        if previous:
            add_candidate(
                doc, start, end, "date", previous[-1].value.isoformat(), inferred=True, anaphora=True
            )
    for time in find_times(doc_text(doc)):
        add_candidate(doc, time.start, time.end, "time", time.value.strftime("%H:%M"))
    return doc


@Language.component("session_finder", assigns=["doc.spans"])
def session_finder(doc: Doc) -> Doc:
    for match in find_sessions(doc_text(doc)):
        add_candidate(
            doc, match.start, match.end, "session", "", body=match.body, type=match.type, number=match.number
        )
    for start, end in find_anaphora(doc_text(doc)):
        add_candidate(doc, start, end, "session", "", anaphora=True)
    return doc


@Language.component("organization_finder", assigns=["doc.spans"])
def organization_finder(doc: Doc) -> Doc:
    for match in find_organisations(doc_text(doc)):
        add_candidate(doc, match.start, match.end, "organization", match.value)
    return doc


@Language.component("resolve_mentions", requires=["doc.spans"], assigns=["doc.spans"])
def resolve_mentions(doc: Doc) -> Doc:
    """One mention per stretch of text: an ID beats the date inside it
    (036/SO/31-08-2020), a session beats a body, a date beats a time."""
    candidates = sorted(
        doc.user_data.get("candidates", []),
        key=lambda c: (PRIORITY[c["kind"]], c["start"] - c["end"]),
    )
    kept = keep_disjoint(candidates)
    doc.user_data["mentions"] = kept
    doc.spans["mentions"] = [c["span"] for c in kept]
    return doc


def keep_disjoint(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each candidate that overlaps none kept before it, in text order."""
    kept: list[dict[str, Any]] = []  # disjoint, in text order
    starts: list[int] = []
    for candidate in candidates:
        # Of the kept spans starting before this one ends, only the last can reach into it.
        at = bisect_left(starts, candidate["end"])
        if at and kept[at - 1]["end"] > candidate["start"]:
            continue
        kept.insert(at, candidate)
        starts.insert(at, candidate["start"])
    return kept


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


def annotate(text: str, context_year: int | None) -> Doc:
    """Run the pipeline; `context_year` gives dates without a year their year."""
    pipeline = nlp()
    doc = pipeline.make_doc(text)
    doc.user_data["context_year"] = context_year
    doc.user_data["text"] = text
    for _, component in pipeline.pipeline:
        doc = component(doc)
    return doc


def extract(text: str, context_year: int | None) -> tuple[list[Found], list[tuple[int, int]]]:
    """Mentions (session values still unresolved) and sentence spans of `text`."""
    doc = annotate(text, context_year)
    found = [
        Found(
            c["kind"],
            c["start"],
            c["end"],
            text[c["start"] : c["end"]],
            c["value"],
            bool(c.get("inferred")),
            {k: v for k, v in c.items() if k != "span"},
        )
        for c in doc.user_data["mentions"]
    ]
    sentences = [(s.start_char, s.end_char) for s in doc.sents if text[s.start_char : s.end_char].strip()]
    return found, sentences


def sentence_text(text: str, span: tuple[int, int]) -> str:
    return re.sub(r"\s+", " ", text[span[0] : span[1]]).strip()
