from __future__ import annotations

import pytest

from pipeline.check import RULES, run_checks
from pipeline.check.common import has_cue
from tests.corpus import CONTRADICTIONS, DOCS, corpus_files, memory_db

CHECKS = [rule.__name__ for rule in RULES]


@pytest.fixture(scope="module")
def corpus_findings():
    return run_checks(memory_db(*corpus_files(DOCS)))


@pytest.fixture(scope="module")
def all_findings():
    return run_checks(memory_db(*corpus_files(DOCS), *corpus_files(CONTRADICTIONS)))


def doc_id_of(name: str) -> str:
    from tests.corpus import extraction

    return extraction(CONTRADICTIONS / name).document.doc_id


def fired_in(findings, check: str) -> set[str]:
    return {e.doc_id for f in findings if f.check == check for e in f.evidence}


def test_contradictions_one_document_per_check():
    assert sorted(p.stem for p in corpus_files(CONTRADICTIONS)) == sorted(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_check_fires_on_its_document(all_findings, check):
    assert doc_id_of(f"{check}.txt") in fired_in(all_findings, check)


@pytest.mark.parametrize("check", CHECKS)
def test_check_silent_on_other_contradictions(all_findings, check):
    others = {doc_id_of(f"{name}.txt") for name in CHECKS if name != check}
    assert fired_in(all_findings, check) & others == set()


def test_check_contradictions_add_nothing_to_corpus(corpus_findings, all_findings):
    corpus_docs = {e.doc_id for f in corpus_findings for e in f.evidence}
    contradiction_docs = {doc_id_of(f"{name}.txt") for name in CHECKS}
    before = {(f.check, f.message) for f in corpus_findings}
    after = {
        (f.check, f.message)
        for f in all_findings
        if {e.doc_id for e in f.evidence} <= corpus_docs - contradiction_docs
    }
    assert after == before


def test_check_corpus_nothing_above_info(corpus_findings):
    assert [f for f in corpus_findings if f.severity != "info"] == []


def test_check_evidence_quotes_the_sentence(all_findings):
    conflict = next(
        f for f in all_findings if f.check == "session_date_conflict" and f.subject_id.startswith("ieeq|")
    )
    quotes = [e.quote for e in conflict.evidence]
    assert len(quotes) == 2
    assert any("12 de marzo de 2021" in q for q in quotes)
    assert "10 de marzo de 2021" in conflict.message and "12 de marzo de 2021" in conflict.message


def test_check_finding_ids_unique(all_findings):
    assert len({f.finding_id for f in all_findings}) == len(all_findings)


@pytest.mark.parametrize(
    ("sentence", "role", "expected"),
    [
        ("El día 29 de enero de 2021 se llevará a cabo la Sesión Ordinaria No. 3.", "future", True),
        ("El día 28 de enero de 2021 se llevó a cabo la Sesión Ordinaria No. 2.", "future", False),
        ("En la reanudación de dicha sesión se aprobó el Acuerdo.", "resumed", True),
        ("La sesión se reanudó el 2 de junio de 2021.", "resumed", True),
        ("La sesión se celebró el 2 de junio de 2021.", "resumed", False),
    ],
)
def test_has_cue_spanish_sentences(sentence, role, expected):
    assert has_cue(role, sentence) is expected
