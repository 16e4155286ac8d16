"""Layout of PDF pages from the geometry of their lines (as pypdfium2 gives them): the
same paragraphs whether the producer justifies, leaves the right edge ragged, hyphenates
or sets two columns, and headers recognised by where they stand."""

from __future__ import annotations

from models import RawDocument, RawLine, RawPage
from pipeline.layout import clean

CHAR, PITCH, LEFT = 5.0, 14.0, 72.0  # a 5-point character, 14 points from line to line


def line(text: str, top: float, x0: float = LEFT, width: int | None = None) -> RawLine:
    """A line of `text` whose top edge is at `top` (PDF points from the bottom); a
    justified line is stretched to `width` characters."""
    right = x0 + CHAR * (width if width is not None else len(text))
    return RawLine(text=text, start=0, x0=x0, x1=right, top=top, bottom=top - 10)


def page(number: int, *lines: RawLine) -> RawPage:
    return RawPage(
        number=number, text="\n".join(item.text for item in lines), width=612, height=792, lines=lines
    )


def document(*pages: RawPage) -> RawDocument:
    return RawDocument(doc_id="x", path="x.pdf", encoding="pdf", pages=pages)


def column(rows: list[tuple[str, bool]], top: float = 700, x0: float = LEFT, width: int = 80, gap: float = 0):
    """Lines top-down: (text, full) where a full line is justified to the column's width;
    `gap` extra points after each line that ends a paragraph."""
    lines, y = [], top
    for text, full in rows:
        lines.append(line(text, y, x0, width if full else None))
        y -= PITCH + (0 if full else gap)
    return lines


JUSTIFIED = [
    ("En la Trigésima Novena Sesión Extraordinaria del Consejo General, celebrada el", True),
    ("25 de agosto de 2021, se aprobó el Acuerdo IEPC/CG122/2021 por el que se ratifica", True),
    ("a la Instancia Interna del PREP.", False),
    ("En la misma sesión se aprobó el Acuerdo IEPC/CG123/2021 por el que se crea e", True),
    ("integra la Comisión Temporal del PREP.", False),
]


def test_paragraphs_from_extra_space_between_them():
    text = clean(document(page(1, *column(JUSTIFIED, gap=8)))).text
    assert text.count("\n\n") == 1
    assert "celebrada el 25 de agosto de 2021, se aprobó" in text


def test_paragraphs_from_short_lines_without_extra_space():
    """No space between paragraphs: a line that stops although the next line's first
    word would have fitted ends its paragraph (justified and ragged alike)."""
    text = clean(document(page(1, *column(JUSTIFIED)))).text
    assert text.split("\n\n") == [
        "En la Trigésima Novena Sesión Extraordinaria del Consejo General, celebrada el 25 de agosto de 2021, "
        "se aprobó el Acuerdo IEPC/CG122/2021 por el que se ratifica a la Instancia Interna del PREP.",
        "En la misma sesión se aprobó el Acuerdo IEPC/CG123/2021 por el que se crea e integra la Comisión "
        "Temporal del PREP.",
    ]


def test_ragged_lines_join_when_the_next_word_would_not_fit():
    rows = [
        ("Los Lineamientos para la", False),
        ("implementación del Programa de Resultados Electorales Preliminares fueron aprobados.", False),
    ]
    lines = column(rows)
    lines[0] = line(
        rows[0][0], lines[0].top, width=78
    )  # "implementación" (14 letters) would not fit after it
    text = clean(document(page(1, *lines))).text
    assert (
        text
        == "Los Lineamientos para la implementación del Programa de Resultados Electorales Preliminares fueron aprobados."
    )


def test_hyphenation_markers_join_words_and_keep_hyphens_inside_ids():
    rows = [
        ("En la Déci\ufffe", True),
        ("ma Sesión Extraordinaria se citó el acuerdo IETAM/CG\ufffe", True),
        ("84/2016 y el expediente SUP-RAP-460/2016 del Instituto Electoral de GUA\ufffe", True),
        ("NAJUATO.", False),
    ]
    text = clean(document(page(1, *column(rows)))).text
    assert text == (
        "En la Décima Sesión Extraordinaria se citó el acuerdo IETAM/CG-84/2016 y el expediente "
        "SUP-RAP-460/2016 del Instituto Electoral de GUANAJUATO."
    )


def footer(number: int, total: int) -> RawLine:
    return line(f"Página {number} de {total}", 40, 270)


def test_running_header_and_footer_go_by_position_and_repetition():
    header = "Instituto Electoral y de Participación Ciudadana"
    bodies = (
        "Presentación del informe de avance.",
        "Acuerdos aprobados en el periodo.",
        "Envíos a la UNICOM.",
    )
    pages = [
        page(n, line(header, 760, 180), *column([(body, False)]), footer(n, 3))
        for n, body in enumerate(bodies, 1)
    ]
    text = clean(document(*pages)).text
    assert header not in text and "Página" not in text and text.split("\n\n") == list(bodies)


def test_a_body_line_that_reads_like_a_footer_stays():
    """A year alone closing a paragraph sits in the body, not in the footer band."""
    body = column(
        [("El Consejo General aprobó el acuerdo el 25 de agosto del año", False), ("2021.", False)], top=300
    )
    pages = [page(1, *body, footer(1, 2)), page(2, *column([("Segunda página.", False)]), footer(2, 2))]
    assert "agosto del año 2021." in clean(document(*pages)).text


def test_a_title_that_repeats_the_running_header_stays_on_page_one():
    """An acuerdo that repeats its own ID as running header keeps the ID in its title."""
    title = line("ACUERDO IEEM/CG/61/2022", 650, 200)
    header = lambda: line("IEEM/CG/61/2022", 770, 480)  # noqa: E731
    pages = [
        page(1, title, *column([("Por el que se designa a la instancia interna.", False)], top=600)),
        page(2, header(), *column([("Segunda página del acuerdo.", False)])),
        page(3, header(), *column([("Tercera página del acuerdo.", False)])),
    ]
    text = clean(document(*pages)).text
    assert text.startswith("ACUERDO IEEM/CG/61/2022") and text.count("IEEM/CG/61/2022") == 1


def test_two_columns_are_read_one_after_the_other_and_a_paragraph_crosses_them():
    left = column(
        [("La Comisión Temporal del PREP celebró su", True), ("Segunda Sesión Ordinaria el 20 de", True)],
        width=42,
    )
    right = column(
        [
            ("febrero de 2024, en la que conoció el", True),
            ("proyecto.", False),
            ("El Comité sesionó el 9 de febrero.", False),
        ],
        x0=330,
        width=42,
    )
    text = clean(document(page(1, *left, *right))).text
    assert text.split("\n\n") == [
        "La Comisión Temporal del PREP celebró su Segunda Sesión Ordinaria el 20 de febrero de 2024, "
        "en la que conoció el proyecto.",
        "El Comité sesionó el 9 de febrero.",
    ]


def test_clean_text_maps_back_to_pdf_lines():
    result = clean(document(page(1, *column(JUSTIFIED))))
    at = result.text.index("IEPC/CG123/2021")
    page_no, line_no, offset = result.source_at(at)
    assert (page_no, line_no) == (1, 3) and JUSTIFIED[3][0][offset:].startswith("IEPC/CG123/2021")


def test_a_column_that_opens_with_the_same_lines_on_each_page_keeps_them():
    """A Diario Oficial page opens each acuerdo at the top of the right column with the
    same seal lines: they share their row with the left column's text, so they are
    content, while the running header above both columns goes."""
    seal = ("Al margen un sello con el Escudo Nacional, que", "dice: Consejo General.- INE/")
    pages = []
    for n, ids in ((1, "CG187/2024."), (2, "CG188/2024.")):
        left = [
            line(f"Texto de la columna izquierda, línea {i}, página {n}.", 720 - i * PITCH) for i in range(6)
        ]
        right = [line(text, 720 - i * PITCH, x0=318, width=46) for i, text in enumerate(seal)]
        right.append(line(ids, 720 - 2 * PITCH, x0=318))
        header = line("DIARIO OFICIAL Martes 12 de marzo de 2024", 770)
        pages.append(page(n, header, *left, *right))
    text = clean(document(*pages)).text
    assert "DIARIO OFICIAL" not in text
    assert text.count("Al margen un sello") == 2
    assert "INE/CG187/2024." in text and "INE/CG188/2024." in text


def test_a_title_that_repeats_the_running_header_stays():
    """Chromium draws its header last: page 1's title with the header's words, a little
    lower, is not the header."""
    words = "INSTITUTO ESTATAL ELECTORAL DE HIDALGO"
    first = page(
        1, line(words, 713), line("Informe mensual del programa, primera parte.", 690), line(words, 777)
    )
    second = page(2, line("Segunda parte del informe mensual del programa.", 722), line(words, 777))
    text = clean(document(first, second)).text
    assert text.count(words) == 1 and text.startswith(words)


def test_a_toc_entry_wrapped_onto_a_capital_is_one_entry():
    toc = [
        line(
            "Acuerdo IEM-CG-38/2024 del Consejo General del Instituto Electoral, por el que se", 700, width=86
        ),
        line(
            "aprueba el Proceso Técnico Operativo del Programa de Resultados Electorales para el",
            686,
            width=86,
        ),
        line(
            "Proceso Electoral Local Ordinario 2023-2024 ........................................ 2",
            672,
            width=94,
        ),
        line(
            "Acuerdo IEM-CG-41/2024 del Consejo General, por el que se emiten los Lineamientos .. 7",
            658,
            width=94,
        ),
    ]
    entries = clean(document(page(1, *toc))).text.split("\n\n")
    assert len(entries) == 2
    assert entries[0].startswith("Acuerdo IEM-CG-38/2024") and entries[0].endswith(" 2")
    assert "para el Proceso Electoral Local" in entries[0]
