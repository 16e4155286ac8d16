"""One document through every stage, whatever its size."""

from __future__ import annotations

import pytest

from models import DocStatus, Predicate
from pipeline.process import process
from tests.corpus import DOCS, SEED

FILLER_LINE = ("x" * 199 + " ") * 5 + "\n\n"  # few tokens a character: the cheapest long text


@pytest.mark.slow
def test_process_reads_text_over_a_million_characters(tmp_path):
    """spaCy refuses texts over 1,000,000 characters (E088) unless told otherwise: a
    300-page acuerdo is that long. The facts on both sides of the bulk are kept."""
    after = (DOCS / "B-ieem-acuerdo-ieem-cg-61-2022.txt").read_text(encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text(SEED.read_text(encoding="utf-8") + FILLER_LINE * 1001 + after, encoding="utf-8")
    extraction = process(long)
    assert extraction.document.status == DocStatus.ok, extraction.document.error
    assert len(extraction.document.text) > 1_000_000
    approved = {c.subject_id for c in extraction.claims if c.predicate == Predicate.approved_in}
    assert {"IEPC/CG122/2021", "IEEM/CG/61/2022"} <= approved
