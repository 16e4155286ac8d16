"""Summary benchmark: `summary --all` over a load-test database, md and html.

    python bench/summary.py [--copies 8] [--db PATH] [--runs 2]

Builds (unless `--db` names an existing database) a corpus of `corpus/docs` plus
`--copies` copies of every file with changed bytes (34 × 9 = 306 documents by default,
the load test of issue 12), ingests it and runs the checks, then writes every summary
in both formats. Prints documents per second, the number of SQL statements the
summaries ran (counted through a proxy connection) and files written against files
claimed, and the statements for one document against all of them (the target: the same
number, so the queries do not grow with the documents). Ratios and counts are the point,
not absolute times (docs/performance.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from pipeline.batch import ingest  # noqa: E402
from pipeline.check import run_checks  # noqa: E402
from pipeline.db import store  # noqa: E402
from pipeline.summarise import write_summaries  # noqa: E402

DOCS = ROOT / "corpus" / "docs"
BASELINE_SECONDS = 23.0  # issue 12: `summary --all` on 306 documents, md, before this bench


class Counting:
    """A DuckDB connection that counts the statements run through it."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.statements = 0

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return self.con.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


def make_corpus(folder: Path, copies: int) -> None:
    """`corpus/docs` and `copies` copies of each file, each copy with different bytes
    (a trailing line for text, bytes after %%EOF for a PDF: both still read the same)."""
    for source in sorted(DOCS.iterdir()):
        shutil.copy(source, folder / source.name)
        for n in range(1, copies + 1):
            tail = f"\n% copia {n}\n" if source.suffix == ".pdf" else f"\n\nCopia {n}.\n"
            target = folder / f"{source.stem}-copia-{n}{source.suffix}"
            target.write_bytes(source.read_bytes() + tail.encode())


def build(db: Path, copies: int) -> None:
    with tempfile.TemporaryDirectory(prefix="informes-summary-") as tmp:
        make_corpus(Path(tmp), copies)
        report = ingest([tmp], db=db)
    con = store.connect(db)
    store.replace_findings(con, run_checks(con))
    con.close()
    print(f"ingested {report.documents} documents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of corpus/docs besides itself")
    parser.add_argument("--db", type=Path, help="an existing database to summarise instead")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs per format")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="informes-bench-") as tmp:
        db = args.db or Path(tmp) / "load.duckdb"
        if not db.exists():
            build(db, args.copies)
        con = store.connect(db, read_only=True)
        doc_ids = [
            r[0]
            for r in con.execute("select doc_id from documents where status = 'ok' order by path").fetchall()
        ]
        print(f"{len(doc_ids)} documents")
        for fmt in ("md", "html"):
            best, statements, claimed, files = float("inf"), 0, 0, 0
            for run in range(args.runs):
                out = Path(tmp) / f"out-{fmt}-{run}"
                counting = Counting(con)
                started = time.perf_counter()
                written = write_summaries(counting, doc_ids, fmt, out)  # type: ignore[arg-type]
                best = min(best, time.perf_counter() - started)
                statements, claimed = counting.statements, len(written)
                files = sum(1 for p in out.rglob("*") if p.is_file())
            print(
                f"  {fmt:<4} {best:6.2f} s  {len(doc_ids) / best:7.1f} documents/s  "
                f"{statements:6d} SQL statements ({statements / len(doc_ids):.2f} per document)  "
                f"{files} files written, {claimed} claimed"
            )
            if fmt == "md":
                print(
                    f"       speed-up against the issue's {BASELINE_SECONDS:.0f} s: {BASELINE_SECONDS / best:.1f}×"
                )
        one = Counting(con)
        write_summaries(one, doc_ids[:1], "md", Path(tmp) / "out-one")  # type: ignore[arg-type]
        ratio = statements / one.statements
        verdict = "ok" if ratio <= 1 else "MISSED"
        print(
            f"  SQL statements, {len(doc_ids)} documents / 1 document: {ratio:.2f}   target 1.00   {verdict}"
        )
        con.close()


if __name__ == "__main__":
    main()
