"""informes: PREP informes and acuerdos of Mexican electoral institutes → DuckDB.

import pipeline
pipeline.ingest(["corpus/docs"], db="informes.duckdb")
con = pipeline.connect("informes.duckdb")
con.sql("select acuerdo_id, session_id, approved_on from acuerdos").show()
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

    from pipeline.batch import IngestReport

__all__ = ["connect", "ingest"]


def ingest(paths: list[str | Path], db: str | Path | None = None, **options: Any) -> IngestReport:
    """Ingest files and folders; see `pipeline.batch.ingest` for the options."""
    from pipeline.batch import ingest as run

    return run(paths, db=db, **options)


def connect(db: str | Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the database (read-only unless asked otherwise)."""
    from pipeline.db.store import connect as open_db

    return open_db(db, read_only=read_only)
