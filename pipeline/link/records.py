"""Drafts and mentions become contract records, with page, section and ids."""

from __future__ import annotations

from models import AcuerdoParts, Claim, CleanText, Mention, Section
from pipeline.extract import Found, sentence_text
from pipeline.link.types import Draft
from pipeline.sections import section_at


def to_mention(doc_id: str, n: int, found: Found, text: CleanText, sections: list[Section]) -> Mention:
    return Mention(
        mention_id=f"{doc_id[:12]}:m{n}",
        doc_id=doc_id,
        section_no=section_at(sections, found.start),
        page=text.page_at(found.start),
        char_start=found.start,
        char_end=found.end,
        kind=found.kind,
        text=found.text,
        value=found.value,
        inferred=found.inferred,
        weekday=found.weekday,
    )


def to_claim(doc_id: str, n: int, draft: Draft, text: CleanText, sections: list[Section]) -> Claim:
    start, end = draft.sentence
    return Claim(
        claim_id=f"{doc_id[:12]}:c{n}",
        doc_id=doc_id,
        section_no=section_at(sections, start) if end else None,
        page=text.page_at(start),
        subject_kind=draft.subject_kind,
        subject_id=draft.subject_id,
        predicate=draft.predicate,
        object=draft.object,
        sentence=draft.quote or (sentence_text(text.text, draft.sentence) if end else ""),
        char_start=start,
        char_end=end,
        basis=draft.basis,
    )


def acuerdo_parts(doc_id: str, found: list[Found]) -> tuple[AcuerdoParts, ...]:
    """The parts of each distinct acuerdo ID the document names (the last reading wins)."""
    parts = {
        m.value: AcuerdoParts(
            doc_id=doc_id,
            acuerdo_id=m.value,
            issuer=m.acuerdo.issuer,
            organ=m.acuerdo.organ,
            number=m.acuerdo.number,
            year=m.acuerdo.year,
        )
        for m in found
        if m.acuerdo is not None
    }
    return tuple(parts.values())
