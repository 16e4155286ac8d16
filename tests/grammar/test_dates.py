import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.grammar.dates import Calendar, find_dates, spanish_date
from pipeline.grammar.numbers import int_to_words
from pipeline.grammar.times import find_times


def dates_in(text: str, year: int | None = 2021) -> list[str]:
    return [d.value.isoformat() for d in find_dates(text, year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El día 25 de agosto de 2021 a las 10:00 horas", ["2021-08-25"]),
        ("03-09-2021", ["2021-09-03"]),
        ("de fecha 30 de enero 2017", ["2017-01-30"]),
        ("realizada el 23 de noviembre del 2022", ["2022-11-23"]),
        ("MEXICALI,  MAYO 13, 2021.", ["2021-05-13"]),
        ("PERIÓDICO OFICIAL Abril 17 de 2024", ["2024-04-17"]),
        ("3 de Nov. de 2020", ["2020-11-03"]),
        ("Lunes 11 de Septiembre de 2017", ["2017-09-11"]),
        ("de este jueves 26 de abril de 2018", ["2018-04-26"]),
        ("a los doce días del mes de mayo del año dos mil dieciséis", ["2016-05-12"]),
        ("El diecinueve (19) de septiembre del dos mil veintidós (2022)", ["2022-09-19"]),
        ("a 18 dieciocho de junio de 2012 dos mil doce", ["2012-06-18"]),
        ("Ciudad de México, 17 de febrero de dos mil dieciséis.", ["2016-02-17"]),
        ("el 1° de julio de 2018", ["2018-07-01"]),
        ("a partir del 1o. de septiembre de 2020", ["2020-09-01"]),
        ("El día primero de octubre del año dos mil tres", ["2003-10-01"]),
        ("el 17-11-2021", ["2021-11-17"]),
        ("28/06/2024 [IEEQ/CG/A/042/24]", ["2024-06-28"]),
        ("el 2/jun/2024", ["2024-06-02"]),
        ("03 DIC 18 IECM-ACU-CG-332-18", ["2018-12-03"]),
        ("del 17 al 21 de mayo de 2021", ["2021-05-17", "2021-05-21"]),
        (
            "los días 8 (2 sesiones), 18 y 22 (2 sesiones) de diciembre de 2017",
            ["2017-12-08", "2017-12-18", "2017-12-22"],
        ),
        ("a partir del miércoles 09 y hasta el viernes 11 de junio de 2021", ["2021-06-09", "2021-06-11"]),
        ("el primero de enero al quince de diciembre del 2022", ["2022-01-01", "2022-12-15"]),
        ("El 1 O de febrero de 2014", ["2014-02-10"]),
        ("siendo las veintitrés horas del día sábado cinco de junio de dos mil veintiuno", ["2021-06-05"]),
    ],
)
def test_find_dates_reads_every_style(text, expected):
    assert dates_in(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("el ocho de enero del año en curso", 2024, "2024-01-08"),
        ("aprobado el once de mayo de la presente anualidad", 2016, "2016-05-11"),
        ("fecha de 27 de mayo del presente", 2020, "2020-05-27"),
        ("el 30 de septiembre", 2021, "2021-09-30"),
    ],
)
def test_find_dates_takes_missing_year_from_context(text, year, expected):
    (date,) = find_dates(text, year)
    assert date.value.isoformat() == expected and date.inferred


@pytest.mark.parametrize(
    "text",
    [
        "ACUERDO 036/SO/31-08-2020, POR EL QUE SE DESIGNA",  # Guerrero ID carries a date
        "Sesión Ordinaria de mayo de 2021",  # a month is not a date
        "un avance de 10.30 por ciento",
        "Proceso Electoral Local 2021-2022",
    ],
)
def test_find_dates_ignores_non_dates(text):
    assert dates_in(text) == []


def test_find_dates_keeps_stated_weekday():
    (date,) = find_dates("el lunes 27 de octubre de 2021", None)
    assert date.weekday == 0 and date.value.weekday() == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a las 10:00 horas", "10:00"),
        ("convocada para las 17:00 horas", "17:00"),
        ("14:00 Hrs.", "14:00"),
        ("a las 15 horas", "15:00"),
        ("a las 7:38 am", "07:38"),
        ("a las 6 de la tarde", "18:00"),
        ("SIENDO LAS CATORCE HORAS CON NUEVE MINUTOS", "14:09"),
        ("siendo las veintitrés horas con cuarenta y siete minutos", "23:47"),
    ],
)
def test_find_times(text, expected):
    assert [t.value.strftime("%H:%M") for t in find_times(text)] == [expected]


def words_date(value: dt.date) -> str:
    months = spanish_date(value).split(" de ")[1]
    return f"a los {int_to_words(value.day)} días del mes de {months} del año {int_to_words(value.year)}"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_spanish_date_round_trips(value):
    assert [d.value for d in find_dates(spanish_date(value))] == [value]


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_date_in_words_round_trips(value):
    assert [d.value for d in find_dates(words_date(value))] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "y" joins tens and units only: 2015, then the 7th of April (of the paragraph's year)
        ("el trece de mayo de dos mil quince y siete de abril", ["2015-05-13", "2015-04-07"]),
        ("mil novecientos noventa y ocho", []),
        ("el 30 de junio de mil novecientos noventa y ocho", ["1998-06-30"]),
        # numbered annexes and rules are not dates
        ("conforme al Anexo 3.5.17 del Reglamento", []),
        ("en términos de la regla 3.10.10 y del numeral 2.3.21", []),
        ("el 03.09.2021 se recibió", ["2021-09-03"]),
    ],
)
def test_find_dates_reads_numbers_as_written(text, expected):
    assert dates_in(text, None) == expected


CALENDAR = Calendar(year=2021, issued=dt.date(2021, 3, 10), process=(2020, 2021))


@pytest.mark.parametrize(
    ("text", "calendar", "expected"),
    [
        # a local process starts in the autumn of its first year
        ("El 16 de diciembre se aprobó el acuerdo.", CALENDAR, ["2020-12-16"]),
        ("El 6 de mayo se celebrará la jornada.", CALENDAR, ["2021-05-06"]),
        # without a process: a past event is not far after the document's own date
        (
            "El 16 de diciembre se aprobó el acuerdo.",
            Calendar(year=2021, issued=dt.date(2021, 3, 10)),
            ["2020-12-16"],
        ),
        # the last date of the paragraph that states its year, not an ID's or a process's year
        ("El 5 de marzo de 2019 y el 12 de marzo se publicó.", CALENDAR, ["2019-03-05", "2019-03-12"]),
        ("Con el acuerdo INE/CG502/2023, el 22 de julio se aprobó.", Calendar(year=2024), ["2024-07-22"]),
        ("Del proceso 2026-2027.\n\nEl 22 de julio se aprobó.", Calendar(year=2024), ["2024-07-22"]),
        # nothing supports a year: no date at all
        ("El 22 de julio se aprobó el acuerdo.", Calendar(), []),
    ],
)
def test_find_dates_years_from_the_calendar(text, calendar, expected):
    assert [d.value.isoformat() for d in find_dates(text, calendar)] == expected


def test_find_dates_gives_one_day_one_year():
    text = "Celebró su sesión el 12 de enero de 2024.\n\nLa sesión del 12 de enero revisó el proyecto."
    assert dates_in(text, 2023) == ["2024-01-12", "2024-01-12"]
