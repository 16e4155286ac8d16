"""Golden test of the real seed informe (IEPC Durango, August 2021): every fact."""

import datetime as dt

import pytest

SESSION = "iepc durango|consejo general|extraordinaria|39|2021"


def facts(extraction) -> set[tuple[str, str, str]]:
    return {(c.subject_id, c.predicate, c.object) for c in extraction.claims if c.subject_kind != "document"}


EXPECTED = {
    (SESSION, "held_on", "2021-08-25"),
    (SESSION, "held_at", "10:00"),
    ("IEPC/CG122/2021", "approved_in", SESSION),
    ("IEPC/CG123/2021", "approved_in", SESSION),
    ("IEPC/CG122/2021", "approved_on", "2021-08-25"),
    ("IEPC/CG123/2021", "approved_on", "2021-08-25"),
    ("IEPC/CG122/2021", "sent_to", "unicom"),
    ("IEPC/CG123/2021", "sent_to", "unicom"),
    ("IEPC/CG122/2021", "sent_on", "2021-08-26"),
    ("IEPC/CG123/2021", "sent_on", "2021-08-26"),
    ("IEPC/CG122/2021", "subject", "por el que se ratifica la Instancia Interna del PREP"),
    ("IEPC/CG123/2021", "subject", "por el que se crea e integra la Comisión Temporal del PREP"),
}


def test_seed_title_block(seed):
    doc = seed.document
    assert (doc.kind, doc.issuer, doc.process) == (
        "informe",
        "iepc durango",
        "Proceso Electoral Local Ordinario 2021-2022",
    )
    assert (doc.issued_on, doc.period_start, doc.period_end) == (
        dt.date(2021, 9, 3),
        dt.date(2021, 8, 1),
        dt.date(2021, 8, 31),
    )
    assert doc.title.startswith("Informe del mes de agosto sobre el avance")


def test_seed_facts(seed):
    assert EXPECTED <= facts(seed)


def test_seed_has_no_other_sessions_or_acuerdos(seed):
    assert {m.value for m in seed.mentions if m.kind == "acuerdo"} == {"IEPC/CG122/2021", "IEPC/CG123/2021"}
    assert {c.subject_id for c in seed.claims if c.subject_kind == "session"} == {SESSION}
    assert {c.object for c in seed.claims if c.predicate == "approved_in"} == {SESSION}
    assert {c.object for c in seed.claims if c.predicate in ("held_on", "approved_on")} == {"2021-08-25"}


def test_seed_misma_sesion_points_back(seed):
    (same,) = [m for m in seed.mentions if m.text == "la misma Sesión"]
    assert same.value == "consejo general|extraordinaria|39"


def test_seed_document_date_claim(seed):
    assert [c.object for c in seed.claims if c.predicate == "issued_on"] == ["2021-09-03"]


@pytest.mark.parametrize(
    ("section_no", "parent_no", "level", "heading"),
    [
        (1, None, 1, "Presentación"),
        (2, None, 1, "Acuerdos"),
        (
            3,
            None,
            1,
            "Avance respecto al plan de trabajo elaborado por la Instancia Interna para la implementación del PREP",
        ),
        (4, 3, 2, "a. Instancia interna responsable de coordinar el PREP"),
        (5, None, 1, "Comisión encargada de dar seguimiento a las labores del PREP"),
    ],
)
def test_seed_sections(seed, seed_pdf, section_no, parent_no, level, heading):
    for extraction in (seed, seed_pdf):
        section = extraction.sections[section_no - 1]
        assert (section.section_no, section.parent_no, section.level, section.heading) == (
            section_no,
            parent_no,
            level,
            heading,
        )


def test_seed_page_break_sentence_is_joined(seed):
    assert "del Estado de Durango, mediante Acuerdo IEPC/CG123/2021 creó" in seed.document.text


def test_seed_running_header_is_removed(seed):
    paragraphs = seed.document.text.split("\n\n")
    assert paragraphs.count("Proceso Electoral Local Ordinario 2021-2022") == 1  # the cover's, not 4 headers
    assert paragraphs.count("Informe de avances") == 1  # the title on page 2
    assert seed.document.pages == 4


def test_seed_provenance_points_at_text(seed):
    text = seed.document.text
    for mention in seed.mentions:
        assert text[mention.char_start : mention.char_end] == mention.text
    sent = [c for c in seed.claims if c.predicate == "sent_on"]
    assert all(c.page == 4 and "26 de agosto de 2021" in c.sentence for c in sent)


def test_seed_text_and_pdf_give_the_same_facts(seed, seed_pdf):
    assert facts(seed) == facts(seed_pdf)
    assert sorted((m.kind, m.value) for m in seed.mentions) == sorted(
        (m.kind, m.value) for m in seed_pdf.mentions
    )


def test_seed_pdf_readers_agree(seed_pdf):
    from pipeline.process import process
    from tests.corpus import SEED_PDF

    plumber = process(SEED_PDF, reader="pdfplumber")
    assert facts(plumber) == facts(seed_pdf)
