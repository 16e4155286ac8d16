"""Make an image-only copy of a PDF, as if the printed report had been scanned.

Each page is rasterised at 200 dpi with pypdfium2, turned to greyscale, given a slight
skew, a little blur and paper grain (all optional, all deterministic), and the images
are written as a PDF with Pillow. The result has no text layer at all: it is the input
for the pipeline's "scanned document" path (text extraction finds nothing; OCR needed).

Output bytes are deterministic (documents are identified by their sha256): the grain
comes from a PRNG seeded by page number, and Pillow's /CreationDate, /ModDate and
/Title, which default to the clock and the output file name, are pinned.

`hidden_layer` makes what some scanners produce: the page image with an invisible
text layer (render mode 3) over it — here a layer of other words, so the text layer does
not match the image (or the same words, to show a matching layer is kept).

CLI: `python corpus/tools/make_scanned.py IN.pdf OUT.pdf [--dpi 200] [--clean] [--hidden-text FILE]`
Library: `scan(in_path, out_path, dpi=200, clean=False) -> pages`,
`hidden_layer(in_path, out_path, text, dpi=150, pages=1) -> pages`.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

FIXED_DATE = time.strptime("2000-01-01 00:00:00", "%Y-%m-%d %H:%M:%S")
SKEW_DEGREES = (0.35, -0.25, 0.5, -0.4)  # per page, cycled: scanners feed pages unevenly
JPEG_QUALITY = 75  # typical of office scanners' "PDF" output: ~300 KB a page


def degrade(image: Image.Image, page_index: int) -> Image.Image:
    """Skew, soften and add paper grain to a greyscale page image, deterministically."""
    angle = SKEW_DEGREES[page_index % len(SKEW_DEGREES)]
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.6))  # optics and toner spread
    # Grain: random bytes (seeded per page, so reproducible) at a quarter of the
    # resolution, enlarged smoothly and squeezed to 238..255, then multiplied in: white
    # paper turns faintly mottled, text stays black, and JPEG still compresses it well.
    rng = random.Random(f"make_scanned:{page_index}")
    small = (image.width // 4, image.height // 4)
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = noise.resize(image.size, Image.Resampling.BILINEAR).point(lambda v: 238 + v * 17 // 255)
    return ImageChops.multiply(image, grain)


def scan(
    in_path: Path, out_path: Path, dpi: int = 200, clean: bool = False, only: list[int] | None = None
) -> int:
    """Rasterise `in_path` (or its pages `only`, 1-based) into an image-only PDF at
    `out_path`; returns the page count."""
    pdf = pdfium.PdfDocument(str(in_path))
    try:
        pages = []
        for i in [n - 1 for n in only] if only else range(len(pdf)):
            # scale is pixels per PDF point: 72 points to the inch.
            bitmap = pdf[i].render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            pages.append(image if clean else degrade(image, i))
    finally:
        pdf.close()
    if not pages:
        raise ValueError(f"{in_path}: no pages")
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        quality=JPEG_QUALITY,
        title=Path(in_path).stem,
        creator="corpus/tools/make_scanned.py",
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(buf.getvalue())
    return len(pages)


def hidden_layer(in_path: Path, out_path: Path, text: str, dpi: int = 150, pages: int = 1) -> int:
    """The first `pages` pages of `in_path` as images, each under an invisible text layer
    holding `text` (the same on every page), as a deterministic PDF."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pdf_layout  # noqa: F401  (reportlab in invariant mode: fixed dates and /ID)
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = pdfium.PdfDocument(str(in_path))
    out = io.BytesIO()
    count = min(pages, len(pdf))
    try:
        width, height = pdf[0].get_size()
        sheet = canvas.Canvas(out, pagesize=(width, height), invariant=1)
        for i in range(count):
            image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            sheet.drawImage(ImageReader(image), 0, 0, width, height)
            layer = sheet.beginText(72, height - 72)
            layer.setTextRenderMode(3)  # invisible: what scanners put over their image
            layer.setFont("Helvetica", 10)
            for line in text.splitlines():
                layer.textLine(line)
            sheet.drawText(layer)
            sheet.showPage()
        sheet.save()
    finally:
        pdf.close()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(out.getvalue())
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="PDF to 'scan'")
    parser.add_argument("output", type=Path, help="image-only PDF to write")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--clean", action="store_true", help="no skew, blur or grain")
    parser.add_argument("--hidden-text", type=Path, help="first page as an image under this invisible text")
    args = parser.parse_args(argv)
    if args.hidden_text:
        pages = hidden_layer(args.input, args.output, args.hidden_text.read_text(encoding="utf-8"))
        print(f"{args.input} -> {args.output} ({pages} page, image under invisible text)")
        return 0
    pages = scan(args.input, args.output, dpi=args.dpi, clean=args.clean)
    print(f"{args.input} -> {args.output} ({pages} pages, image only, {args.dpi} dpi)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
