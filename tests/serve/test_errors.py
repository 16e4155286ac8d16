"""Unknown things are 404 pages in Spanish, hostile input is never a 500 nor executed,
a database being written is a 503, and the interface only reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

import pipeline.serve.access
from pipeline.serve import create_app
from tests.serve.conftest import BASE_URL, TestClient

# markup, LIKE wildcards and SQL quoting first (inside the 200 characters a query keeps), then length
HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>%_\\' or 1=1 --" + "a" * 5000
PATHS = [
    "/acuerdos/{}",
    "/sesiones/{}",
    "/documentos/{}",
    "/documentos/{pdf}/paginas/{}",
    "/instituciones/{}",
]
PARAMS = [("/buscar", "q"), ("/buscar", "pagina"), ("/hallazgos", "control"), ("/hallazgos", "institucion")]


def assert_harmless(response) -> None:
    assert "<script>alert" not in response.text
    assert "<img src=x" not in response.text


def test_hostile_paths_are_404s(client, ids):
    for path in PATHS:
        response = client.get(path.format(quote(HOSTILE, safe=""), pdf=ids["pdf"][:12]))
        assert response.status_code == 404, path
        assert_harmless(response)


def test_hostile_query_strings_are_escaped(client):
    for path, name in PARAMS:
        response = client.get(path, params={name: HOSTILE})
        assert response.status_code == 200, (path, name)
        assert_harmless(response)
        if name == "q":  # the query is echoed, escaped
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/acuerdos/XYZ/CG999/2099", "No hay ningún acuerdo «XYZ/CG999/2099» en la base de datos."),
        ("/sesiones/nada%7Cconsejo%20general", "No hay ninguna sesión «nada|consejo general»"),
        ("/documentos/ffffffffffff", "No hay ningún documento «ffffffffffff»"),
        ("/documentos/zz", "no es un identificador de documento"),
        ("/instituciones/nadie", "No hay ninguna institución «nadie»"),
        ("/no/existe", "Esta dirección no existe."),
    ],
)
def test_unknown_is_a_spanish_404(client, path, message):
    response = client.get(path)
    assert response.status_code == 404
    assert message in response.text
    assert "<h1>No encontrado</h1>" in response.text


def test_unknown_as_json_is_a_json_404(client):
    response = client.get("/acuerdos/XYZ/CG999/2099.json")
    assert response.status_code == 404
    assert response.json() == {"error": "No hay ningún acuerdo «XYZ/CG999/2099» en la base de datos."}


def test_pages_out_of_range_are_404s(client, ids):
    for page in ["0", "6", "99999999", "abc", "-1", "0.png", "6.png", "3.5"]:
        response = client.get(f"/documentos/{ids['pdf'][:12]}/paginas/{page}")
        assert response.status_code == 404, page
        assert "<h1>No encontrado</h1>" in response.text
    response = client.get(f"/documentos/{ids['txt'][:12]}/paginas/1.png")
    assert response.status_code == 404 and "no tiene un PDF" in response.text


def test_only_reads_only_answers_its_own_host_and_keeps_static_files_in_their_folder(client):
    assert client.post("/").status_code == 405
    assert client.delete("/acuerdos/IEPC/CG122/2021").status_code == 405
    # a page on another site that rebinds its name to 127.0.0.1 cannot read the data
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/static/%2e%2e/app.py").status_code == 404
    assert client.get("/static/htmx.min.js").status_code == 200


@pytest.mark.slow
def test_database_being_written_is_a_503(db_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pipeline.serve.access, "WRITER_WAIT", 0.2)  # the writer never lets go here
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.read()",
            str(db_copy),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout and writer.stdout.readline().strip() == "locked"
        with TestClient(create_app(db_copy, cache=tmp_path), base_url=BASE_URL) as client:
            page, search = client.get("/acuerdos/IEPC/CG122/2021"), client.get("/buscar?q=comisiones")
    finally:
        writer.communicate("")
    for response in (page, search):
        assert response.status_code == 503
        assert "La base de datos se está actualizando, intente de nuevo." in response.text
        assert response.headers["retry-after"] == "5"


def test_missing_database_is_a_503(tmp_path: Path):
    with TestClient(create_app(tmp_path / "none.duckdb", cache=tmp_path), base_url=BASE_URL) as client:
        response = client.get("/")
    assert response.status_code == 503
    assert "No hay base de datos" in response.text
