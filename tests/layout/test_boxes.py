"""Where mentions are drawn (issue 14, item 3): boxes in PDF points from pypdfium2's
character boxes, one per line a mention runs over; an estimate inside the line's box
where the characters are not pdfium's; none for text files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from models import RawDocument, RawLine, RawPage
from pipeline.batch import ingest
from pipeline.db import store
from pipeline.db.export import export
from pipeline.layout.boxes import visible
from pipeline.process import analyse
from pipeline.vocab import fold
from tests.corpus import SEED_PDF, as_if_older


def letters(text: str) -> str:
    return re.sub(r"[\W_]", "", fold(text))


def test_every_pdf_mention_is_boxed_around_its_own_text(seed_pdf):
    """pdfium's text inside a mention's boxes is the mention (hyphens and spaces aside)."""
    pdf = pdfium.PdfDocument(SEED_PDF)
    try:
        for mention in seed_pdf.mentions:
            assert mention.boxes, mention
            page = pdf[mention.page - 1]
            textpage = page.get_textpage()
            width, height = page.get_size()
            inside = "".join(
                textpage.get_text_bounded(x0, y0 + 2, x1, y1 - 2) for x0, y0, x1, y1 in mention.boxes
            )
            assert letters(inside) == letters(mention.text), mention
            assert 0 <= mention.x0 < mention.x1 <= width and 0 <= mention.y0 < mention.y1 <= height
    finally:
        pdf.close()


def test_a_mention_over_two_lines_has_a_box_per_line(seed_pdf):
    (session,) = [
        m
        for m in seed_pdf.mentions
        if m.page == 3 and m.text == "Sesión Extraordinaria No. 39 del Consejo General"
    ]
    first, second = session.boxes
    assert second[3] <= first[1]  # the second line is below the first
    assert (session.x0, session.y0, session.x1, session.y1) == (
        min(first[0], second[0]),
        second[1],
        max(first[2], second[2]),
        first[3],
    )


def test_text_file_mentions_have_no_boxes(seed):
    assert seed.mentions and all(m.boxes is None and m.x0 is None and m.y1 is None for m in seed.mentions)


def test_lines_whose_characters_pdfium_lacks_are_estimated_inside_their_box():
    """The hook for lines that did not come from the text layer (OCR): the PDF is not
    there to ask, so the mention's box is its share of the line's box."""
    text = "El acuerdo IEPC/CG122/2021 se aprobó el 25 de agosto de 2021."
    line = RawLine(text=text, start=0, x0=72.0, x1=72.0 + 5 * len(text), top=700.0, bottom=690.0)
    page = RawPage(number=1, text=text, width=612, height=792, lines=(line,))
    raw = RawDocument(doc_id="x" * 64, path="gone.pdf", encoding="pdf", pages=(page,))
    (acuerdo,) = [m for m in analyse(raw, Path("gone.pdf")).mentions if m.kind == "acuerdo"]
    at = text.index("IEPC")
    assert acuerdo.boxes == ((72.0 + 5 * at, 690.0, 72.0 + 5 * (at + 15), 700.0),)


@pytest.mark.parametrize(
    ("raw", "clean_to_raw"),
    [
        ("  El **acuerdo**", "El acuerdo"),
        ("a    b", "a b"),
        ("A N T E C E D E N T E S", "ANTECEDENTES"),
    ],
)
def test_visible_pairs_each_kept_character_with_the_raw_one(raw, clean_to_raw):
    positions = visible(raw)
    assert "".join(raw[i] for i in positions) == clean_to_raw


def test_boxes_are_stored_and_exported(tmp_path):
    db = tmp_path / "boxes.duckdb"
    ingest([SEED_PDF], db=db)
    con = store.connect(db, read_only=True)
    try:
        row = con.execute(
            "select x0, y0, x1, y1, boxes from mentions where text = 'IEPC/CG122/2021' order by page, char_start"
        ).fetchone()
    finally:
        con.close()
    assert row is not None and json.loads(row[4]) == [list(row[:4])]
    export(db, tmp_path / "out", "csv")
    header = (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",x0,y0,x1,y1,boxes")


def test_a_database_from_before_the_boxes_gets_their_columns(seed_db_copy):
    con = store.connect(seed_db_copy)
    for column in ("x0", "y0", "x1", "y1", "boxes"):
        con.execute(f"alter table mentions drop column {column}")
    as_if_older(con)
    con.close()
    ingest([SEED_PDF], db=seed_db_copy)
    con = store.connect(seed_db_copy, read_only=True)
    try:
        assert con.execute("select count(*) from mentions where boxes is not null").fetchone()[0] > 0
    finally:
        con.close()


def test_ocr_lines_are_boxed_from_their_words():
    """On a page Tesseract read, a mention's box is the union of the OCR words it covers,
    not a share of the line (words are not all the same width)."""
    text = "El acuerdo IEPC/CG122/2021 se aprobó"
    words = [("El", 91.0), ("acuerdo", 92.0), ("IEPC/CG122/2021", 88.0), ("se", 95.0), ("aprobó", 90.0)]
    boxes, x = [], 72.0
    for word, confidence in words:
        width = 4.0 * len(word) + (20.0 if word.startswith("IEPC") else 0.0)
        boxes.append((word, confidence, x, x + width, 700.0, 690.0))
        x += width + 3.0
    line = RawLine(text=text, start=0, x0=72.0, x1=x - 3.0, top=700.0, bottom=690.0)
    page = RawPage(
        number=1,
        text=text,
        width=612,
        height=792,
        lines=(line,),
        source="ocr",
        words=tuple(boxes),
        ocr_confidence=91.2,
    )
    raw = RawDocument(doc_id="y" * 64, path="scan.pdf", encoding="pdf", pages=(page,))
    (acuerdo,) = [m for m in analyse(raw, Path("scan.pdf")).mentions if m.kind == "acuerdo"]
    _, _, x0, x1, top, bottom = boxes[2]
    assert acuerdo.boxes == ((x0, bottom, x1, top),)
