"""Claims from real-style Spanish sentences (docs/formats.md; corpus documents)."""

import pytest

from pipeline.extract import extract
from pipeline.link.sentences import link
from pipeline.link.sessions import resolve_sessions
from pipeline.link.types import Context


def claims(
    text: str,
    issuer: str = "iepc durango",
    year: int = 2021,
    own: str | None = None,
    body: str = "consejo general",
) -> set[tuple[str, str, str]]:
    found, sentences = extract(text, year)
    found = resolve_sessions(text, found, sentences, body)
    return {
        (d.subject_id, d.predicate, d.object)
        for d in link(text, found, sentences, Context(issuer, year, own))
    }


S39 = "iepc durango|consejo general|extraordinaria|39|2021"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "El día 25 de agosto de 2021 a las 10:00 horas se lleva a cabo la Sesión Extraordinaria No. 39 del "
            "Consejo General en la que se aprueba el Acuerdo IEPC/CG122/2021 por el que se ratifica a la Instancia "
            "Interna, en la misma Sesión se aprueba el Acuerdo IEPC/CG123/2021 por el que se crea la Comisión Temporal.",
            {
                (S39, "held_on", "2021-08-25"),
                (S39, "held_at", "10:00"),
                ("IEPC/CG122/2021", "approved_in", S39),
                ("IEPC/CG123/2021", "approved_in", S39),
                ("IEPC/CG122/2021", "approved_on", "2021-08-25"),
                ("IEPC/CG123/2021", "approved_on", "2021-08-25"),
            },
        ),
        (
            "En Sesión Extraordinaria número 39, de fecha 25 de agosto de 2021, el Consejo General, mediante "
            "Acuerdo IEPC/CG122/2021 ratificó a su Unidad Técnica de Cómputo.",
            {
                (S39, "held_on", "2021-08-25"),
                ("IEPC/CG122/2021", "approved_in", S39),
                ("IEPC/CG122/2021", "approved_on", "2021-08-25"),
            },
        ),
    ],
)
def test_link_session_date_and_approval(text, expected):
    assert expected <= claims(text)


def test_link_sending_dates_follow_each_clause():
    text = (
        "El Acuerdo 048/SE/14-10-2020 se remitió a la UNICOM del INE el jueves 15 de octubre de 2020, "
        "y el Acuerdo 052/SO/28-10-2020 el jueves 29 de octubre de 2020."
    )
    facts = claims(text, "iepc guerrero", 2020)
    assert {
        ("048/SE/14-10-2020", "sent_on", "2020-10-15"),
        ("052/SO/28-10-2020", "sent_on", "2020-10-29"),
        ("048/SE/14-10-2020", "sent_to", "unicom"),
        ("052/SO/28-10-2020", "sent_to", "unicom"),
    } <= facts


def test_link_approval_date_is_not_a_sending_date():
    text = (
        "Los acuerdos IETAM-A/CG-33/2021 e IETAM-A/CG-34/2021, aprobados en sesión de fecha 19 de febrero "
        "2021, se remitieron a la UNICOM del INE el lunes 22 de febrero de 2021."
    )
    facts = claims(text, "ietam")
    assert ("IETAM-A/CG-33/2021", "sent_on", "2021-02-22") in facts
    assert ("IETAM-A/CG-33/2021", "sent_on", "2021-02-19") not in facts


def test_link_closing_certification_gives_the_own_acuerdo():
    text = (
        "Así lo aprobaron por unanimidad de votos las consejeras y los consejeros electorales, en la "
        "Trigésima Novena Sesión Extraordinaria celebrada en Toluca de Lerdo, el diecinueve (19) de agosto de "
        "dos mil veintidós (2022)."
    )
    session = "ieem|consejo general|extraordinaria|39|2022"
    facts = claims(text, "ieem", 2022, own="IEEM/CG/61/2022")
    assert {
        (session, "held_on", "2022-08-19"),
        ("IEEM/CG/61/2022", "approved_in", session),
        ("IEEM/CG/61/2022", "approved_on", "2022-08-19"),
    } <= facts


def test_link_other_institute_session_gets_its_issuer():
    text = (
        "En sesión extraordinaria celebrada el siete de septiembre de dos mil dieciséis, el Consejo General "
        "del INE expidió, mediante acuerdo INE/CG661/2016, el Reglamento de Elecciones."
    )
    session = "ine|consejo general|extraordinaria|s/n|2016-09-07"
    assert ("INE/CG661/2016", "approved_in", session) in claims(text, "ieem", 2022)


def test_link_possessive_session_belongs_to_the_subject():
    text = (
        "La Comisión Temporal del Programa de Resultados Electorales Preliminares llevó a cabo su Sesión "
        "Extraordinaria número 3 el 24 de noviembre de 2021, en la que aprobó someter a la consideración del "
        "Consejo General los proyectos de acuerdo."
    )
    assert (
        "iepc durango|comision temporal del prep|extraordinaria|3|2021",
        "held_on",
        "2021-11-24",
    ) in claims(text)


def test_link_subject_after_an_aside_and_before_a_reason():
    text = (
        "Continúa vigente el Acuerdo IEEPCO-CG-39/2021, aprobado el miércoles 31 de marzo de 2021, por el que se "
        "determinan la fecha y hora de inicio de la publicación, en virtud de lo dispuesto en el Anexo 13."
    )
    assert (
        "IEEPCO-CG-39/2021",
        "subject",
        "por el que se determinan la fecha y hora de inicio de la publicación",
    ) in claims(text, "ieepco")


def test_link_resumed_session_keeps_both_dates():
    text = (
        "La Trigésima Sesión Extraordinaria del Consejo General inició el 2 de junio de 2021. "
        "La Trigésima Sesión Extraordinaria se reanudó el 3 de junio de 2021."
    )
    session = "ieepco|consejo general|extraordinaria|30|2021"
    facts = claims(text, "ieepco")
    assert {(session, "held_on", "2021-06-02"), (session, "held_on", "2021-06-03")} <= facts
