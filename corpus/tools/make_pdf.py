"""Render `corpus/pdf-src/*.txt` into report-like PDFs in `corpus/docs/<stem>.pdf`.

Input: the markup of `corpus/README.md`, section "`pdf-src/` markup" (`%header`,
`%footer` with `{page}`/`{pages}`, `%cover`…`%endcover`, `%toc`, `#`/`##` headings,
paragraphs with `**bold**`, `|` tables whose first row is the header, `%pagebreak`).
The look (an electoral institute's informe) lives in `pdf_layout.py`, next to this file.

Why it is built this way:
- Only the built-in PDF fonts (Helvetica, WinAnsi encoding) are used: regenerating needs
  nothing installed, and every character is plain extractable text (no ligatures, no
  subsets). WinAnsi covers Spanish (á é í ó ú ü ñ ¿ ¡) and ° º ª – — “ ” €; any other
  character is refused with an error instead of being drawn as garbage.
- Bytes are deterministic (reportlab invariant mode: fixed dates and /ID), because the
  pipeline identifies a document by the sha256 of its bytes.
- `{pages}` and TOC page numbers depend on the final layout, so `multiBuild` repeats
  passes until both are what the previous pass printed.
- Paragraphs are ordinary flowables, so they split across pages mid-sentence.

Library: `render(text, path) -> pages`, `render_bytes(text)`, `render_many(text, dir, n)`
(import with `corpus/tools` on sys.path, or load this file by path).
CLI: `python corpus/tools/make_pdf.py [SRC ...]` (default: every corpus/pdf-src/*.txt).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# pdf_layout is a sibling file; make it importable however this module is loaded.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_layout as look  # noqa: E402  (also switches reportlab to invariant mode)
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent


@dataclass
class Source:
    """A parsed pdf-src file. Blocks: ("p", text), ("h", level, text), ("table", rows),
    ("toc",), ("pagebreak",); text keeps its `**bold**` markup until styling."""

    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    cover: list[str] | None = None
    blocks: list[tuple] = field(default_factory=list)


def parse(text: str) -> Source:
    """Parse the README markup. Unknown `%` directives are errors, not silent text."""
    src, in_cover = Source(), False
    para: list[str] = []  # lines of the paragraph being read
    table: list[list[str]] = []  # rows of the table being read
    cover: list[str] = []

    def flush() -> None:
        if para:
            src.blocks.append(("p", " ".join(para)))
        if table:
            src.blocks.append(("table", list(table)))
        para.clear()
        table.clear()

    for n, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.replace("\t", " ").rstrip()
        bad = sorted({ch for ch in line if not _winansi(ch)})
        if bad:
            raise ValueError(f"line {n}: no glyph in the standard fonts for {bad}")
        if in_cover:
            in_cover = line.strip() != "%endcover"
            if in_cover:
                cover.append(line.strip())
        elif line.startswith("%"):
            name, _, arg = line[1:].partition(" ")
            if name in ("header", "footer"):
                (src.headers if name == "header" else src.footers).append(arg.strip())
                continue
            flush()
            if name == "cover":
                in_cover, src.cover = True, cover
            elif name in ("toc", "pagebreak"):
                src.blocks.append((name,))
            else:
                raise ValueError(f"line {n}: unknown directive %{name}")
        elif line.startswith(("# ", "## ")):
            flush()
            src.blocks.append(("h", 1 if line.startswith("# ") else 2, line.lstrip("#").strip()))
        elif line.lstrip().startswith("|"):
            if para:
                flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            # A Markdown separator row (|---|:--|) is tolerated and dropped.
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                table.append(cells)
        elif not line.strip():
            flush()
        else:
            if table:
                flush()
            para.append(line.strip())
    if in_cover:
        raise ValueError("%cover without %endcover")
    flush()
    return src


def _winansi(ch: str) -> bool:
    """True if the standard fonts (WinAnsiEncoding, i.e. cp1252) have the character."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _story(src: Source, total: look.Indexer, width: float) -> list[Flowable]:
    """Markup blocks to flowables; the page-total tracker rides along as the first one."""
    story: list[Flowable] = [total]
    if src.cover is not None:
        story += look.cover(src.cover) + [NextPageTemplate("body"), PageBreak()]
    for n, block in enumerate(src.blocks):
        if block[0] == "p":
            flow = Paragraph(look.markup(block[1]), look.BODY)
            # An all-bold paragraph works as a title line: keep it with what follows.
            flow.keepWithNext = int(bool(re.fullmatch(r"\*\*[^*]+\*\*", block[1])))
            story.append(flow)
        elif block[0] == "h":
            flow = Paragraph(look.markup(block[2]), look.H1 if block[1] == 1 else look.H2)
            flow.toc_level, flow.toc_key = block[1] - 1, f"h{n}"
            flow.toc_text = block[2].replace("**", "")
            story.append(flow)
        elif block[0] == "table":
            story += [look.table(block[1], width), Spacer(1, 12)]
        elif block[0] == "toc":
            story += [look.Toc(), Spacer(1, 8)]
        elif block[0] == "pagebreak":
            story.append(PageBreak())
    return story


def render_bytes(source_text: str, *, keywords: str = "", repeat: int = 1) -> tuple[bytes, int]:
    """Render markup to PDF bytes; returns (bytes, page count). No files, no globals.

    `repeat` > 1 repeats the body blocks (long documents for benchmarks); `keywords`
    goes into the PDF metadata, so copies can differ in bytes but not in text.
    """
    src = parse(source_text)
    src.blocks = src.blocks * max(repeat, 1)
    # /Title: the cover's first group of lines (its title block).
    title = "\n".join(src.cover or []).strip().split("\n\n")[0].replace("**", "")
    buf, total = io.BytesIO(), look.Indexer(0)
    doc = look.ReportDoc(
        buf,
        src.headers,
        src.footers,
        src.cover is not None,
        total,
        title=" ".join(title.split()),
        author=" ".join(src.headers[:1]),
        keywords=keywords,
        creator="informes corpus/tools/make_pdf.py",
    )
    doc.multiBuild(_story(src, total, doc.width))
    return buf.getvalue(), doc.page


def render(source_text: str, out_path: Path, *, keywords: str = "", repeat: int = 1) -> int:
    """Render markup to `out_path` (parent folders created); returns the page count."""
    data, pages = render_bytes(source_text, keywords=keywords, repeat=repeat)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(data)
    return pages


def render_many(
    source_text: str, out_dir: Path, count: int, *, stem: str = "bench", repeat: int = 1
) -> list[Path]:
    """Write `count` PDFs `<stem>-0001.pdf`… with the same text but distinct sha256.

    Layout runs once; the copies differ only in their /Keywords metadata ("copy 0001"),
    a same-length byte substitution that leaves the xref offsets valid. So a benchmark
    gets N distinct documents for the cost of one render. `repeat` lengthens each one.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data, _ = render_bytes(source_text, keywords="copy 0000", repeat=repeat)
    if data.count(b"(copy 0000)") != 1:
        raise RuntimeError("copy marker not found once in the PDF metadata")
    paths = []
    for i in range(1, count + 1):
        path = out_dir / f"{stem}-{i:04d}.pdf"
        path.write_bytes(data.replace(b"(copy 0000)", f"(copy {i:04d})".encode()))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sources", nargs="*", type=Path, help="pdf-src .txt files (default: every corpus/pdf-src/*.txt)"
    )
    parser.add_argument("--out-dir", type=Path, default=CORPUS / "docs")
    args = parser.parse_args(argv)
    for src_path in args.sources or sorted((CORPUS / "pdf-src").glob("*.txt")):
        out = args.out_dir / f"{src_path.stem}.pdf"
        try:
            pages = render(src_path.read_text(encoding="utf-8"), out)
        except ValueError as err:  # markup errors: name the file, stop
            print(f"{src_path}: {err}", file=sys.stderr)
            return 1
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
        print(f"{src_path.name} -> {os.path.relpath(out)} ({pages} pages, sha256 {digest}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
