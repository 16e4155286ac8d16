from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from models import Extraction
from pipeline.check import run_checks
from pipeline.db import store
from pipeline.process import process
from pipeline.summarise import document_summary, render, write_summaries
from tests.chromium import CHROMIUM, FLAGS, needs_chromium
from tests.corpus import CONTRADICTIONS, DOCS, corpus_files, extraction, memory_db

DOC_FILES = corpus_files(DOCS)


@pytest.fixture(scope="module")
def con():
    con = memory_db(*DOC_FILES, *corpus_files(CONTRADICTIONS))
    store.replace_findings(con, run_checks(con))
    return con


def doc_id(path: Path) -> str:
    return extraction(path).document.doc_id


def facts(result: Extraction) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of the facts a summary must carry over."""
    return {
        (c.subject_id, c.predicate, c.object)
        for c in result.claims
        if c.predicate in ("held_on", "approved_in", "approved_on")
    }


def test_summary_md_durango_content(con):
    text = render("document", document_summary(con, doc_id(DOCS / "iepc-durango-informe-2021-08.txt")), "md")
    assert "Instituto Electoral y de Participación Ciudadana del Estado de Durango" in text
    assert "Fecha del documento: 3 de septiembre de 2021." in text
    assert "del 1 de agosto de 2021 al 31 de agosto de 2021" in text
    assert (
        "En la Sesión Extraordinaria número 39 del Consejo General, celebrada el 25 de agosto de 2021 a las "
        "10:00 horas, se aprobó el Acuerdo IEPC/CG122/2021 por el que se ratifica"
    ) in text
    assert "IEPC/CG123/2021" in text
    assert "26 de agosto de 2021" in text  # sent to UNICOM


def test_summary_md_shows_every_conflicting_value(con):
    text = render(
        "document", document_summary(con, doc_id(CONTRADICTIONS / "session_date_conflict.txt")), "md"
    )
    assert "Fechas en conflicto" in text
    # each value with its source by title and file name (no longer a hash)
    source = "según Informe del mes de marzo sobre el avance"
    assert f"se celebró el 10 de marzo de 2021 ({source}" in text
    assert f"se celebró el 12 de marzo de 2021 ({source}" in text
    assert "(session\\_date\\_conflict.txt, p. 1)" in text
    findings = text.split("## Hallazgos")[1]
    assert "**error** (session\\_date\\_conflict" in findings and "aparece con fechas distintas" in findings


def test_summary_html_conflict_has_quotes(con):
    html = render(
        "document", document_summary(con, doc_id(CONTRADICTIONS / "acuerdo_date_conflict.txt")), "html"
    )
    assert 'class="conflict"' in html
    assert "aprobado el 9 de mayo de 2021" in html
    assert "<link" not in html and "<script" not in html and "http" not in html


def test_summary_html_autoescapes(con):
    context = document_summary(con, doc_id(DOCS / "iepc-durango-informe-2021-08.txt"))
    context["doc"] = context["doc"] | {"title": "<script>alert('x')</script> & más"}
    html = render("document", context, "html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; más" in html


class Counting:
    """A connection that counts the statements run through it."""

    def __init__(self, con):
        self.con, self.statements = con, 0

    def execute(self, *args):
        self.statements += 1
        return self.con.execute(*args)


def test_summary_queries_do_not_grow_with_documents(con, tmp_path):
    """`summary --all` ran 27 queries a document (8,206 for 306 documents, issue 12):
    now a few set-based queries, as many for every document as for one."""
    every = [r[0] for r in con.execute("select doc_id from documents order by path").fetchall()]
    one, many = Counting(con), Counting(con)
    write_summaries(one, every[:1], "md", tmp_path / "one")
    written = write_summaries(many, every, "md", tmp_path / "all")
    assert len(written) > len(every) > 40
    assert many.statements == one.statements <= 6


def test_summary_timeline_per_institute(con, tmp_path):
    written = write_summaries(con, [doc_id(DOCS / "A-iepc-durango-informe-2021-11.txt")], "md", tmp_path)
    timeline = (tmp_path / "instituto-iepc-durango.md").read_text(encoding="utf-8")
    assert tmp_path / "instituto-iepc-durango.md" in written
    assert timeline.index("25 de agosto de 2021") < timeline.index("26 de noviembre de 2021")
    assert "IEPC/CG122/2021" in timeline and "IEPC/CG161/2021" in timeline


@pytest.fixture(scope="module")
def summaries(con, tmp_path_factory) -> dict[Path, Extraction]:
    """Each document's Markdown summary, read back as a text document (once for every
    round-trip test)."""
    out = tmp_path_factory.mktemp("summaries")
    found = {}
    for path in DOC_FILES:
        written = write_summaries(con, [doc_id(path)], "md", out)[0]  # the document's own, first
        found[path] = process(shutil.copy(written, out / f"{path.stem}.{path.suffix[1:]}.summary.txt"))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("path", DOC_FILES, ids=[p.name for p in DOC_FILES])
def test_summary_round_trip_keeps_facts(summaries, path):
    assert facts(extraction(path)) <= facts(summaries[path])


@pytest.mark.slow
@pytest.mark.parametrize("path", DOC_FILES, ids=[p.name for p in DOC_FILES])
def test_summary_round_trip_adds_no_facts(con, summaries, path):
    again = facts(summaries[path])
    subjects = {s for s, _, _ in again}
    known = {
        r
        for r in con.execute("select subject_id, predicate, object from claims").fetchall()
        if r[0] in subjects and r[1] in ("held_on", "approved_in", "approved_on")
    }
    # conflicting values from other documents may come along (a conflict is shown with all its values)
    assert again <= known | facts(extraction(path))


@pytest.mark.slow
def test_summary_round_trip_adds_no_findings(con, summaries):
    # compared by message: a document's summary repeats its (possibly wrong) date, so the
    # same finding about the summary's own doc_id is no new finding
    before = {(f.check, f.message) for f in run_checks(con) if f.severity != "info"}
    with_summaries = memory_db(*DOC_FILES, *corpus_files(CONTRADICTIONS))
    for summary in summaries.values():
        store.write(with_summaries, summary)
    store.replace_findings(with_summaries, [])
    after = {(f.check, f.message) for f in run_checks(with_summaries) if f.severity != "info"}
    assert after - before == set()


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium as this machine allows it: no sandbox as root, no background
    network (the closed network refuses it), a fresh profile."""
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.browser
@needs_chromium
def test_summary_html_renders_in_chromium(con, tmp_path):
    written = write_summaries(con, [doc_id(CONTRADICTIONS / "session_date_conflict.txt")], "html", tmp_path)
    shot = tmp_path / "summary.png"
    result = chromium(
        tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,1600", written[0].as_uri()
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = chromium(tmp_path / "profile2", "--dump-dom", written[0].as_uri()).stdout
    assert "Valores en conflicto" in dom and "12 de marzo de 2021" in dom
