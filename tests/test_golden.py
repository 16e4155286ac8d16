"""Whole-document outputs of the seed informe against golden files.

Regenerate them only on purpose: `INFORMES_REGENERATE_GOLDEN=1 make test`, then read
the diff before committing. CI must never regenerate (a test checks the flag is off).
"""

import json
import os
from pathlib import Path

import pytest

from pipeline.db import store
from pipeline.summarise import write_summaries
from tests.corpus import SEED

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("INFORMES_REGENERATE_GOLDEN") == "1"


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; see the module docstring"


def test_golden_regeneration_is_off_in_ci():
    assert not (os.environ.get("CI") and REGENERATE)


def test_golden_seed_facts(seed):
    facts = [
        {"kind": m.kind.value, "text": m.text, "value": m.value, "page": m.page, "section_no": m.section_no}
        for m in seed.mentions
    ]
    claims = [
        {
            "subject_id": c.subject_id if c.subject_kind.value != "document" else "",
            "predicate": c.predicate,
            "object": c.object,
            "page": c.page,
            "section_no": c.section_no,
        }
        for c in seed.claims
    ]
    compare(
        "seed-facts.json",
        json.dumps({"mentions": facts, "claims": claims}, ensure_ascii=False, indent=1) + "\n",
    )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_seed_summary(seed, tmp_path, fmt):
    con = store.connect(tmp_path / "golden.duckdb")
    store.write(con, seed)
    (written,) = [
        p for p in write_summaries(con, [seed.document.doc_id], fmt, tmp_path) if p.stem == SEED.stem
    ]
    con.close()
    compare(f"seed-summary.{fmt}", written.read_text(encoding="utf-8"))
