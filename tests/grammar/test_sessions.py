import pytest

from pipeline.grammar.numbers import int_to_words, ordinal_to_int, roman_to_int, words_to_int
from pipeline.grammar.organisations import find_organisations
from pipeline.grammar.sessions import find_sessions


@pytest.mark.parametrize(
    ("text", "body", "type_", "number"),
    [
        (
            "se lleva a cabo la Sesión Extraordinaria No. 39 del Consejo General en la que",
            "consejo general",
            "extraordinaria",
            "39",
        ),
        ("En Sesión Extraordinaria número 39, de fecha", None, "extraordinaria", "39"),
        ("Sesión Extraordinaria número uno", None, "extraordinaria", "1"),
        ("la Sesión Ordinaria #28", None, "ordinaria", "28"),
        ("Sesión No. 18 Ordinaria, convocada para las 17:00 horas", None, "ordinaria", "18"),
        ("En sesión virtual con carácter extraordinaria número 27", None, "extraordinaria", "27"),
        ("sesión extraordinaria Nº 28 celebrada", None, "extraordinaria", "28"),
        ("en sesión número 3 de tipo extraordinaria", None, "extraordinaria", "3"),
        ("Sesión número 57 extraordinaria", None, "extraordinaria", "57"),
        (
            "en la Trigésima Novena Sesión Extraordinaria del Consejo General",
            "consejo general",
            "extraordinaria",
            "39",
        ),
        ("Décima Segunda Sesión Ordinaria", None, "ordinaria", "12"),
        ("décimo octava sesión extraordinaria urgente", None, "extraordinaria urgente", "18"),
        ("Quincuagésima Tercera Sesión Extraordinaria", None, "extraordinaria", "53"),
        ("XXXIV Sesión Extraordinaria", None, "extraordinaria", "34"),
        ("24ª Sesión Ordinaria", None, "ordinaria", "24"),
        ("sesión extraordinaria número cuarenta y uno", None, "extraordinaria", "41"),
        ("Primera Sesión Ordinaria del Comité Técnico Asesor del PREP", "cotaprep", "ordinaria", "1"),
        (
            "en Sesión Ordinaria de la Comisión Temporal del PREP",
            "comision temporal del prep",
            "ordinaria",
            "s/n",
        ),
        ("en sesión solemne", None, "solemne", "s/n"),
        ("durante la Sesión Permanente de la Jornada Electoral", None, "permanente", "s/n"),
        ("en sesión extraordinaria urgente celebrada a distancia", None, "extraordinaria urgente", "s/n"),
        ("en sesión extraordinaria con carácter de urgente", None, "extraordinaria urgente", "s/n"),
        ("sesión virtual con carácter de extraordinaria número 22", None, "extraordinaria", "22"),
        ("SESIÓN No. 31, EXTRAORDINARIA", None, "extraordinaria", "31"),
        ("la quincuagésima tercer sesión ordinaria", None, "ordinaria", "53"),
        ("Sesión Ordinaria de la Junta General Ejecutiva", "junta general ejecutiva", "ordinaria", "s/n"),
        ("Sesión Extraordinaria del Consejo Estatal Electoral", "consejo estatal", "extraordinaria", "s/n"),
        ("Sesión Ordinaria del Consejo Local Electoral", "consejo local", "ordinaria", "s/n"),
        ("Sesión Extraordinaria del Consejo Distrital", "consejo distrital", "extraordinaria", "s/n"),
        ("Sesión Ordinaria del Consejo Municipal Electoral", "consejo municipal", "ordinaria", "s/n"),
        (
            "Sesión Ordinaria de la Comisión Especial para la Atención del PREP",
            "comision especial del prep",
            "ordinaria",
            "s/n",
        ),
    ],
)
def test_find_sessions(text, body, type_, number):
    (match,) = find_sessions(text)
    assert (match.body, match.type, match.number) == (body, type_, number)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("se envían a la UNICOM del INE", ["unicom", "ine"]),
        ("el Instituto Electoral y de Participación Ciudadana del Estado de Durango", ["iepc durango"]),
        ("el Instituto Electoral del Estado de México (IEEM)", ["ieem", "ieem"]),
        ("la clave INE/CG661/2016", []),
    ],
)
def test_find_organisations(text, values):
    assert [m.value for m in find_organisations(text)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [("cuarenta y uno", 41), ("dos mil veintiuno", 2021), ("mil novecientos noventa y dos", 1992)],
)
def test_words_to_int(text, value):
    assert words_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Trigésima Novena", 39),
        ("décimo octava", 18),
        ("decimoctava", 18),
        ("quincuagésima tercer", 53),
        ("primera", 1),
    ],
)
def test_ordinal_to_int(text, value):
    assert ordinal_to_int(text) == value


@pytest.mark.parametrize(("text", "value"), [("XXXIV", 34), ("IX", 9), ("XC", 90), ("IIII", None)])
def test_roman_to_int(text, value):
    assert roman_to_int(text) == value


@pytest.mark.parametrize("number", [1, 15, 21, 39, 99, 100, 115, 2000, 2021, 1992])
def test_int_to_words_round_trips(number):
    assert words_to_int(int_to_words(number)) == number
