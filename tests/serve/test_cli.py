"""`informes serve`: what a user runs after `make demo`, and its one-line errors."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.db.store import connect
from tests.serve.conftest import free_port

runner = CliRunner()


def test_serve_shows_the_seed_acuerdo(serve_db: Path, tmp_path: Path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(serve_db), "--port", str(port)],
        env={"PATH": "", "XDG_CACHE_HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        html = ""
        deadline = time.monotonic() + 30
        while not html and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/acuerdos/IEPC/CG122/2021", timeout=5
                ) as page:
                    html = page.read().decode("utf-8")
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(10)
    assert "Sesión Extraordinaria número 39 del Consejo General" in html
    assert "25 de agosto de 2021" in html and ".png" in html and "<rect " in html


def test_serve_without_a_database_is_one_line(tmp_path: Path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no database at ") and result.output.count("\n") == 1


def test_serve_refuses_a_database_older_than_the_boxes(db_copy: Path):
    con = connect(db_copy)
    con.execute("alter table mentions drop column boxes")
    con.close()
    result = runner.invoke(app, ["serve", "--db", str(db_copy)])
    assert result.exit_code == 1
    assert "was built by an older informes" in result.output and "informes ingest" in result.output
