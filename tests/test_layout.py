from models import RawDocument, RawPage
from pipeline.layout import clean

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


def test_clean_splits_text_dump_on_repeated_header():
    words = ("uno", "dos", "tres")
    dump = "\n".join(
        f"{HEADER}\nContenido del apartado {w}, que es un párrafo completo del informe." for w in words
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
