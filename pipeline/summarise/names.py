"""How the summaries name things: dates, institutes, bodies, sessions, recipients,
severities."""

from __future__ import annotations

import datetime as dt
from functools import cache

from models import SessionKey
from pipeline.grammar.dates import spanish_date
from pipeline.grammar.organisations import institutes, is_unit
from pipeline.vocab import forms, load


def say_date(value: str | dt.date | None) -> str:
    if value is None or value == "":
        return "sin fecha"
    try:
        return spanish_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


@cache
def institute_names() -> dict[str, str]:
    return {row["key"]: forms(row, "names")[0] for row in load("institutes") if forms(row, "names")}


@cache
def body_names() -> dict[str, tuple[str, str]]:
    """canonical → (article, name as written first): 'consejo general' → ('el', 'Consejo General')."""
    return {
        row["canonical"]: (row["article"], forms(row, "variants")[0])
        for row in load("bodies")
        if forms(row, "variants")
    }


def session_label(session_id: str, issuer: str | None) -> str:
    """'iepc durango|consejo general|extraordinaria|39|2021' → 'Sesión Extraordinaria número 39 del
    Consejo General' (the institute is named when it is not `issuer`)."""
    key = SessionKey.parse(session_id)
    label = "Sesión " + key.type.title() if key.type else "Sesión"
    if key.numbered is not None:
        label += f" número {key.number}"
    article, name = body_names().get(key.body, ("el", key.body.title()))
    label += f" {'de la' if article == 'la' else 'del'} {name}"
    if key.issuer and key.issuer != issuer:
        label += f" del {institute_names().get(key.issuer, key.issuer.upper())}"
    return label


def recipient(value: str) -> str:
    """An institute key → 'el <its name>'; a unit → 'la <acronym> del <its institute>'
    ('unicom' → 'la UNICOM del INE')."""
    row = institutes().get(value)
    if row is None:
        return value
    if is_unit(value):
        parent = institutes()[row["parent"]]
        return f"la {forms(row, 'acronyms')[0]} del {forms(parent, 'acronyms')[0]}"
    return f"el {forms(row, 'names')[0]}"


def session_name(session_id: str, issuer: str | None, held_on: str | dt.date | None) -> str:
    """The label and the date: 'Sesión Extraordinaria número 39 del Consejo General, 25 de
    agosto de 2021', for lists and links where the session stands alone."""
    label = session_label(session_id, issuer)
    return f"{label}, {say_date(held_on)}" if held_on else label


# A finding's severity as the summaries say it: (singular, plural). "aviso" rather than
# "información": an info finding is a notice to read, not a fault.
SEVERITY_WORDS = {
    "error": ("error", "errores"),
    "warning": ("advertencia", "advertencias"),
    "info": ("aviso", "avisos"),
}


def severity_word(severity: str, count: int = 1) -> str:
    singular, plural = SEVERITY_WORDS.get(severity, (severity, severity))
    return singular if count == 1 else plural
