"""Where `process()` spends its time: pyinstrument's call tree over generated informes.

    python bench/hotspots.py [--n 30] [--interval 0.0005]

Profile before optimising: the tree names the stage and the line (the ingest benchmark
only says how fast the whole is).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "corpus" / "tools")]
import make_pdf  # noqa: E402

from pipeline.process import process, warm_up  # noqa: E402

SOURCE = ROOT / "corpus" / "pdf-src" / "A-impepac-informe-2021-05.txt"


def main() -> None:
    from pyinstrument import Profiler

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="generated PDFs (11 pages each)")
    parser.add_argument("--interval", type=float, default=0.0005, help="sampling interval, seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="informes-profile-") as tmp:
        paths = make_pdf.render_many(SOURCE.read_text(encoding="utf-8"), Path(tmp), args.n, repeat=3)
        warm_up()
        profiler = Profiler(interval=args.interval)
        started = time.perf_counter()
        with profiler:
            pages = sum(process(path).document.pages for path in paths)
        seconds = time.perf_counter() - started
    print(f"{pages} pages in {seconds:.2f} s under the profiler ({pages / seconds:.0f} pages/s)")
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
