"""OCR in-process with tesserocr: pages without text, or with a garbage text layer.

tesserocr (2.13, bundling libtesseract 5.5) runs Tesseract inside the worker: the model
is loaded once per worker process (`engine()`), where the `tesseract` command loaded it
for every page (0.62 s a page against 0.87 s). The Spanish model comes from Debian's
`tesseract-ocr-spa` (`make ocr-deps`): the English one recovered 67 of 348 accented words,
the Spanish one 339. Each OCRed page keeps its lines (with boxes, so layout works by
geometry as on a text layer), its words with boxes and confidence (the `ocr_words`
table), and the mean word confidence (the `pages` table).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import RawLine, RawPage

OCR_MODES = ("auto", "force", "off")
OCR_DPI = 200  # 300 was 4× slower for the same words on corpus scans
INSTALL_TESSERACT = (
    "install Tesseract's Spanish model (apt-get install tesseract-ocr-spa, or make ocr-deps) and re-run"
)
# Where Debian (5 and 4.00) and most distributions put the models; $TESSDATA_PREFIX first.
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)
LANGUAGES = ("spa", "eng")  # the Spanish model where installed
# Tesseract reads a capital I as a lower-case l before capitals ("lEPC/CG123/2021",
# "lNE"); no Spanish word starts with l and a run of capitals, so it is put right.
L_FOR_I = re.compile(r"(?<![^\W\d_])l(?=[A-ZÁÉÍÓÚÑ]{2})")


def mend(text: str) -> str:
    """OCR text with the reading confusions that no Spanish text has put right."""
    return L_FOR_I.sub("I", text)


def no_text_advice(ocr: str) -> str:
    if ocr == "off":
        return "the PDF has no text layer (scanned?); run with --ocr auto"
    if not tesseract_available():
        return f"the PDF has no text layer (scanned?) and Tesseract is not installed; {INSTALL_TESSERACT}"
    return "the PDF has no text layer and OCR found no text in it"


def tessdata() -> tuple[str, str] | None:
    """(model folder, language) of the best installed model, or None. $TESSDATA_PREFIX,
    when set, is the only place looked at."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    for folder in (prefix,) if prefix else TESSDATA_DIRS:
        for language in LANGUAGES:
            if (Path(folder) / f"{language}.traineddata").is_file():
                return folder, language
    return None


def tesseract_available() -> bool:
    """tesserocr imports and a model is installed."""
    if tessdata() is None:
        return False
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def engine(folder: str, language: str) -> Any:
    """One Tesseract per worker process, loaded on its first page."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # workers are the parallelism; OpenMP threads fought
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=folder, lang=language)


@dataclass(frozen=True)
class OcrPage:
    text: str
    lines: tuple[RawLine, ...]
    words: tuple[tuple[str, float, float, float, float, float], ...]  # text, confidence, x0, x1, top, bottom
    confidence: float | None


def recognise(image: Any, height: float) -> OcrPage:
    """Tesseract's reading of a page image rendered at OCR_DPI from a page `height`
    points high: lines and words with boxes in PDF points (origin at the bottom left)."""
    from tesserocr import RIL, iterate_level

    found = tessdata()
    if found is None:
        raise RuntimeError(f"no Tesseract model; {INSTALL_TESSERACT}")
    api = engine(*found)
    api.SetImage(image)
    api.Recognize()
    scale = 72 / OCR_DPI

    def box(item: Any, level: int) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = item.BoundingBox(level)
        return x0 * scale, x1 * scale, height - y0 * scale, height - y1 * scale

    lines: list[RawLine] = []
    text: list[str] = []
    at = 0
    iterator = api.GetIterator()
    for item in iterate_level(iterator, RIL.TEXTLINE):
        line = mend(" ".join((item.GetUTF8Text(RIL.TEXTLINE) or "").split()))
        if not line:
            continue
        x0, x1, top, bottom = box(item, RIL.TEXTLINE)
        lines.append(RawLine(text=line, start=at, x0=x0, x1=x1, top=top, bottom=bottom))
        text.append(line)
        at += len(line) + 1
    words = []
    for item in iterate_level(api.GetIterator(), RIL.WORD):
        word = mend((item.GetUTF8Text(RIL.WORD) or "").strip())
        if word:
            words.append((word, round(item.Confidence(RIL.WORD), 1), *box(item, RIL.WORD)))
    confidence = round(sum(w[1] for w in words) / len(words), 1) if words else None
    return OcrPage("\n".join(text), tuple(lines), tuple(words), confidence)


def render(pdf: Any, number: int) -> Any:
    """Page `number` (1-based) as a greyscale PIL image at OCR_DPI."""
    return pdf[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()


def ocr_page(pdf: Any, page: RawPage) -> RawPage:
    """The page with Tesseract's text, lines, words and confidence in place of its own."""
    result = recognise(render(pdf, page.number), page.height or 0.0)
    return page.model_copy(
        update={
            "text": result.text,
            "lines": result.lines,
            "words": result.words,
            "ocr_confidence": result.confidence,
            "source": "ocr",
        }
    )


def ocr_pages(
    data: bytes, password: str | None, pages: tuple[RawPage, ...], mode: str
) -> tuple[RawPage, ...]:
    """The pages `--ocr` asks for (see `quality.needs_ocr`) read by Tesseract. A scanner's
    invisible text layer is kept when most of its words are in Tesseract's reading of
    the image, and replaced when it does not match."""
    from pipeline.read.quality import MATCH_AT_LEAST, needs_ocr, words_match

    wanted = [page for page in pages if needs_ocr(page, mode)]
    if not wanted:
        return pages
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data, password=password)
    done: dict[int, RawPage] = {}
    try:
        for page in wanted:
            read = ocr_page(pdf, page)
            if page.hidden and mode == "auto" and page.problem is None:
                if words_match(page.text, read.text) >= MATCH_AT_LEAST:
                    continue  # the scanner's layer says what the image shows
                read = read.model_copy(update={"problem": "hidden text does not match the image"})
            done[page.number] = read
    finally:
        pdf.close()
    return tuple(done.get(page.number, page) for page in pages)
