"""Our Spanish date grammar beside dateparser's `search_dates` on the gold dates.

    .venv/bin/python bench/dates.py [corpus/gold]

Both read the same clean text (after layout), paragraph by paragraph; each is scored
against the gold date mentions as a multiset of ISO values per document, as
`informes evaluate` does. dateparser is a dev-only dependency.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import Score  # noqa: E402
from pipeline.process import process  # noqa: E402


def dateparser_dates(text: str, base: dt.date | None) -> list[str]:
    from dateparser.search import search_dates

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month"]}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    found: list[str] = []
    for paragraph in text.split("\n\n"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(paragraph, languages=["es"], settings=settings) or []
        found += [value.date().isoformat() for _, value in hits]
    return found


def score(found: Counter[str], expected: Counter[str], total: Score) -> None:
    for key in set(found) | set(expected):
        hit = min(found[key], expected[key])
        total.tp += hit
        total.fp += found[key] - hit
        total.fn += expected[key] - hit


def main(gold_dir: Path) -> None:
    ours, theirs = Score(), Score()
    ours_time = theirs_time = 0.0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        expected = Counter(m["value"] for m in gold["mentions"] if m["kind"] == "date")
        start = time.perf_counter()
        extraction = process(gold_dir.parent / "docs" / gold["document"])
        ours_time += time.perf_counter() - start
        score(Counter(m.value for m in extraction.mentions if m.kind == "date"), expected, ours)
        start = time.perf_counter()
        found = dateparser_dates(extraction.document.text, extraction.document.issued_on)
        theirs_time += time.perf_counter() - start
        score(Counter(found), expected, theirs)
    print(
        f"{'extractor':<28}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'seconds':>9}"
    )
    for name, result, seconds in (
        ("informes (whole pipeline)", ours, ours_time),
        ("dateparser.search_dates", theirs, theirs_time),
    ):
        print(
            f"{name:<28}{result.precision:>10.3f}{result.recall:>8.3f}{result.f1:>7.3f}"
            f"{result.tp:>6}{result.fp:>6}{result.fn:>6}{seconds:>9.2f}"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "gold")
