"""Ingest benchmark: N generated multi-page informe PDFs through raw readers and the pipeline.

    python bench/ingest.py [--n 200] [--repeat 3] [--runs 2] [--no-rss]

Prints pages/s for raw pdfplumber `extract_text`, raw pypdfium2 text, the full pipeline at
1 worker and at all cores, the time of re-ingesting the unchanged corpus, and peak RSS of
an ingest of 50 vs 400 documents — each as a ratio against the targets of the ingest issue.
Ratios, not absolute times, are the point: these machines drift (docs/performance.md),
so every throughput is the best of `--runs` runs, taken in turns.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "corpus" / "tools")]
import make_pdf  # noqa: E402

from pipeline.batch import ingest  # noqa: E402

SOURCE = ROOT / "corpus" / "pdf-src" / "A-impepac-informe-2021-05.txt"
PLUMBER_SAMPLE = 8  # pdfplumber is ~10 pages/s: a sample gives its rate


def make_corpus(folder: Path, n: int, repeat: int) -> list[Path]:
    return make_pdf.render_many(SOURCE.read_text(encoding="utf-8"), folder, n, repeat=repeat)


def rate_pdfplumber(paths: list[Path]) -> float:
    import pdfplumber

    pages, started = 0, time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages / (time.perf_counter() - started)


def rate_pdfium(paths: list[Path]) -> float:
    import pypdfium2 as pdfium

    pages, started = 0, time.perf_counter()
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
            pages += 1
        pdf.close()
    return pages / (time.perf_counter() - started)


def run_ingest(paths: list[Path], db: Path, workers: int, fresh: bool = True) -> tuple[float, float]:
    """(pages/s, seconds) of one ingest into `db`, a new database unless not `fresh`."""
    if fresh:
        db.unlink(missing_ok=True)
    started = time.perf_counter()
    report = ingest(paths, db=db, workers=workers)
    seconds = time.perf_counter() - started
    return report.pages / seconds, seconds


def peak_rss_mb(folder: Path, n: int, repeat: int) -> float:
    """Peak RSS (MB) of a fresh process ingesting n documents at 1 worker."""
    paths = make_corpus(folder / f"rss{n}", n, repeat)
    code = (
        "import sys, resource; from pipeline.batch import ingest;"
        "ingest(sys.argv[2:], db=sys.argv[1], workers=1);"
        "r = resource.getrusage; print(max(r(resource.RUSAGE_SELF).ru_maxrss,"
        " r(resource.RUSAGE_CHILDREN).ru_maxrss))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(folder / f"rss{n}.duckdb"), *map(str, paths)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return int(out.split()[-1]) / 1024


def verdict(name: str, value: float, target: str, ok: bool) -> None:
    print(f"  {name:<44} {value:8.2f}   target {target:<8} {'ok' if ok else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="body repeats per PDF (pages)")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs per figure")
    parser.add_argument("--no-rss", action="store_true", help="skip the 50-vs-400 RSS runs")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="informes-bench-") as tmp:
        folder = Path(tmp)
        paths = make_corpus(folder / "docs", args.n, args.repeat)
        plumber = pdfium = one = many = 0.0
        first = 0.0
        for _ in range(args.runs):  # in turns, so a slow spell of the machine hits every figure
            plumber = max(plumber, rate_pdfplumber(paths[:PLUMBER_SAMPLE]))
            pdfium = max(pdfium, rate_pdfium(paths))
            rate, seconds = run_ingest(paths, folder / "one.duckdb", 1)
            if rate > one:
                one, first = rate, seconds
            many = max(many, run_ingest(paths, folder / "many.duckdb", cores)[0])
        _, again = run_ingest(paths, folder / "many.duckdb", cores, fresh=False)
        print(f"{args.n} PDFs, {args.repeat}× body each, {cores} cores, best of {args.runs} runs")
        print(f"  raw pdfplumber extract_text  {plumber:8.1f} pages/s (first {PLUMBER_SAMPLE} PDFs)")
        print(f"  raw pypdfium2 text           {pdfium:8.1f} pages/s")
        print(f"  pipeline, 1 worker           {one:8.1f} pages/s ({first:.1f} s)")
        print(f"  pipeline, {cores} workers          {many:8.1f} pages/s")
        print(f"  re-ingest unchanged          {again:8.2f} s")
        verdict("pipeline 1 worker / pdfplumber", one / plumber, ">= 5", one / plumber >= 5)
        verdict("pipeline 1 worker / pypdfium2", one / pdfium, ">= 0.4", one / pdfium >= 0.4)
        if cores >= 2:
            verdict(f"pipeline {cores} workers / 1 worker", many / one, ">= 1.6", many / one >= 1.6)
        verdict("re-ingest / first ingest", again / first, "<= 0.03", again / first <= 0.03)
        if not args.no_rss:
            small, large = peak_rss_mb(folder, 50, 1), peak_rss_mb(folder, 400, 1)
            print(f"  peak RSS, 50 docs {small:.0f} MB, 400 docs {large:.0f} MB")
            verdict("peak RSS 400 / 50 docs", large / small, "<= 1.2", large / small <= 1.2)
    print(f"  parent peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
