import pytest

from models import CleanText, RawTable
from pipeline.link.tables import column_roles, table_claims
from pipeline.link.types import Context
from pipeline.process import process
from tests.corpus import CORPUS
from tests.corpus import extraction as cached


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (("Acuerdo", "Sesión", "Fecha", "Asunto"), {"acuerdo": 0, "session": 1, "date": 2, "subject": 3}),
        (
            ("Clave", "Tipo de sesión", "Fecha de aprobación", "Descripción"),
            {"acuerdo": 0, "session": 1, "date": 2, "subject": 3},
        ),
        (("No.", "Acuerdo", "Rubro"), {"acuerdo": 1, "subject": 2}),
        (("Actividad", "Responsable"), {}),
    ],
)
def test_column_roles(header, roles):
    assert column_roles(header) == roles


def test_table_rows_become_claims():
    table = RawTable(
        page=1,
        rows=(
            ("Acuerdo", "Sesión", "Fecha", "Asunto"),
            (
                "IEEQ/CG/A/042/24",
                "Sesión Ordinaria",
                "28/06/2024",
                "Por el que se aprueba la entrega de la documentación del PREP",
            ),
        ),
    )
    text = CleanText(text="Tabla: IEEQ/CG/A/042/24 Sesión Ordinaria 28/06/2024", page_starts=(0,))
    drafts = table_claims((table,), text, "consejo general", Context("ieeq", 2024))
    facts = {(d.subject_id, d.predicate, d.object) for d in drafts}
    session = "ieeq|consejo general|ordinaria|s/n|2024-06-28"
    assert facts == {
        ("IEEQ/CG/A/042/24", "approved_in", session),
        (session, "held_on", "2024-06-28"),
        ("IEEQ/CG/A/042/24", "approved_on", "2024-06-28"),
        ("IEEQ/CG/A/042/24", "subject", "Por el que se aprueba la entrega de la documentación del PREP"),
    }
    assert all(text.text[d.sentence[0] : d.sentence[1]] == "IEEQ/CG/A/042/24" for d in drafts)
    assert drafts[0].quote.startswith("IEEQ/CG/A/042/24 | Sesión Ordinaria | 28/06/2024")


def test_pdf_table_is_read_with_pdfplumber_on_ruled_pages_only():
    extraction = process(CORPUS / "docs" / "A-ieeq-informe-2024-06.pdf")
    rows = [c for c in extraction.claims if c.predicate == "approved_in" and " | " in c.sentence]
    assert {c.subject_id for c in rows} == {"IEEQ/CG/A/036/24", "IEEQ/CG/A/040/24", "IEEQ/CG/A/042/24"}
    assert {c.page for c in rows} == {3}


PDFS = sorted((CORPUS / "docs").glob("*.pdf"))


def facts(extraction):
    return {(c.subject_id, c.predicate, c.object) for c in extraction.claims if c.subject_kind != "document"}


@pytest.mark.slow
@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_both_pdf_readers_give_the_same_facts(path):
    assert facts(cached(path)) == facts(process(path, reader="pdfplumber"))
