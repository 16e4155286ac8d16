"""OCR of pages without text, through Tesseract (Spanish model when installed)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from models import RawPage

OCR_MODES = ("auto", "force", "off")
OCR_DPI = 200  # 300 was 4× slower for the same words on corpus scans
INSTALL_TESSERACT = "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-spa) and re-run"


def no_text_advice(ocr: str) -> str:
    if ocr == "off":
        return "the PDF has no text layer (scanned?); run with --ocr auto"
    if not tesseract_available():
        return f"the PDF has no text layer (scanned?) and Tesseract is not installed; {INSTALL_TESSERACT}"
    return "the PDF has no text layer and OCR found no text in it"


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_pages(
    data: bytes, password: str | None, pages: tuple[RawPage, ...], wanted: list[int]
) -> tuple[RawPage, ...]:
    """Replace the text of the `wanted` pages (1-based) by Tesseract's reading of them,
    rendered at OCR_DPI; Spanish model when installed (tesseract-ocr-spa)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data, password=password)
    texts = {}
    try:
        with tempfile.TemporaryDirectory(prefix="informes-ocr-") as tmp:
            for number in wanted:
                image = Path(tmp) / f"page-{number}.png"
                pdf[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
                texts[number] = run_tesseract(image)
    finally:
        pdf.close()
    return tuple(p.model_copy(update={"text": texts[p.number]}) if p.number in texts else p for p in pages)


@functools.cache
def tesseract_language() -> str:
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return "spa" if "spa" in langs.split() else "eng"


def run_tesseract(image: Path) -> str:
    # One thread: workers already run in parallel, and OpenMP threads fighting made it 4× slower.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", tesseract_language()],
        capture_output=True,
        text=True,
        env=env,
    )
    return done.stdout if done.returncode == 0 else ""
