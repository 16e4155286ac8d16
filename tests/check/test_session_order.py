"""session_order compares each session with the next number of its series: a misdated
series gives one warning per neighbouring pair out of order, not one per pair (a text
with many misdated sessions made the check, and every ingest that refreshes findings,
quadratic)."""

from __future__ import annotations

from pipeline.check import run_checks
from pipeline.db import store
from pipeline.process import process
from tests.corpus import memory_db

DAYS = (30, 25, 20, 15, 10, 5)  # sessions 1 … 6, each dated before the one numbered below it


def test_a_reversed_series_gives_one_warning_per_neighbouring_pair(tmp_path):
    text = ["INSTITUTO ELECTORAL Y DE PARTICIPACIÓN CIUDADANA DEL ESTADO DE DURANGO", ""]
    text += [
        f"La Sesión Ordinaria número {n} del Consejo General se celebró el {day} de junio de 2021.\n"
        for n, day in enumerate(DAYS, start=1)
    ]
    path = tmp_path / "sesiones.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    con = memory_db()
    store.write(con, process(path))
    found = [f for f in run_checks(con) if f.check == "session_order"]
    assert len(found) == len(DAYS) - 1  # all pairs: 15
    assert found[0].message == (
        "La sesión número 2 (25 de junio de 2021) está fechada antes que la número 1 (30 de junio de 2021)."
    )
