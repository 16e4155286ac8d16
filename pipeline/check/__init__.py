"""Stage 7 — check: rules over every claim in the database → `Finding` records.

Each rule is a small function `(con) -> list[Finding]` over SQL on the contract
tables; `run_checks` runs them all. Rules never write: the CLI stores the result
with `pipeline.db.store.replace_findings`.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from models import Finding
from pipeline.check.conflicts import acuerdo_date_conflict, acuerdo_session_conflict, session_date_conflict
from pipeline.check.dates import (
    acuerdo_year_mismatch,
    date_after_issue,
    date_outside_period,
    session_order,
    weekday_mismatch,
)
from pipeline.check.structure import toc_mismatch, unresolved_reference

RULES: tuple[Callable[[duckdb.DuckDBPyConnection], list[Finding]], ...] = (
    session_date_conflict,
    acuerdo_session_conflict,
    acuerdo_date_conflict,
    acuerdo_year_mismatch,
    weekday_mismatch,
    date_after_issue,
    date_outside_period,
    session_order,
    toc_mismatch,
    unresolved_reference,
)


def run_checks(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every rule over the whole database, numbered '<check>:<n>'."""
    findings = []
    for rule in RULES:
        for n, item in enumerate(rule(con), start=1):
            findings.append(item.model_copy(update={"finding_id": f"{item.check}:{n}"}))
    return findings


def doc_ids_of(item: Finding) -> list[str]:
    """Documents a finding's evidence points into (for grouping by document)."""
    return sorted({e.doc_id for e in item.evidence})
