"""Score the pipeline on each producer of the matrix against the gold of the `.txt` originals.

For every producer folder of `corpus/producers/` (see `producers.py`), each
`<stem>.pdf` goes through `pipeline.process.process` and is scored with
`pipeline.evaluate.score_document` against `corpus/gold/<stem>.txt.json`; the `.txt`
originals of `corpus/docs` give the baseline row. One row per producer:
acuerdo/date/session mention F1, approved_in/approved_on/held_on claim recall,
subject claim F1.

CLI: `python corpus/tools/score_producers.py [--producer NAME ...] [--misses NAME]
[--matrix DIR] [--gold DIR] [--format md|text]`
(`--misses NAME` also lists what that row missed and found wrongly.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.evaluate import Evaluation, Score, score_document  # noqa: E402
from pipeline.process import process  # noqa: E402

CORPUS = ROOT / "corpus"
BASELINE = "txt (baseline)"
COLUMNS: list[tuple[str, str, str]] = [  # (header, table, key)
    ("acuerdo F1", "mentions", "acuerdo"),
    ("date F1", "mentions", "date"),
    ("session F1", "mentions", "session"),
    ("approved_in R", "claims", "approved_in"),
    ("approved_on R", "claims", "approved_on"),
    ("held_on R", "claims", "held_on"),
    ("subject F1", "claims", "subject"),
]


def score_folder(folder: Path, suffix: str, gold_dir: Path) -> Evaluation:
    """Every `<stem><suffix>` of `folder` that has a gold `<stem>.txt.json`."""
    result = Evaluation()
    for path in sorted(folder.glob(f"*{suffix}")):
        stem = path.name[: -len(suffix)]
        gold_path = gold_dir / f"{stem}.txt.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        score_document(result, path.name, gold, process(path))
    return result


def cell(result: Evaluation, table: str, key: str, header: str) -> str:
    score = getattr(result, table).get(key, Score())
    value = score.recall if header.endswith(" R") else score.f1
    return f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--matrix", type=Path, default=CORPUS / "producers", help="one folder of PDFs per producer"
    )
    parser.add_argument(
        "--docs", type=Path, default=CORPUS / "docs", help="the .txt originals (baseline row)"
    )
    parser.add_argument("--gold", type=Path, default=CORPUS / "gold")
    parser.add_argument("--producer", action="append", help="only these producer folders (repeatable)")
    parser.add_argument(
        "--misses",
        metavar="NAME",
        help=f"list misses and false hits of this row ({BASELINE!r} or a producer)",
    )
    parser.add_argument("--format", choices=["md", "text"], default="md")
    args = parser.parse_args(argv)

    folders = args.producer or sorted(
        p.name for p in args.matrix.iterdir() if p.is_dir() and any(p.glob("*.pdf"))
    )
    rows: list[tuple[str, Evaluation]] = [(BASELINE, score_folder(args.docs, ".txt", args.gold))]
    rows += [(name, score_folder(args.matrix / name, ".pdf", args.gold)) for name in folders]

    headers = ["producer", "docs", *(h for h, _, _ in COLUMNS)]
    table = [[name, str(r.documents), *(cell(r, t, k, h) for h, t, k in COLUMNS)] for name, r in rows]
    if args.format == "md":
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
        for line in table:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(x) for x in col) for col in zip(headers, *table, strict=True)]
        for line in [headers, *table]:
            print(
                "  ".join(
                    x.ljust(w) if i == 0 else x.rjust(w)
                    for i, (x, w) in enumerate(zip(line, widths, strict=True))
                )
            )

    if args.misses:
        result = dict(rows).get(args.misses)
        if result is None:
            raise SystemExit(f"no row named {args.misses!r}")
        print(f"\nmisses of {args.misses}:")
        for document, what, context in result.misses:
            print(f"  {document}: {what}  [{' '.join(context.split())[:120]}]")
        print(f"\nfalse hits of {args.misses}:")
        for document, what, context in result.false_hits:
            print(f"  {document}: {what}  [{context[:160]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
