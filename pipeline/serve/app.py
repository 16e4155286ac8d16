"""The Starlette application: routes, HTML or JSON, Spanish error pages.

Each handler opens a read-only connection, builds the page's view model (`entities`,
`lists`, `search`) and hands it to `respond`, which renders HTML (Jinja2, autoescaped)
or, for `Accept: application/json` or a `.json` suffix, the view's own JSON. Handlers
are plain functions, so Starlette runs them in its thread pool: DuckDB and PDFium block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import pipeline.serve.urls as urls
from pipeline.errors import DatabaseInUse, DatabaseMissing, NotFound
from pipeline.serve.access import reading
from pipeline.serve.common import Site, pdf_of
from pipeline.serve.entities import (
    acuerdo_page,
    document_page,
    find_document,
    page_viewer,
    session_page,
)
from pipeline.serve.headers import SecurityHeaders
from pipeline.serve.lists import findings_page, home_page, institute_page
from pipeline.serve.pdf import page_png
from pipeline.serve.search import search_page
from pipeline.serve.views import View
from pipeline.serve.words import label
from pipeline.summarise.names import say_date

STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


@cache
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fecha"] = say_date
    env.filters["hora"] = lambda t: t.strftime("%H:%M") if isinstance(t, dt.time) else t
    env.filters["severidad"] = lambda s: label("severity", s)
    env.filters["control"] = lambda c: label("check", c)
    env.globals["institute_url"] = urls.institute_url
    return env


def split_suffix(raw: str) -> tuple[str, str]:
    """'IEPC/CG122/2021.json' → ('IEPC/CG122/2021', 'json'); no known suffix → (raw, '')."""
    for suffix in ("json", "png"):
        if raw.endswith("." + suffix):
            return raw[: -len(suffix) - 1], suffix
    return raw, ""


def wants_json(request: Request, suffix: str) -> bool:
    accept = request.headers.get("accept", "")
    return suffix == "json" or ("application/json" in accept and "text/html" not in accept)


def json_url(request: Request) -> str:
    """This page's JSON address: the path as the client sent it (still URL-encoded) + .json."""
    raw = request.scope.get("raw_path")
    path = (raw.decode("ascii", "replace") if raw else quote(request.url.path)).rstrip("/") or "/index"
    if not path.endswith(".json"):
        path += ".json"
    return path + (f"?{request.url.query}" if request.url.query else "")


def respond(request: Request, template: str, view: View, suffix: str = "", status: int = 200) -> Response:
    if wants_json(request, suffix):
        return JSONResponse(view.model_dump(mode="json"), status_code=status)
    if request.headers.get("hx-request") and template == "hallazgos":
        template = "hallazgos_lista"  # htmx filtering swaps only the list
    html = (
        templates()
        .get_template(f"{template}.html.j2")
        .render(page=view, q=request.query_params.get("q", ""), json_url=json_url(request))
    )
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    if wants_json(request, split_suffix(request.url.path)[1]):
        return JSONResponse({"error": message}, status_code=status)
    html = (
        templates()
        .get_template("error.html.j2")
        .render(title=title, message=message, q="", json_url=json_url(request))
    )
    return HTMLResponse(html, status_code=status)


def site(request: Request) -> Site:
    found: Site = request.app.state.site
    return found


def int_param(request: Request, name: str, default: int = 1) -> int:
    raw = request.query_params.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 7 else default


def text_param(request: Request, name: str) -> str | None:
    return request.query_params.get(name, "")[:200] or None


# --- pages ------------------------------------------------------------------------------


def page(request: Request, template: str, suffix: str, build: Callable[[Any, Site], View]) -> Response:
    """Build the view on a connection of its own, closed before rendering: the database is
    free for a writer as soon as the data is read."""
    here = site(request)
    with reading(here.gate, here.db) as con:
        view = build(con, here)
    return respond(request, template, view, suffix)


def home(request: Request) -> Response:
    return page(request, "inicio", split_suffix(request.url.path)[1], lambda con, _: home_page(con))


def acuerdo(request: Request) -> Response:
    ident, suffix = split_suffix(request.path_params["acuerdo_id"])
    return page(request, "acuerdo", suffix, lambda con, here: acuerdo_page(con, here, ident))


def sesion(request: Request) -> Response:
    ident, suffix = split_suffix(request.path_params["session_id"])
    return page(request, "sesion", suffix, lambda con, here: session_page(con, here, ident))


def documento(request: Request) -> Response:
    ident, suffix = split_suffix(request.path_params["doc_id"])
    return page(request, "documento", suffix, lambda con, here: document_page(con, here, ident))


def pagina(request: Request) -> Response:
    raw, suffix = split_suffix(request.path_params["page"])
    if not raw.isdigit() or len(raw) > 6:
        raise NotFound(f"«{raw[:40]}» no es un número de página.")
    if suffix == "png":
        return page_image(request, int(raw))
    ident = request.path_params["doc_id"]
    return page(request, "pagina", suffix, lambda con, here: page_viewer(con, here, ident, int(raw)))


def page_image(request: Request, page: int) -> Response:
    here = site(request)
    with reading(here.gate, here.db) as con:
        doc = find_document(con, request.path_params["doc_id"])
    if not 1 <= page <= (doc["pages"] or 0):
        raise NotFound(f"El documento tiene {doc['pages'] or 0} páginas: no hay página {page}.")
    pdf_path = pdf_of(here, doc)
    if pdf_path is None:
        raise NotFound("Este documento no tiene un PDF disponible para mostrar la página como imagen.")
    png = page_png(pdf_path, doc["doc_id"], page, here.cache)
    return FileResponse(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


def buscar(request: Request) -> Response:
    suffix = split_suffix(request.url.path)[1]
    q, number = request.query_params.get("q", ""), int_param(request, "pagina")
    return respond(request, "buscar", search_page(site(request), q, number), suffix)


def hallazgos(request: Request) -> Response:
    suffix = split_suffix(request.url.path)[1]
    check, severity = text_param(request, "control"), text_param(request, "severidad")
    issuer, number = text_param(request, "institucion"), int_param(request, "pagina")
    return page(
        request, "hallazgos", suffix, lambda con, _: findings_page(con, check, severity, issuer, number)
    )


def institucion(request: Request) -> Response:
    ident, suffix = split_suffix(request.path_params["issuer"])
    return page(request, "institucion", suffix, lambda con, _: institute_page(con, ident))


# --- errors -----------------------------------------------------------------------------


def unknown(request: Request, exc: Exception) -> Response:
    return error_page(request, 404, "No encontrado", str(exc))


def busy(request: Request, exc: Exception) -> Response:
    response = error_page(
        request, 503, "Base de datos ocupada", "La base de datos se está actualizando, intente de nuevo."
    )
    response.headers["Retry-After"] = "5"
    return response


def missing(request: Request, exc: Exception) -> Response:
    return error_page(request, 503, "Sin base de datos", f"No hay base de datos: {exc}")


def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return error_page(request, 404, "No encontrado", "Esta dirección no existe.")
    if status == 405:
        return error_page(request, 405, "Método no permitido", "Esta interfaz es de solo lectura.")
    return error_page(request, status, "Error", "La solicitud no se pudo atender.")


def server_error(request: Request, exc: Exception) -> Response:
    return error_page(request, 500, "Error interno", "Ocurrió un error inesperado al preparar esta página.")


ROUTES: list[tuple[str, Callable[[Request], Response]]] = [
    ("/", home),
    ("/index.json", home),
    ("/buscar", buscar),
    ("/buscar.json", buscar),
    ("/hallazgos", hallazgos),
    ("/hallazgos.json", hallazgos),
    ("/acuerdos/{acuerdo_id:path}", acuerdo),
    ("/sesiones/{session_id:path}", sesion),
    ("/documentos/{doc_id}/paginas/{page}", pagina),
    ("/documentos/{doc_id}", documento),
    ("/instituciones/{issuer:path}", institucion),
]


def create_app(
    db: str | Path | None = None, hosts: list[str] | None = None, cache: Path | None = None
) -> Starlette:
    """The web interface over the database `db`; `hosts` are the Host headers accepted
    (default: the loopback names, so a DNS-rebinding page cannot read the data); page
    images are cached in `cache` (see `Site.of`)."""
    handlers: dict[Any, Callable[[Request, Exception], Response]] = {
        NotFound: unknown,
        DatabaseInUse: busy,
        DatabaseMissing: missing,
        HTTPException: http_error,
        Exception: server_error,
    }
    app = Starlette(
        routes=[Route(path, endpoint, methods=["GET", "HEAD"]) for path, endpoint in ROUTES]
        + [Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=hosts or LOCAL_HOSTS),
            Middleware(SecurityHeaders),
        ],
        exception_handlers=handlers,
    )
    app.state.site = Site.of(db, cache)
    return app
