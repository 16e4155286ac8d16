"""Render logical texts through ordinary PDF producers: the producer matrix.

The same logical text (paragraphs separated by a blank line; headings and TOC lines
ended by one newline) goes through four producers, each with a running header line and
a "Página N de M" footer on every page:

- `lo-justified`: LibreOffice, Letter, justified, Spanish (es-MX) automatic hyphenation.
- `lo-ragged`: LibreOffice, A4, left-aligned (ragged right), no hyphenation.
- `lo-columns`: LibreOffice, Letter, two columns, justified with hyphenation.
- `chromium`: headless Chromium print-to-PDF (Playwright), Letter, `text-align: justify`,
  `hyphens: auto`, `lang="es"`; header and footer through Chromium's templates.

LibreOffice input is Flat ODT (one XML file: paragraph styles, hyphenation, language,
page columns, header/footer with page-number fields), converted with
`soffice --headless --convert-to pdf` under a private profile.

Inputs:
- default: the committed logical texts of `corpus/producers/src/*.txt`, with the
  running header of each in `src/headers.tsv` (stem, TAB, header);
- `--extract`: first rebuild `src/` from the `.txt` documents of `corpus/docs` through
  the project's layout stage (`clean(read(path)).text`), a one-time conversion;
- `--src DIR --out DIR`: any folder of logical `.txt` files (a `headers.tsv` there is
  used if present; otherwise a document's header is its first line, shortened).

`--check` prints, for each PDF, its pages and what pypdfium2's text holds: U+FFFE
characters (pdfium's mark for a hyphen it judged a line-end hyphenation), and
line-final "-" characters.

Needs (Debian): libreoffice-writer-nogui hyphen-es chromium fonts-dejavu poppler-utils,
and the `playwright` Python package (its browser download is never used: the system
Chromium is driven through `executable_path`). `make producer-deps` installs them.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
DOCS = CORPUS / "docs"
MATRIX = CORPUS / "producers"
SRC = MATRIX / "src"
HEADERS = "headers.tsv"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A TOC line with a dotted leader: "2. Antecedentes ........ 3" (as pipeline/layout.py).
LEADER_LINE = re.compile(r"^(?P<title>.*?\S)\s*(?:\.\s?){4,}\s*(?P<page>\d{1,3})$")
HEADING_MAX_CHARS = 120  # a single-line paragraph this short, without final full stop, is a heading
HEADER_MAX_CHARS = 80  # running headers longer than this are cut at a word

# What the layout stage leaves behind in three dumps without form feeds (a page-number
# line, the next page's running header, a word cut across the break) and one "rela- tivas":
# removed after `clean()` so every producer gets the same clean logical text. Each
# pattern must match exactly `count` times, or --extract stops (the dumps changed).
RESIDUE: dict[str, list[tuple[str, str, int]]] = {
    "A-ieepco-informe-2021-06": [
        (
            r"\n\nInstituto Estatal Electoral y de Participación Ciudadana de Oaxaca\n\n"
            r"Unidad Técnica de Informática\n\nInforme de avance PREP 2021(?=\n\n)",
            "",
            2,
        ),
        (r"proce-\n\nPágina 2 de 3\n\ndimiento", "procedimiento", 1),
    ],
    "A-iepc-durango-informe-2021-11": [
        (
            r"\n\nUnidad Técnica de Cómputo\n\nProceso Electoral Local Ordinario 2021-2022\n\n"
            r"Informe de avances(?=\n\n)",
            "",
            2,
        ),
        (r" de\n\nPágina 2 de 3\n\ndiciembre ", " de diciembre ", 1),
    ],
    "A-iepc-guerrero-informe-2020-10": [
        (
            r"\n\n(?:Página 2 de 3\n\n)?IEPC GUERRERO\n\nDirección General de Informática y Sistemas(?=\n\n)",
            "",
            2,
        ),
    ],
    "A-ieqroo-informe-2021-05": [(r"\brela- tivas\b", "relativas", 1)],
}


@dataclass(frozen=True)
class Block:
    """One paragraph of output: `body` flows, `heading` stands alone in bold, `toc` is a
    table-of-contents entry (title, dotted leader, page)."""

    kind: str
    text: str
    page: str = ""


@dataclass(frozen=True)
class Producer:
    name: str
    engine: str  # "lo" or "chromium"
    paper: str  # "letter" or "a4"
    justify: bool
    hyphenate: bool
    columns: int = 1


PRODUCERS = {
    p.name: p
    for p in (
        Producer("lo-justified", "lo", "letter", justify=True, hyphenate=True),
        Producer("lo-ragged", "lo", "a4", justify=False, hyphenate=False),
        Producer("lo-columns", "lo", "letter", justify=True, hyphenate=True, columns=2),
        Producer("chromium", "chromium", "letter", justify=True, hyphenate=True),
    )
}

PAPER_CM = {"letter": (21.59, 27.94), "a4": (21.0, 29.7)}
MARGIN_CM = 2.5
COLUMN_GAP_CM = 0.8


# --- logical texts -------------------------------------------------------------------


def extract_sources(docs: Path, src: Path, only: str | None = None) -> list[Path]:
    """Logical text of each `.txt` of `docs` through the pipeline's read and layout
    stages, saved to `src/<stem>.txt`; the document's first line goes to headers.tsv."""
    sys.path.insert(0, str(ROOT))
    from pipeline.layout import clean
    from pipeline.read import read

    src.mkdir(parents=True, exist_ok=True)
    headers = read_headers(src)
    written = []
    for path in sorted(docs.glob("*.txt")):
        if only and path.stem != only:
            continue
        raw = read(path)
        text = repair(path.stem, clean(raw).text).strip() + "\n"
        out = src / f"{path.stem}.txt"
        out.write_text(text, encoding="utf-8")
        first = next((line for line in raw.pages[0].text.split("\n") if line.strip()), "")
        headers[path.stem] = shorten(first)
        written.append(out)
    lines = [f"{stem}\t{header}\n" for stem, header in sorted(headers.items())]
    (src / HEADERS).write_text("".join(lines), encoding="utf-8")
    return written


def repair(stem: str, text: str) -> str:
    for pattern, replacement, count in RESIDUE.get(stem, []):
        text, found = re.subn(pattern, replacement, text)
        if found != count:
            raise SystemExit(f"{stem}: residue pattern {pattern!r} matched {found} times, expected {count}")
    return text


def read_headers(src: Path) -> dict[str, str]:
    path = src / HEADERS
    if not path.exists():
        return {}
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            stem, header = line.split("\t", 1)
            headers[stem] = header.strip()
    return headers


def shorten(line: str, limit: int = HEADER_MAX_CHARS) -> str:
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + " …"


def blocks(text: str) -> list[Block]:
    """Paragraphs of a logical text. A block of several lines holds headings or TOC
    lines, one per line; a single line is a TOC entry, a heading (short, no final full
    stop) or a body paragraph."""
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [" ".join(line.split()) for line in chunk.split("\n") if line.strip()]
        for line in lines:
            leader = LEADER_LINE.match(line)
            if leader:
                out.append(Block("toc", leader.group("title"), leader.group("page")))
            elif len(lines) > 1 or (len(line) <= HEADING_MAX_CHARS and not line.endswith(".")):
                out.append(Block("heading", line))
            else:
                out.append(Block("body", line))
    return out


# --- LibreOffice (Flat ODT) ----------------------------------------------------------


def xml(text: str) -> str:
    return html.escape(text, quote=True)


def fodt(doc: list[Block], header: str, producer: Producer) -> str:
    """A Flat ODT document: styles, one master page with header and footer, the text."""
    width, height = PAPER_CM[producer.paper]
    text_width = width - 2 * MARGIN_CM
    if producer.columns > 1:
        text_width = (text_width - COLUMN_GAP_CM * (producer.columns - 1)) / producer.columns
    align = "justify" if producer.justify else "start"
    hyphenate = "true" if producer.hyphenate else "false"
    columns = ""
    if producer.columns > 1:
        columns = f'<style:columns fo:column-count="{producer.columns}" fo:column-gap="{COLUMN_GAP_CM}cm"/>'
    language = 'fo:language="es" fo:country="MX" style:language-asian="none" style:language-complex="none"'
    body = []
    for block in doc:
        if block.kind == "toc":
            body.append(
                f'<text:p text:style-name="Toc">{xml(block.text)}<text:tab/>{xml(block.page)}</text:p>'
            )
        elif block.kind == "heading":
            body.append(f'<text:p text:style-name="Heading">{xml(block.text)}</text:p>')
        else:
            body.append(f'<text:p text:style-name="Body">{xml(block.text)}</text:p>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
  style:font-family-generic="roman" style:font-pitch="variable"/>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"
  style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt" {language}
   fo:hyphenate="false"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="{align}" style:justify-single-word="false"
   fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:line-height="115%"
   fo:orphans="2" fo:widows="2" fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties fo:hyphenate="{hyphenate}" fo:hyphenation-remain-char-count="2"
   fo:hyphenation-push-char-count="2"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"
   fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Toc" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.1cm">
   <style:tab-stops>
    <style:tab-stop style:position="{text_width - 0.05:.2f}cm" style:type="right"
     style:leader-style="dotted" style:leader-text="."/>
   </style:tab-stops>
  </style:paragraph-properties>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="8.5pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="8.5pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Page">
  <style:page-layout-properties fo:page-width="{width}cm" fo:page-height="{height}cm"
   style:print-orientation="portrait" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm"
   fo:margin-left="{MARGIN_CM}cm" fo:margin-right="{MARGIN_CM}cm">{columns}</style:page-layout-properties>
  <style:header-style>
   <style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.6cm"/>
  </style:header-style>
  <style:footer-style>
   <style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.6cm"/>
  </style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="Page">
  <style:header><text:p text:style-name="Header">{xml(header)}</text:p></style:header>
  <style:footer><text:p text:style-name="Footer">Página <text:page-number
   text:select-page="current">1</text:page-number> de <text:page-count>1</text:page-count></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body>
<office:text>
{chr(10).join(body)}
</office:text>
</office:body>
</office:document>
"""


def render_lo(jobs: list[tuple[str, list[Block], str]], producer: Producer, out: Path) -> None:
    """Write one .fodt per document and convert them all in one soffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: run `make producer-deps` (libreoffice-writer-nogui)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"producers-{producer.name}-") as tmp:
        work = Path(tmp)
        inputs = []
        for stem, doc, header in jobs:
            path = work / f"{stem}.fodt"
            path.write_text(fodt(doc, header, producer), encoding="utf-8")
            inputs.append(str(path))
        profile = (work / "lo-profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), *inputs]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        missing = [s for s, _, _ in jobs if not (out / f"{s}.pdf").exists()]
        if run.returncode or missing:
            raise SystemExit(f"soffice failed ({run.returncode}) for {missing}:\n{run.stdout}\n{run.stderr}")


# --- Chromium ------------------------------------------------------------------------

CSS = """
html { font-family: 'Liberation Serif', serif; font-size: 11pt; line-height: 1.3; }
body { margin: 0; }
p { margin: 0 0 0.25cm 0; orphans: 2; widows: 2; }
p.body { text-align: justify; hyphens: auto; -webkit-hyphens: auto; }
p.heading { font-weight: bold; margin-top: 0.3cm; break-after: avoid; }
p.toc { display: flex; margin-bottom: 0.1cm; }
p.toc .title { flex: none; max-width: 85%; }
p.toc .leader { flex: 1; overflow: hidden; white-space: nowrap; }
p.toc .leader::before { content: " ........................................................................\
................................................................................"; }
p.toc .page { flex: none; padding-left: 0.2em; }
"""

HEADER_TEMPLATE = (
    "<div style=\"width:100%; text-align:center; font-family:'DejaVu Sans'; font-size:8.5pt;\">{header}</div>"
)
FOOTER_TEMPLATE = (
    "<div style=\"width:100%; text-align:center; font-family:'DejaVu Sans'; font-size:8.5pt;\">"
    'Página <span class="pageNumber"></span> de <span class="totalPages"></span></div>'
)


def page_html(doc: list[Block], title: str) -> str:
    body = []
    for block in doc:
        if block.kind == "toc":
            body.append(
                f'<p class="toc"><span class="title">{xml(block.text)}</span><span class="leader"></span>'
                f'<span class="page">{xml(block.page)}</span></p>'
            )
        else:
            body.append(f'<p class="{block.kind}">{xml(block.text)}</p>')
    return (
        f'<!DOCTYPE html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n<title>{xml(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render_chromium(jobs: list[tuple[str, list[Block], str]], producer: Producer, out: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("playwright not installed: run `make producer-deps`") from None
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: run `make producer-deps` (chromium)")
    out.mkdir(parents=True, exist_ok=True)
    side = f"{MARGIN_CM}cm"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="es-MX")
            for stem, doc, header in jobs:
                page.set_content(page_html(doc, header), wait_until="load")
                page.pdf(
                    path=str(out / f"{stem}.pdf"),
                    format="Letter" if producer.paper == "letter" else "A4",
                    margin={"top": side, "bottom": side, "left": side, "right": side},
                    print_background=False,
                    display_header_footer=True,
                    header_template=HEADER_TEMPLATE.format(header=xml(header)),
                    footer_template=FOOTER_TEMPLATE,
                )
        finally:
            browser.close()


# --- deterministic bytes --------------------------------------------------------------

PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
PDF_IDS = re.compile(
    rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)|(/DocChecksum\s*/)([0-9A-Fa-f]+)"
)


def pin(path: Path) -> None:
    """Make a PDF's bytes depend on its content only: the producers stamp the clock in
    /CreationDate and /ModDate, and LibreOffice a random /ID and a /DocChecksum over
    them. All are rewritten in place with strings of the same length, so the
    cross-reference offsets stay valid (the pipeline identifies a document by the
    sha256 of its bytes)."""
    data = PDF_DATE.sub(lambda m: m.group(0)[:-14] + b"20000101000000", path.read_bytes())
    digest = hashlib.sha256(PDF_IDS.sub(b"", data)).hexdigest().upper().encode() * 2

    def same_length(match: re.Match[bytes]) -> bytes:
        if match.group(6):
            return match.group(6) + digest[: len(match.group(7))]
        first, second = match.group(2), match.group(4)
        return (
            match.group(1) + digest[: len(first)] + match.group(3) + digest[-len(second) :] + match.group(5)
        )

    path.write_bytes(PDF_IDS.sub(same_length, data))


# --- driver --------------------------------------------------------------------------


def load_jobs(src: Path, only: str | None) -> list[tuple[str, list[Block], str]]:
    headers = read_headers(src)
    jobs = []
    for path in sorted(src.glob("*.txt")):
        if only and path.stem != only:
            continue
        text = path.read_text(encoding="utf-8")
        header = headers.get(path.stem) or shorten(next((ln for ln in text.split("\n") if ln.strip()), ""))
        jobs.append((path.stem, blocks(text), header))
    return jobs


def render(src: Path, out: Path, producers: Iterable[str], only: str | None = None) -> None:
    jobs = load_jobs(src, only)
    if not jobs:
        raise SystemExit(f"no logical .txt files in {src}" + (f" named {only}.txt" if only else ""))
    for name in producers:
        producer = PRODUCERS[name]
        target = out / name
        print(
            f"{name}: {len(jobs)} document(s) -> {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
        )
        if producer.engine == "lo":
            render_lo(jobs, producer, target)
        else:
            render_chromium(jobs, producer, target)
        for stem, _, _ in jobs:
            pin(target / f"{stem}.pdf")


def check(out: Path, producers: Iterable[str], only: str | None = None) -> None:
    """Pages, U+FFFE characters and line-final hyphens in pypdfium2's text of each PDF."""
    import pypdfium2 as pdfium

    print(f"{'producer':<13} {'document':<46} {'pages':>5} {'U+FFFE':>6} {'-EOL':>5} {'U+00AD':>6}")
    for name in producers:
        for path in sorted((out / name).glob("*.pdf")):
            if only and path.stem != only:
                continue
            pdf = pdfium.PdfDocument(path)
            texts = []
            for i in range(len(pdf)):
                textpage = pdf[i].get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
            pdf.close()
            text = "\n".join(texts)
            eol = len(re.findall(r"-\r?\n", text))
            print(
                f"{name:<13} {path.stem:<46} {len(texts):>5} {text.count(chr(0xFFFE)):>6} {eol:>5}"
                f" {text.count(chr(0xAD)):>6}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--src",
        "--from-src",
        type=Path,
        default=SRC,
        help="folder of logical .txt files (default: %(default)s)",
    )
    parser.add_argument("--out", type=Path, default=MATRIX, help="output root, one folder per producer")
    parser.add_argument(
        "--extract",
        action="store_true",
        help=f"first rebuild --src from the .txt documents of {DOCS.relative_to(ROOT)} through the pipeline",
    )
    parser.add_argument("--only", metavar="STEM", help="only this document")
    parser.add_argument(
        "--producer", choices=sorted(PRODUCERS), action="append", help="only this producer (repeatable)"
    )
    parser.add_argument(
        "--check", action="store_true", help="do not render: report on the PDFs already there"
    )
    args = parser.parse_args(argv)
    producers = args.producer or list(PRODUCERS)
    if args.check:
        check(args.out, producers, args.only)
        return 0
    if args.extract:
        written = extract_sources(DOCS, args.src, args.only)
        print(f"logical texts: {len(written)} written to {args.src}")
    render(args.src, args.out, producers, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
