"""Export every contract table and view to Parquet or CSV files, one per relation."""

from __future__ import annotations

from pathlib import Path

from pipeline.db.readonly import reading
from pipeline.db.schema import contract_names
from pipeline.db.store import scalar
from pipeline.errors import InformesError

FORMATS = ("parquet", "csv")


def export(db: str | Path | None, out: Path, fmt: str = "parquet") -> list[tuple[str, int, Path]]:
    """Write `<out>/<relation>.<fmt>` for each contract relation: (name, rows, path).
    The connection is the hardened read one, allowed to write into `out` only."""
    if fmt not in FORMATS:
        raise InformesError(f"unknown format {fmt!r} — use parquet or csv")
    if out.exists() and not out.is_dir():
        raise InformesError(f"--out {out} is a file — pass a folder to write the {fmt} files into")
    written = []
    with reading(db, writable_dir=out) as con:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InformesError(
                f"cannot create {out}: {exc.strerror} — pass a writable folder with --out"
            ) from None
        for name in contract_names():
            path = out.resolve() / f"{name}.{fmt}"
            options = "format parquet" if fmt == "parquet" else "format csv, header true"
            target = str(path).replace("'", "''")
            con.execute(f"copy (select * from {name}) to '{target}' ({options})")
            written.append((name, scalar(con, f"select count(*) from {name}"), out / path.name))
    return written
