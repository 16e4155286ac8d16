"""Layout of text files: running headers, page numbers, paragraphs, hyphenation."""

import pytest

from models import RawDocument, RawPage
from pipeline.layout import clean
from pipeline.layout.paragraphs import join_pair

HEADER = "Instituto Electoral de Prueba\nInforme mensual\n"


def raw(*pages: str) -> RawDocument:
    return RawDocument(
        doc_id="x",
        path="x.txt",
        encoding="utf-8",
        pages=tuple(RawPage(number=i, text=t) for i, t in enumerate(pages, start=1)),
    )


def test_clean_drops_running_header_and_page_numbers():
    words = ("uno", "dos", "tres")
    pages = [
        f"{HEADER}\nPárrafo del informe, apartado {w}.\n\nPágina {n} de 3\n" for n, w in enumerate(words, 1)
    ]
    text = clean(raw(*pages)).text
    assert "Informe mensual" not in text and "Página" not in text
    assert text.count("Párrafo del informe") == 3


def test_clean_joins_sentence_cut_by_page_break():
    first = f"{HEADER}\nEl Consejo General del Instituto aprobó en sesión ordinaria el acuerdo que se remite al Estado de\n"
    second = f"{HEADER}\nDurango, mediante oficio de la misma fecha.\n"
    result = clean(raw(first, second))
    assert "al Estado de Durango, mediante oficio" in result.text
    assert result.page_at(result.text.index("Durango, mediante")) == 2


def test_clean_undoes_hyphenation_and_markup():
    lines = (
        "La Unidad Técnica informa sobre el avance en la imple-\n"
        "mentación del Programa de Resultados Electorales Preliminares del\n"
        "Instituto, conforme al Acuerdo **IEPC/CG122/2021** aprobado.\n"
    )
    text = clean(raw(lines)).text
    assert "implementación del Programa" in text and "**" not in text and "Preliminares del Instituto" in text


WORDS = "acopio captura difusión auditoría simulacro casilla cómputo sesión acta comisión consejo unidad sistema ente".split()


def body(page: str) -> str:
    return "\n".join(f"El renglón sobre {w} forma parte de la página {page} del informe." for w in WORDS)


def test_clean_splits_text_dump_on_repeated_header():
    words = ("uno", "dos", "tres")
    dump = "\n".join(
        f"{HEADER}\nContenido del apartado {w}, que es un párrafo completo.\n{body(w)}" for w in words
    )
    result = clean(raw(dump))
    assert len(result.page_starts) == 3
    assert result.page_at(result.text.index("apartado tres")) == 3
    assert "Informe mensual" not in result.text


def test_clean_keeps_lettered_heading_named_by_the_toc_apart():
    page = (
        "a. Desarrollo del sistema ........................ 4\n"
        "b. Inicio del proceso electoral .................. 4\n\n"
        "El sistema se encuentra en proceso de documentación para su entrega al ente auditor y a la\n"
        "Comisión de seguimiento del programa.\n"
        "b. Inicio del proceso electoral\n"
        "El Proceso Electoral Local Ordinario inició el 7 de enero con la sesión solemne del Consejo.\n"
    )
    assert "\n\nb. Inicio del proceso electoral\n\n" in clean(raw(page)).text


def test_clean_keeps_repeated_table_rows_of_a_one_page_text():
    """Lines repeated a few lines apart are a table's rows, not a running header."""
    rows = "".join(
        f"IEEM/CG/{n}/2017\nConsejo General, 07 de octubre de 2017\nSesión Extraordinaria\n"
        for n in (30, 31, 32)
    )
    text = clean(raw(f"Acuerdos aprobados en el periodo:\n{rows}")).text
    assert (
        text.count("Consejo General, 07 de octubre de 2017") == 3 and text.count("Sesión Extraordinaria") == 3
    )


def test_clean_keeps_a_year_that_ends_a_page():
    """A line that is only a year ("2021.") reads like a page number once digits are masked."""
    pages = [
        f"{HEADER}\nEl Consejo General aprobó el acuerdo el día 25 de agosto del año\n2021.\n",
        f"{HEADER}\nLa Comisión sesionó el 3 de septiembre del año\n2021.\n",
    ]
    text = clean(raw(*pages)).text
    assert "25 de agosto del año 2021." in text and "3 de septiembre del año 2021." in text


def test_clean_measures_full_lines_without_toc_leaders():
    """TOC lines with leaders are far longer than body lines: they must not make every
    body line look short (and so end a paragraph)."""
    toc = "\n".join(f"{n}. Apartado número {n} del informe {'.' * 120} {n}" for n in range(1, 5))
    body = (
        "El Consejo General aprobó en sesión extraordinaria los Lineamientos para la\n"
        "operación del Programa de Resultados Electorales Preliminares del proceso local.\n"
    )
    assert "Lineamientos para la operación del Programa" in clean(raw(f"{toc}\n\n{body}")).text


def test_clean_reads_hyphenation_markers_in_text_files():
    """Exports keep pdfium's U+FFFE where a word was cut, with no line break after it."""
    text = clean(
        raw("En la Déci\ufffema Sesión del Instituto de GUA\ufffeNAJUATO, acuerdo IETAM/CG\ufffe84/2016.\n")
    ).text
    assert "Décima Sesión" in text and "GUANAJUATO" in text and "IETAM/CG-84/2016" in text


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("implemen\ufffe", "tación del programa", "implementación del programa"),
        ("vein\ufffe", "titrés de mayo", "veintitrés de mayo"),
        ("PARTICIPACIÓN CIUDA\ufffe", "DANA DE SAN LUIS", "PARTICIPACIÓN CIUDADANA DE SAN LUIS"),
        ("acuerdo IETAM/CG\ufffe", "84/2016 del Consejo", "acuerdo IETAM/CG-84/2016 del Consejo"),
        ("expediente SUP-RAP\ufffe", "460/2016", "expediente SUP-RAP-460/2016"),
        ("el Acuerdo IECM/ACU\ufffe", "CG-088/2021", "el Acuerdo IECM/ACU-CG-088/2021"),
        ("la imple-", "mentación", "la implementación"),
        ("DE PUBLI-", "CACIÓN DEL", "DE PUBLICACIÓN DEL"),
        ("en la que decla -", "ró el inicio", "en la que declaró el inicio"),
        ("Acuerdo IEQROO/CG/A-", "151-2021", "Acuerdo IEQROO/CG/A-151-2021"),
        ("Acuerdo IEEM/", "CG/29/2020", "Acuerdo IEEM/CG/29/2020"),
        ("Proceso Electoral 2020-", "2021", "Proceso Electoral 2020-2021"),
        ("el Consejo General", "aprobó", "el Consejo General aprobó"),
    ],
)
def test_join_pair_spanish_lines(before, after, joined):
    assert join_pair(before, after) == joined


@pytest.mark.parametrize(
    ("line", "joined"),
    [
        ("A N T E C E D E N T E S", "ANTECEDENTES"),
        ("C O N S I D E R A N D O S:", "CONSIDERANDOS:"),
        ("R E S U L T A N D O S  Y  C O N S I D E R A N D O S", "RESULTANDOS Y CONSIDERANDOS"),
        ("a las 10 y 15 horas", "a las 10 y 15 horas"),  # not letter-spaced: kept
        ("I. A B", "I. A B"),
    ],
)
def test_clean_joins_letter_spaced_headings(line, joined):
    assert clean(raw(f"Título\n\n{line}\n\nTexto del apartado.\n")).text.split("\n\n")[1] == joined


def test_running_header_with_a_different_id_each_time_is_content():
    """A gazette heads each acuerdo with "ACUERDO No. <ID>": the ID differs each time, so the
    line is a heading of the content, not a page's running header."""
    body = "\n".join(f"Párrafo {n} del acuerdo con texto suficiente." for n in range(14))
    text = "\n\n".join(f"INSTITUTO ELECTORAL\n\nACUERDO No. IEM-CG-{n}/2024\n\n{body}" for n in (38, 41, 45))
    cleaned = clean(raw(text)).text
    assert all(f"IEM-CG-{n}/2024" in cleaned for n in (38, 41, 45))
