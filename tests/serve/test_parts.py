"""The pieces under the pages: text search on a PDF page (where no box is stored),
marked text, page limits of text dumps, literal LIKE patterns, URLs, and a Spanish word
for every code the database stores."""

from __future__ import annotations

import hashlib

import pytest

from models import MentionKind, Predicate, Severity
from pipeline.check import RULES
from pipeline.serve import search, text, urls
from pipeline.serve.pdf import locate_pdf, page_frame, quote_boxes
from pipeline.serve.words import labels
from tests.corpus import SEED_PDF


def test_quote_boxes_finds_each_occurrence_on_the_page():
    boxes = quote_boxes(SEED_PDF, 3, ["IEPC/CG122/2021"])
    _, _, width, height = page_frame(SEED_PDF, 3)
    assert len(boxes) == 2 and not any(b.stored for b in boxes)
    assert all(0 < b.x0 < b.x1 < width and 0 < b.y0 < b.y1 < height for b in boxes)
    assert all(5 < b.y1 - b.y0 < 20 for b in boxes)  # one line of body text high


def test_quote_boxes_splits_a_quote_over_lines_and_stays_in_its_sentence():
    boxes = quote_boxes(SEED_PDF, 3, ["Sesión Extraordinaria No. 39 del Consejo General"])
    assert len(boxes) == 2 and boxes[0].y0 > boxes[1].y0
    sentence = (
        "En Sesión Extraordinaria número 39, de fecha 25 de agosto de 2021, el Consejo General del Instituto"
        " Electoral y de Participación Ciudadana del Estado de Durango, mediante Acuerdo IEPC/CG122/2021"
        " ratifico a su Unidad Técnica de Cómputo como la Instancia Interna encargada de coordinar el"
        " desarrollo de las actividades de implementación y operación del PREP."
    )
    (inside,) = quote_boxes(SEED_PDF, 3, ["IEPC/CG122/2021"], within=sentence)
    assert inside == min(quote_boxes(SEED_PDF, 3, ["IEPC/CG122/2021"]), key=lambda b: b.y0)


@pytest.mark.parametrize("texts", [[], ["", "  "], ["no está en esta página"]])
def test_quote_boxes_without_matches(texts):
    assert quote_boxes(SEED_PDF, 3, texts) == ()


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [("El día 25 de agosto", False)]),
        ([(8, 10, "fecha")], [("El día ", False), ("25", True), (" de agosto", False)]),
        ([(8, 20, None), (11, 13, None)], [("El día ", False), ("25 de agosto", True)]),
        ([(1, 3, None), (30, 40, None)], [("El", True), (" día 25 de agosto", False)]),
    ],
)
def test_segments_mark_spans_at_document_offsets(spans, expected):
    found = text.segments("El día 25 de agosto", spans, offset=1)
    assert [(s.text, s.mark) for s in found] == expected


def test_page_bounds_start_at_a_paragraph_break():
    body = "Título\n\nPrimera página, párrafo.\n\nSegunda página empieza aquí."
    anchors = [(0, 1), (8, 1), (body.index("Segunda") + 8, 2)]
    assert text.page_bounds(body, anchors, 2, 2) == (body.index("Segunda"), len(body))
    assert text.page_bounds(body, anchors, 1, 2) == (0, body.index("Segunda"))


@pytest.mark.parametrize(
    ("q", "pattern"), [("CG122", "%CG122%"), ("50%", r"%50\%%"), ("a_b", r"%a\_b%"), ("c:\\", r"%c:\\%")]
)
def test_like_pattern_is_literal(q, pattern):
    assert search.like_pattern(q) == pattern


@pytest.mark.parametrize(
    ("session_id", "url"),
    [
        (
            "iepc durango|consejo general|extraordinaria|39|2021",
            "/sesiones/iepc%20durango%7Cconsejo%20general%7Cextraordinaria%7C39%7C2021",
        ),
        (
            "iepc chiapas|consejo general|solemne|s/n|2024-01-07",
            "/sesiones/iepc%20chiapas%7Cconsejo%20general%7Csolemne%7Cs%2Fn%7C2024-01-07",
        ),
    ],
)
def test_session_url_encodes_every_separator(session_id, url):
    assert urls.session_url(session_id) == url


def test_locate_pdf_only_returns_the_same_bytes(tmp_path):
    digest = hashlib.sha256(SEED_PDF.read_bytes()).hexdigest()
    assert locate_pdf(str(SEED_PDF), tmp_path / "x.duckdb", digest) == SEED_PDF
    assert locate_pdf(str(SEED_PDF), tmp_path / "x.duckdb", "0" * 64) is None  # changed since ingest
    assert locate_pdf("gone/informe.pdf", tmp_path / "x.duckdb", digest) is None


def test_every_stored_code_has_a_spanish_word():
    assert set(labels("check")) == {rule.__name__ for rule in RULES}
    assert set(labels("severity")) == set(Severity)
    assert set(labels("predicate")) == set(Predicate)
    assert set(labels("mention")) == set(MentionKind)
