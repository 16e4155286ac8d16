"""Which session and date approved an acuerdo, on whole short documents in the forms real
institutes publish (docs/real-forms.md): what must link, and what must not."""

from pathlib import Path

import pytest

from models import DocKind, Extraction
from pipeline.process import process

HEADER = "Instituto Electoral del Estado de Querétaro\n\nInforme del mes de febrero\n\n6 de marzo de 2024\n\n"


def extract_text(tmp_path: Path, body: str, header: str = HEADER) -> Extraction:
    path = tmp_path / "doc.txt"
    path.write_text(header + body + "\n", encoding="utf-8")
    return process(path)


def facts(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    return {(c.subject_id, c.object) for c in extraction.claims if c.predicate == predicate}


def test_origin_clause_does_not_approve_in_the_bodys_session(tmp_path):
    doc = extract_text(
        tmp_path,
        "La Comisión de Organización Electoral, creada mediante el acuerdo IEEQ/CG/A/005/22, celebró su "
        "Segunda Sesión Ordinaria el 27 de febrero de 2024 y conoció el presente informe.",
    )
    assert not [
        c for c in doc.claims if c.subject_id == "IEEQ/CG/A/005/22" and c.predicate.startswith("approved")
    ]
    assert ("ieeq|comision de organizacion electoral|ordinaria|2|2024", "2024-02-27") in facts(doc, "held_on")


def test_origin_clause_keeps_its_own_session(tmp_path):
    doc = extract_text(
        tmp_path,
        "El Comité Técnico Asesor, integrado mediante Acuerdo IEEQ/CG/A/071/23, aprobado en la Sesión "
        "Extraordinaria No. 41 del Consejo General, celebró su Tercera Sesión Ordinaria el 20 de febrero de 2024.",
    )
    approved = facts(doc, "approved_in")
    assert approved == {("IEEQ/CG/A/071/23", "ieeq|consejo general|extraordinaria|41|2023")}
    assert ("ieeq|cotaprep|ordinaria|3|2024", "2024-02-20") in facts(doc, "held_on")


def test_the_cg_inside_an_id_is_not_a_body(tmp_path):
    doc = extract_text(
        tmp_path,
        "El Comité Técnico Asesor, integrado mediante el acuerdo IEEQ/CG/A/071/23, celebró su Tercera Sesión "
        "Ordinaria el 20 de febrero de 2024.",
    )
    assert facts(doc, "held_on") == {("ieeq|cotaprep|ordinaria|3|2024", "2024-02-20")}


def test_a_committees_session_does_not_approve_a_consejo_general_acuerdo(tmp_path):
    doc = extract_text(
        tmp_path,
        "En su Sexta Sesión Ordinaria, celebrada el 8 de febrero de 2024, el Comité Técnico Asesor conoció el "
        "acuerdo IEEQ/CG/A/012/24.",
    )
    assert not facts(doc, "approved_in")


def test_an_institutes_top_body_goes_by_either_name(tmp_path):
    doc = extract_text(
        tmp_path,
        "El 8 de abril de 2021, en la Sesión Extraordinaria No. 21 del Consejo General, se aprobó el Acuerdo "
        "IMPEPAC/CEE/150/2021 por el que se aprueba la ubicación de los CATD.",
        header="Instituto Morelense de Procesos Electorales y Participación Ciudadana\n\n5 de mayo de 2021\n\n",
    )
    assert facts(doc, "approved_in") == {
        ("IMPEPAC/CEE/150/2021", "impepac|consejo general|extraordinaria|21|2021")
    }


@pytest.mark.parametrize(
    ("body", "dated"),
    [
        (  # a history: IDs of different years were not approved together
            "El Anexo 13 ha sido modificado mediante los Acuerdos INE/CG391/2017, INE/CG111/2018 e "
            "INE/CG1690/2021, en sesión extraordinaria celebrada el 17 de noviembre de 2021.",
            set(),
        ),
        (  # "este último": the last of the list only
            "Mediante los acuerdos IEEQ/CG/A/010/23 e IEEQ/CG/A/051/23, este último aprobado el 4 de octubre de "
            "2023, el Consejo General reguló el programa.",
            {("IEEQ/CG/A/051/23", "2023-10-04")},
        ),
        (  # one list, one year, one date: all of them
            "El 4 de octubre de 2023 el Consejo General aprobó los acuerdos IEEQ/CG/A/050/23 e IEEQ/CG/A/051/23.",
            {("IEEQ/CG/A/050/23", "2023-10-04"), ("IEEQ/CG/A/051/23", "2023-10-04")},
        ),
    ],
)
def test_lists_share_a_date_only_when_approved_together(tmp_path, body, dated):
    assert facts(extract_text(tmp_path, body), "approved_on") == dated


def test_an_id_the_subject_names_is_the_matter_not_an_approval(tmp_path):
    doc = extract_text(
        tmp_path,
        "El doce de febrero de 2024, en la Cuarta Sesión Extraordinaria, el Consejo General aprobó el acuerdo "
        "CGIEEG/036/2024, por el que se modifica el diverso CGIEEG/031/2024 para trasladar el CATD de Xichú.",
        header="Instituto Electoral del Estado de Guanajuato\n\n20 de febrero de 2024\n\n",
    )
    assert {a for a, _ in facts(doc, "approved_on")} == {"CGIEEG/036/2024"}
    assert {a for a, _ in facts(doc, "approved_in")} == {"CGIEEG/036/2024"}


def test_a_session_in_a_subject_clause_is_not_held(tmp_path):
    doc = extract_text(
        tmp_path,
        "El Consejo General aprobó el acuerdo IEEQ/CG/A/090/23, por el que se emiten los Lineamientos para la "
        "Sesión Especial de Cómputo, en la sesión extraordinaria celebrada el 14 de noviembre de 2023.",
    )
    assert facts(doc, "approved_on") == {("IEEQ/CG/A/090/23", "2023-11-14")}
    assert all("especial" not in s for s, _ in facts(doc, "held_on"))
    assert facts(doc, "subject") == {
        ("IEEQ/CG/A/090/23", "por el que se emiten los Lineamientos para la Sesión Especial de Cómputo")
    }


def test_a_presented_documents_date_is_not_the_sessions(tmp_path):
    doc = extract_text(
        tmp_path,
        "El 2 de febrero de 2024, la UNICOM presentó al COTAPREP la propuesta de Lineamientos, la cual fue "
        "analizada en la Sexta Sesión Ordinaria de dicho Comité.",
    )
    assert not facts(doc, "held_on")


GAZETTE = """PERIÓDICO OFICIAL DEL ESTADO

SUMARIO

INSTITUTO ELECTORAL DE MICHOACÁN

ACUERDO No. IEM-CG-38/2024

ACUERDO DEL CONSEJO GENERAL, POR EL QUE SE APRUEBA EL PROCESO TÉCNICO OPERATIVO DEL PROGRAMA.

PRIMERO. El 31 de enero de 2024 el Consejo General aprobó el presente Acuerdo en sesión ordinaria.

Así lo aprobó el Consejo General del Instituto Electoral de Michoacán.

INSTITUTO ELECTORAL DE MICHOACÁN

ACUERDO No. IEM-CG-41/2024

ACUERDO DEL CONSEJO GENERAL, POR EL QUE SE EMITEN LOS LINEAMIENTOS DE CÓMPUTO.

PRIMERO. El 9 de febrero de 2024 el Consejo General aprobó el presente Acuerdo en sesión extraordinaria.

Así lo aprobó el Consejo General del Instituto Electoral de Michoacán.
"""


def test_a_gazette_of_several_acuerdos_gives_each_its_own(tmp_path):
    doc = extract_text(tmp_path, GAZETTE, header="")
    assert doc.document.kind == DocKind.otro
    assert facts(doc, "approved_on") == {("IEM-CG-38/2024", "2024-01-31"), ("IEM-CG-41/2024", "2024-02-09")}


@pytest.mark.parametrize(
    ("body", "dated"),
    [
        (  # two dates, two IDs, "respectivamente": in order
            "Reformado en sesiones celebradas el siete de abril y el trece de mayo de dos mil quince, mediante "
            "acuerdos ACU-19-15 y ACU-33-15, respectivamente.",
            {("ACU-19-15", "2015-04-07"), ("ACU-33-15", "2015-05-13")},
        ),
        (  # one date: "respectivamente" pairs the objects, the date is both IDs'
            "El 28 de agosto de 2017, mediante Acuerdos INE/CG302/2017 e INE/CG303/2017, el Consejo General "
            "aprobó, respectivamente, la creación del COTAPREP y el proceso técnico operativo.",
            {("INE/CG302/2017", "2017-08-28"), ("INE/CG303/2017", "2017-08-28")},
        ),
    ],
)
def test_respectively_pairs_dates_in_order(tmp_path, body, dated):
    assert facts(extract_text(tmp_path, body), "approved_on") == dated


def test_a_session_right_after_the_id_approved_it(tmp_path):
    doc = extract_text(
        tmp_path,
        "IV. Reforma de 2019. Acuerdo IECM/ACU-CG014/2019, en sesión ordinaria celebrada el veintiocho de "
        "febrero de 2019, por el que se reformó el Reglamento de Sesiones.",
        header="Instituto Electoral de la Ciudad de México\n\n15 de marzo de 2022\n\n",
    )
    assert facts(doc, "approved_on") == {("IECM/ACU-CG014/2019", "2019-02-28")}
    assert facts(doc, "approved_in") == {
        ("IECM/ACU-CG014/2019", "iecm|consejo general|ordinaria|s/n|2019-02-28")
    }


def test_items_of_a_list_take_the_opening_sentences_session(tmp_path):
    doc = extract_text(
        tmp_path,
        "En la Décimo Octava Sesión Extraordinaria del Consejo General, celebrada el martes 9 de marzo de 2021, "
        "se aprobaron los siguientes acuerdos:\n\n"
        "a) IECM/ACU-CG-071/2021, por el que se aprueba la ubicación de los CATD.\n\n"
        "b) IECM/ACU-CG-072/2021, por el que se aprueba el Proceso Técnico Operativo.\n\n"
        "En otro apartado se menciona el acuerdo IECM/ACU-CG-090/2021.",
        header="Instituto Electoral de la Ciudad de México\n\n5 de abril de 2021\n\n",
    )
    session = "iecm|consejo general|extraordinaria|18|2021"
    assert facts(doc, "approved_in") == {("IECM/ACU-CG-071/2021", session), ("IECM/ACU-CG-072/2021", session)}
    assert facts(doc, "approved_on") == {
        ("IECM/ACU-CG-071/2021", "2021-03-09"),
        ("IECM/ACU-CG-072/2021", "2021-03-09"),
    }
    listed = [c for c in doc.claims if c.predicate == "approved_in"]
    assert all(c.basis == "other sentence" for c in listed)


def test_a_bulletin_session_of_extraordinary_character(tmp_path):
    doc = extract_text(
        tmp_path,
        "En sesión virtual de carácter extraordinario número 27, celebrada la tarde de este jueves 06 de mayo, "
        "los integrantes del Consejo General aprobaron por unanimidad el acuerdo IEEC/CG/74/2021.",
        header="INSTITUTO ELECTORAL DEL ESTADO DE CAMPECHE\n\nProceso Electoral Estatal Ordinario 2020-2021\n\n"
        "Boletín No. 087\n\n",
    )
    session = "ieec|consejo general|extraordinaria|27|2021"
    assert facts(doc, "held_on") == {(session, "2021-05-06")}
    assert facts(doc, "approved_in") == {("IEEC/CG/74/2021", session)}


def test_a_review_date_in_a_relative_clause_is_not_the_approval(tmp_path):
    doc = extract_text(
        tmp_path,
        "El 15 de febrero de 2024, mediante Acuerdo No. IETAM-A/CG-18/2024, este Consejo General aprobó el "
        "Proceso Técnico Operativo del programa, que fue revisado por la Comisión Especial el 20 de febrero de 2024.",
        header="INSTITUTO ELECTORAL DE TAMAULIPAS\n\n1 de marzo de 2024\n\n",
    )
    assert facts(doc, "approved_on") == {("IETAM-A/CG-18/2024", "2024-02-15")}


def test_the_council_of_the_former_ife_is_the_ifes(tmp_path):
    doc = extract_text(
        tmp_path,
        "El 25 de noviembre de 2011, en sesión extraordinaria, el Consejo General del entonces Instituto Federal "
        "Electoral aprobó el Acuerdo CG391/2011.",
        header="INSTITUTO NACIONAL ELECTORAL\n\n4 de marzo de 2024\n\n",
    )
    assert facts(doc, "approved_in") == {("CG391/2011", "ife|consejo general|extraordinaria|s/n|2011-11-25")}


def test_a_resolution_labelled_with_its_id_is_its_own(tmp_path):
    doc = extract_text(
        tmp_path,
        "Resolución INE-CT-R-0412-2023\n\nResolución del Comité de Transparencia del Instituto Nacional Electoral "
        "por la que se confirma la inexistencia de los registros.\n\nAntecedentes\n\nEl presente Acuerdo fue "
        "aprobado en la Trigésima Primera Sesión Extraordinaria del Comité de Transparencia.",
        header="INSTITUTO NACIONAL ELECTORAL\n\n",
    )
    assert doc.document.kind == DocKind.acuerdo
    assert {a for a, _ in facts(doc, "approved_in")} == {"INE-CT-R-0412-2023"}
