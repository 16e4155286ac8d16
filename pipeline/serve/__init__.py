"""`informes serve`: a local, read-only web interface (in Spanish) over the database.

    from pipeline.serve import create_app, serve
    serve("informes.duckdb", host="127.0.0.1", port=8000)

Every page is also JSON (`Accept: application/json` or a `.json` suffix), from the same
view models (`views.py`). Routes are listed in the README, section "Web interface".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InformesError

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["create_app", "serve"]


def create_app(
    db: str | Path | None = None, hosts: list[str] | None = None, cache: Path | None = None
) -> Starlette:
    """The ASGI application (see `pipeline.serve.app.create_app`)."""
    from pipeline.serve.app import create_app as build

    return build(db, hosts, cache)


def serve(db: str | Path | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the interface until interrupted. The database must exist and have been built
    by this version's schema; it is opened read-only for each request, so
    `informes ingest` can run meanwhile."""
    import uvicorn

    from pipeline.db.readonly import reading
    from pipeline.db.store import resolve_db, table_columns

    with reading(db) as con:  # a missing or busy database fails here, as one line
        columns = table_columns(con).get("mentions", [])
    if "boxes" not in columns:
        raise InformesError(
            f"database {resolve_db(db)} was built by an older informes (no page boxes) — "
            "run `informes ingest PATH ...` again to update it"
        )
    hosts = None if host in ("127.0.0.1", "localhost", "::1") else ["*"]
    uvicorn.run(create_app(db, hosts), host=host, port=port, log_level="info")
