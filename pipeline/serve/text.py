"""Clean text with marks, for documents that have no PDF to render (text dumps).

`documents.text` keeps no page starts, so a page's text is estimated from what the
database does place on pages: the offsets of mentions, claims and section headings.
A page starts at the first paragraph break after the last known offset of the pages
before it (or at its own first known offset when there is no break in between).
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.serve.views import Excerpt, Segment

Span = tuple[int, int, str | None]  # start, end, label


def segments(text: str, spans: Iterable[Span], offset: int = 0) -> tuple[Segment, ...]:
    """`text` (which starts at `offset` of the document) cut into plain and marked runs.
    Spans are document offsets; overlapping spans keep the first, spans outside are
    dropped."""
    found: list[Segment] = []
    at = 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start < at or end <= start:
            continue
        if start > at:
            found.append(Segment(text=text[at:start]))
        found.append(Segment(text=text[start:end], mark=True, label=label))
        at = end
    if at < len(text):
        found.append(Segment(text=text[at:]))
    return tuple(found)


def page_bounds(text: str, anchors: Iterable[tuple[int, int]], page: int, pages: int) -> tuple[int, int]:
    """Estimated [start, end) of `page` in the clean text, from (offset, page) anchors."""
    known = sorted(anchors)
    return page_start(text, known, page), page_start(text, known, page + 1) if page < pages else len(text)


def page_start(text: str, anchors: list[tuple[int, int]], page: int) -> int:
    if page <= 1:
        return 0
    before = max((o for o, p in anchors if p < page), default=0)
    first = min((o for o, p in anchors if p >= page and o >= before), default=len(text))
    brk = text.rfind("\n", before, first)
    return brk + 1 if brk >= 0 else first


def page_excerpt(text: str, bounds: tuple[int, int], spans: Iterable[Span]) -> Excerpt:
    start, end = bounds
    return Excerpt(segments=segments(text[start:end], spans, offset=start), approximate=True)


def sentence_excerpt(sentence: str, start: int, spans: Iterable[Span]) -> Excerpt:
    return Excerpt(segments=segments(sentence, spans, offset=start))


def find_spans(sentence: str, mentions: Iterable[dict[str, str]], labels: Iterable[str]) -> list[Span]:
    """Where each mention's text first occurs in `sentence` (case ignored), as spans."""
    folded = sentence.lower()
    spans: list[Span] = []
    for mention, label in zip(mentions, labels, strict=True):
        needle = " ".join(mention["text"].split()).lower()
        at = folded.find(needle) if needle else -1
        if at >= 0:
            spans.append((at, at + len(needle), label))
    return spans
