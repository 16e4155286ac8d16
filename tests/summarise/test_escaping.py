"""Values from documents cannot add markup to a summary: not in Markdown (issue 12.16:
`<script>`, `[x](javascript:…)` and remote images went through from titles and
subjects), not in HTML, attributes included. Each page is looked at as a viewer shows it."""

from __future__ import annotations

import shutil
from typing import Any
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from pipeline.check import run_checks
from pipeline.cli import app
from pipeline.db import store
from pipeline.summarise import contexts, render
from tests.corpus import CONTRADICTIONS, SEED, memory_db
from tests.summarise.pages import Page, view

runner = CliRunner()
HOSTILE_DOC = """Informe <script>alert(1)</script> del mes de marzo ![](http://evil.example/x.png) del Instituto Electoral del Estado de Querétaro

Proceso Electoral Local Ordinario 2020-2021

05-04-2021

Presentación

El día 10 de marzo de 2021 a las 11:00 horas se llevó a cabo la Sesión Ordinaria No. 4 del Consejo General en la que se aprobó el Acuerdo IEEQ/CG/A/031/21 por el que se aprueba <script>alert(2)</script> el proceso [técnico](javascript:alert(4)) operativo ![logo](http://evil.example/y.png) del PREP.
"""
PAYLOAD = (
    "x <script>alert(1)</script> [a](javascript:alert(2)) ![i](http://evil.example/i.png) "
    "<img src=x onerror=alert(3)> \"' onmouseover=alert(4) <!-- c --> <http://evil.example/auto>\n"
    "# cabecera\n> cita\n1. uno\n- lista\n| a | b |\n`código` *énfasis* _x_ ~~t~~ &lt;b&gt;"
)
# every tag the templates write themselves; nothing else may appear
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "nav", "a", "h1", "h2", "h3", "dl", "dt", "dd"}
HTML_TAGS |= {
    "code",
    "table",
    "tr",
    "th",
    "td",
    "p",
    "strong",
    "ul",
    "li",
    "div",
    "span",
    "blockquote",
    "section",
}
MD_TAGS = {"p", "h1", "h2", "h3", "ul", "li", "a", "strong", "table", "thead", "tbody", "tr", "th", "td"}


def assert_inert(page: Page, allowed: set[str]) -> None:
    assert {tag for tag, _ in page.tags} <= allowed
    assert sum(tag == "h1" for tag, _ in page.tags) == 1
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        for name in ("href", "src"):
            assert ":" not in (attrs.get(name) or ""), attrs  # relative links only, no scheme


def test_hostile_document_summaries_show_its_text_as_text(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "hostil.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    db = str(tmp_path / "hostil.duckdb")
    assert (
        runner.invoke(app, ["ingest", str(tmp_path / "docs"), "--db", db, "-q", "--workers", "1"]).exit_code
        == 0
    )
    for fmt, allowed in (("md", MD_TAGS), ("html", HTML_TAGS)):
        result = runner.invoke(app, ["summary", "--all", "--format", fmt, "--out", str(tmp_path), "--db", db])
        assert result.exit_code == 0, result.output
        for path in tmp_path.glob(f"*.{fmt}"):
            page = view(path)
            assert_inert(page, allowed)
            text = " ".join(page.text)
            assert "http://evil.example" not in str(page.tags)
            if path.stem == "hostil":
                assert "Informe <script>alert(1)</script> del mes de marzo" in text
                assert "<script>alert(2)</script> el proceso [técnico](javascript:alert(4))" in text


def hostile(value: Any) -> Any:
    """Every string of a context replaced by the payload (keys and links kept)."""
    if isinstance(value, str):
        return PAYLOAD
    if isinstance(value, dict):
        return {k: hostile(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(hostile(v) for v in value)
    return value


@pytest.fixture(scope="module")
def built():
    con = memory_db(
        SEED, *(CONTRADICTIONS / f"{n}.txt" for n in ("acuerdo_session_conflict", "session_date_conflict"))
    )
    store.replace_findings(con, run_checks(con))
    doc_ids = [r[0] for r in con.execute("select doc_id from documents order by path").fetchall()]
    return contexts(con, doc_ids)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_value_adds_markup_anywhere(built, tmp_path, fmt):
    pages = {f"d{n}": ("document", built.document(d)) for n, d in enumerate(built.facts.chosen)}
    pages |= {f"t{n}": ("timeline", built.timeline(i)) for n, i in enumerate(built.facts.issuers)}
    pages["index"] = ("index", built.index())
    for name, (template, context) in pages.items():
        path = tmp_path / f"{name}.{fmt}"
        path.write_text(render(template, hostile(context), fmt), encoding="utf-8")
        page = view(path)
        assert_inert(page, MD_TAGS if fmt == "md" else HTML_TAGS)
        if fmt == "md":
            assert "<script>alert(1)</script>" in " ".join(page.text), name


def test_hostile_shapes_survive_the_summary_folder(tmp_path):
    """A document named with markup characters gets a file and a link that work."""
    name = "informe [1] & <b>#2 *x* %20?.txt"
    shutil.copy(SEED, tmp_path / name)
    db = str(tmp_path / "n.duckdb")
    assert (
        runner.invoke(app, ["ingest", str(tmp_path / name), "--db", db, "-q", "--workers", "1"]).exit_code
        == 0
    )
    out = tmp_path / "out"
    for fmt in ("md", "html"):
        assert (
            runner.invoke(app, ["summary", "--all", "--format", fmt, "--out", str(out), "--db", db]).exit_code
            == 0
        )
        index = view(out / f"index.{fmt}")
        (href, _), *_ = [link for link in index.links if "instituto-" not in link[0]]
        assert (out / unquote(href)).is_file()
        assert name in " ".join(index.text)
