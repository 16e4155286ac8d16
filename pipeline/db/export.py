"""Export every contract table and view to Parquet or CSV files, one per relation."""

from __future__ import annotations

from pathlib import Path

from pipeline.db.schema import contract_names
from pipeline.db.store import connect, scalar
from pipeline.errors import InformesError

FORMATS = ("parquet", "csv")


def export(db: str | Path | None, out: Path, fmt: str = "parquet") -> list[tuple[str, int, Path]]:
    """Write `<out>/<relation>.<fmt>` for each contract relation: (name, rows, path)."""
    if fmt not in FORMATS:
        raise InformesError(f"unknown format {fmt!r} — use parquet or csv")
    out.mkdir(parents=True, exist_ok=True)
    con = connect(db, read_only=True)
    written = []
    try:
        for name in contract_names():
            path = out / f"{name}.{fmt}"
            options = "format parquet" if fmt == "parquet" else "format csv, header true"
            target = str(path).replace("'", "''")
            con.execute(f"copy (select * from {name}) to '{target}' ({options})")
            written.append((name, scalar(con, f"select count(*) from {name}"), path))
    finally:
        con.close()
    return written
