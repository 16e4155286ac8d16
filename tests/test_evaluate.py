"""The extractor against the hand-checked gold corpus: issue 3's targets, as a test."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import evaluate
from tests.corpus import CORPUS, extraction

GOLD = CORPUS / "gold"
TARGETS_F1 = {"acuerdo": 0.99, "date": 0.97, "session": 0.97}
TARGETS_RECALL = {"held_on": 0.95, "approved_in": 0.95, "approved_on": 0.95}


@pytest.fixture(scope="session")
def result():
    return evaluate(GOLD, extract=extraction)


def test_gold_corpus_is_large_and_varied():
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in GOLD.glob("*.json")]
    assert len(golds) >= 30
    assert len({g["issuer"] for g in golds}) >= 10
    assert {g["kind"] for g in golds} == {"informe", "acuerdo"}
    assert sum(g["document"].endswith(".pdf") for g in golds) >= 10


@pytest.mark.parametrize(("kind", "target"), TARGETS_F1.items())
def test_mention_f1_meets_target(result, kind, target):
    assert result.mentions[kind].f1 >= target


@pytest.mark.parametrize(("predicate", "target"), TARGETS_RECALL.items())
def test_claim_recall_meets_target(result, predicate, target):
    assert result.claims[predicate].recall >= target


def test_no_lookalike_is_taken_for_an_acuerdo(result):
    assert result.mentions["acuerdo"].fp == 0


def test_evaluate_command_prints_scores_and_misses(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    for name in ("A-ieeh-informe-2021-12.txt", "B-ietam-acuerdo-ietam-a-cg-41-2021.txt"):
        shutil.copy(CORPUS / "docs" / name, tmp_path / "docs")
        shutil.copy(GOLD / f"{name}.json", tmp_path / "gold")
    out = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold")])
    assert out.exit_code == 0
    assert "documents" in out.output and "approved_in" in out.output
    assert "Misses (" in out.output and "False hits (" in out.output


def test_evaluate_command_missing_folder(tmp_path):
    out = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nada")])
    assert out.exit_code == 1
    assert out.output.startswith("Error: no gold folder at")
