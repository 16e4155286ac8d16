"""OCR in-process (tesserocr) and text-layer quality: the `pages` table says where each
page's text came from and how good it is; garbage layers are detected and OCRed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from models import Basis, PageSource, RawPage, Severity
from pipeline.batch import ingest
from pipeline.check import run_checks
from pipeline.db import store
from pipeline.process import UNSURE_OCR_BELOW, analyse
from pipeline.read import read, tesseract_available
from pipeline.read.ocr import mend
from pipeline.read.quality import assess, needs_ocr, problem, score
from tests.corpus import CONTRADICTIONS, CORPUS

SCANNED = CORPUS / "scanned"
needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="Tesseract's Spanish model is not installed here (make ocr-deps)"
)


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.ocr
@needs_tesseract
def test_scanned_page_is_read_in_process_with_confidence(tmp_path, monkeypatch):
    """An image-only page (committed: corpus/scanned/scanned-page.pdf, made by
    corpus/tools/make_scanned.py) is OCRed by tesserocr — no `tesseract` command needed —
    and its pages row carries the source and the mean word confidence."""
    monkeypatch.setenv("PATH", "/nonexistent")
    db = tmp_path / "t.duckdb"
    ingest([SCANNED / "scanned-page.pdf"], db=db)
    [(source, confidence, characters)] = rows(db, "select source, ocr_confidence, characters from pages")
    assert source == PageSource.ocr and confidence > 80 and characters > 500
    words, inside = rows(
        db, "select count(*), bool_and(x0 < x1 and bottom < top and top <= 792) from ocr_words"
    )[0]
    assert words > 50 and inside
    acuerdos = [value for (value,) in rows(db, "select value from mentions where kind = 'acuerdo'")]
    assert sorted(acuerdos) == ["IEPC/CG122/2021", "IEPC/CG123/2021", "IEPC/CG123/2021"]  # one read "lEPC"


@pytest.mark.ocr
@needs_tesseract
def test_text_layer_that_does_not_match_the_image_is_ocred(tmp_path):
    """A page image under an invisible text layer of other words (a scanner's bad OCR):
    detected, OCRed, and its pages row says why; a layer that matches is kept."""
    db = tmp_path / "t.duckdb"
    ingest([SCANNED / "wrong-layer.pdf", SCANNED / "matching-layer.pdf"], db=db)
    found = {
        Path(path).name: (source, problem, text)
        for path, source, problem, text in rows(
            db, "select d.path, p.source, p.problem, d.text from pages p join documents d using (doc_id)"
        )
    }
    source, why, text = found["wrong-layer.pdf"]
    assert (source, why) == (PageSource.ocr, "hidden text does not match the image")
    assert "Unidad Técnica de Cómputo" in text and "Lorem" not in text
    assert found["matching-layer.pdf"][:2] == (PageSource.text_layer, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El Consejo General aprobó el acuerdo IEPC/CG122/2021 el 25 de agosto.", None),
        ("(cid:3)(cid:71)(cid:82)(cid:17) (cid:3)(cid:86)(cid:72)", "cid codes"),
        ("\ue001\ue002\ue003 \ue004\ue005 acuerdo \ue006\ue007\ue008\ue009", "private-use glyphs"),
        ("xqzt brrk pfft zzkq mnbv", "garbage characters"),
        ("   \n ", "no text"),
    ],
)
def test_text_layer_problems_are_named(text, expected):
    assert problem(text) == expected
    assert (score(text) >= 0.9) == (expected is None)


def test_garbage_layers_are_ocred_under_auto_only():
    cid = assess(RawPage(number=1, text="(cid:3)(cid:71)(cid:82)(cid:17)"))
    clean = assess(RawPage(number=1, text="Sesión Extraordinaria del Consejo General."))
    hidden = clean.model_copy(update={"hidden": True})
    assert [needs_ocr(p, "auto") for p in (cid, clean, hidden)] == [True, False, True]
    assert not needs_ocr(cid, "off") and needs_ocr(clean, "force")


def test_mojibake_is_fixed_before_the_clean_text(tmp_path):
    """UTF-8 read as Latin-1 somewhere upstream ("SesiÃ³n"): ftfy undoes it, so the
    session is found, and the page says its text was fixed."""
    doc = tmp_path / "informe.txt"
    doc.write_text(
        "INFORME DE AVANCE\n\nEl 25 de agosto de 2021, en la Trigésima Novena Sesión Extraordinaria del "
        "Consejo General, se aprobó el acuerdo IEPC/CG122/2021.\n".encode().decode("latin-1"),
        encoding="utf-8",
    )
    db = tmp_path / "t.duckdb"
    ingest([doc], db=db)
    [(text,)] = rows(db, "select text from documents")
    assert "Sesión Extraordinaria" in text and "Ã" not in text
    assert rows(db, "select source, problem from pages") == [("text layer", "mojibake (fixed)")]
    assert rows(db, "select count(*) from mentions where kind = 'session'")[0][0] == 1


def test_findings_resting_on_unsure_ocr_say_so():
    """A conflict read from pages OCRed below the confidence threshold is one step less
    severe, and its message says the text came from OCR (the basis mechanism)."""
    path = CONTRADICTIONS / "session_date_conflict.txt"
    raw = read(path)
    unsure = raw.model_copy(
        update={
            "pages": tuple(
                p.model_copy(update={"source": "ocr", "ocr_confidence": UNSURE_OCR_BELOW - 20})
                for p in raw.pages
            )
        }
    )
    sure, doubtful = analyse(raw, path), analyse(unsure, path)
    assert {c.basis for c in doubtful.claims} == {Basis.unsure_ocr}
    con = duckdb.connect(":memory:")
    store.ensure_schema(con)
    store.write_many(con, [sure])
    [before] = [f for f in run_checks(con) if f.check == "session_date_conflict"]
    store.write_many(con, [doubtful])
    [after] = [f for f in run_checks(con) if f.check == "session_date_conflict"]
    assert (before.severity, after.severity) == (Severity.error, Severity.warning)
    assert "OCR" in after.message and "OCR" not in before.message


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("mediante Acuerdo lEPC/CG123/2021 creó", "mediante Acuerdo IEPC/CG123/2021 creó"),
        ("a la UNICOM del lNE", "a la UNICOM del INE"),
        ("(lEEM)", "(IEEM)"),
        ("la lista de los lugares", "la lista de los lugares"),
        ("el ballENA", "el ballENA"),
        ("l.E.P.C.", "l.E.P.C."),
    ],
)
def test_ocr_reading_an_i_as_l_before_capitals_is_mended(read, meant):
    assert mend(read) == meant
