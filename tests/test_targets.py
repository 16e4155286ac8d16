"""Issue 11's targets: facts survive the PDF producers, real forms raise no false alarm.

The producer matrix (corpus/producers: the gold texts rendered by LibreOffice and
Chromium) and the real-form PDFs (corpus/real/producers) are committed, so these run
without LibreOffice or Chromium. `make producers` regenerates them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from models import Severity
from pipeline.check import run_checks
from pipeline.evaluate import Evaluation, Score, evaluate, evaluate_producers
from tests.corpus import CORPUS, corpus_files, extraction, memory_db

MATRIX = CORPUS / "producers"
SINGLE_COLUMN = ("chromium", "lo-justified", "lo-ragged")
TWO_COLUMNS = ("lo-columns",)
RELATIONS = ("approved_in", "approved_on", "held_on")
REAL = CORPUS / "real"
NONE = CORPUS / "contradictions" / "none"


@cache
def matrix() -> dict[str, Evaluation]:
    return evaluate_producers(CORPUS / "gold", MATRIX, extract=extraction)


def score(result: Evaluation, group: str, key: str) -> Score:
    return getattr(result, group).get(key, Score())


def test_matrix_has_every_producer():
    assert set(matrix()) == {"text", *SINGLE_COLUMN, *TWO_COLUMNS}
    assert len({result.documents for result in matrix().values()}) == 1  # the same documents


@pytest.mark.parametrize("producer", SINGLE_COLUMN)
@pytest.mark.parametrize("kind", ["acuerdo", "date", "session"])
def test_single_column_mentions_match_the_text(producer, kind):
    text, pdf = score(matrix()["text"], "mentions", kind), score(matrix()[producer], "mentions", kind)
    assert pdf.f1 >= text.f1 - 0.01


@pytest.mark.parametrize("producer", SINGLE_COLUMN)
@pytest.mark.parametrize("predicate", RELATIONS)
def test_single_column_relations_survive(producer, predicate):
    assert score(matrix()[producer], "claims", predicate).recall >= 0.93


@pytest.mark.parametrize("producer", SINGLE_COLUMN + TWO_COLUMNS)
def test_subjects_survive(producer):
    assert score(matrix()[producer], "claims", "subject").f1 >= 0.85


@pytest.mark.parametrize("producer", TWO_COLUMNS)
@pytest.mark.parametrize("predicate", RELATIONS)
def test_two_columns_relations_survive(producer, predicate):
    assert score(matrix()[producer], "claims", predicate).recall >= 0.85


def loud(paths: list[Path]) -> list[str]:
    """Findings above info on these documents, as 'check: message'."""
    findings = run_checks(memory_db(*paths))
    return [f"{f.check}: {f.message}" for f in findings if f.severity != Severity.info]


@pytest.mark.parametrize(
    "producer", sorted(p.name for p in MATRIX.iterdir() if p.is_dir() and p.name != "src")
)
def test_consistent_corpus_raises_nothing_in_any_producer(producer):
    assert loud(corpus_files(MATRIX / producer)) == []


@pytest.mark.parametrize("document", corpus_files(NONE), ids=lambda p: p.stem)
def test_each_false_alarm_document_raises_nothing(document):
    assert loud([document]) == []


@pytest.mark.parametrize(
    "folder", [REAL / "docs", *sorted((REAL / "producers").iterdir())], ids=lambda p: p.name
)
def test_real_forms_raise_no_false_alarm(folder):
    assert loud(corpus_files(folder)) == []


def test_real_form_pdfs_keep_the_texts_relations():
    results = evaluate_producers(REAL / "gold", REAL / "producers", extract=extraction)
    text = results["text"]
    for producer, result in results.items():
        for predicate in ("approved_in", "approved_on"):
            assert (
                score(result, "claims", predicate).recall >= score(text, "claims", predicate).recall - 0.06
            ), (
                producer,
                predicate,
            )


def test_real_gold_precision_first():
    """Documents in the forms institutes publish: what is claimed is nearly always right."""
    result = evaluate(REAL / "gold", extract=extraction)
    assert result.documents >= 15
    for predicate in ("approved_in", "approved_on", "held_on"):
        assert score(result, "claims", predicate).precision >= 0.85, predicate
