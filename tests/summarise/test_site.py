"""The folder `informes summary` writes, as a user gets it: one file per summary whatever
the file names, a true count, an index linking every summary, links between documents,
sessions and acuerdos that resolve from disk, and a one-line error for a bad --out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.summarise.site import document_pages
from tests.corpus import CONTRADICTIONS, DOCS, SEED, SEED_PDF
from tests.summarise.pages import local_targets, view

runner = CliRunner()
FORMATS = ("md", "html")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """The seed as .txt and .pdf (one stem), a copy named like its institute's timeline
    and one named like the index, a later informe of the same institute, and two
    documents with findings (an error and a warning)."""
    folder = tmp_path_factory.mktemp("docs")
    for path in (SEED, SEED_PDF, DOCS / "A-iepc-durango-informe-2021-11.txt"):
        shutil.copy(path, folder)
    for path in (CONTRADICTIONS / "session_date_conflict.txt", CONTRADICTIONS / "weekday_mismatch.txt"):
        shutil.copy(path, folder)
    (folder / "instituto-iepc-durango.txt").write_bytes(SEED.read_bytes() + b"\n\nCopia uno.\n")
    (folder / "INDEX.txt").write_bytes(SEED.read_bytes() + b"\n\nCopia dos.\n")
    path = str(folder.parent / "site.duckdb")
    assert runner.invoke(app, ["ingest", str(folder), "--db", path, "-q", "--workers", "1"]).exit_code == 0
    assert runner.invoke(app, ["check", "--db", path]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def site(db, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Both formats of `summary --all` into one folder, and what the command printed."""
    out = tmp_path_factory.mktemp("out")
    printed = {}
    for fmt in FORMATS:
        result = runner.invoke(app, ["summary", "--all", "--format", fmt, "--out", str(out), "--db", db])
        assert result.exit_code == 0, result.output
        printed[fmt] = result.output
    return out, printed


def test_every_summary_has_its_own_file_and_the_count_is_true(db, site):
    out, printed = site
    with duckdb.connect(db, read_only=True) as con:
        documents = con.execute("select doc_id, path from documents").fetchall()
    assert len(documents) == 7
    for fmt in FORMATS:
        files = sorted(out.glob(f"*.{fmt}"))
        assert int(printed[fmt].split()[0]) == len(files), printed[fmt]
        # 7 documents, 3 institute timelines (Durango, Querétaro, Nayarit), the index
        assert len(files) == len(documents) + 3 + 1
        # each document's summary (its identifier and file name) is in exactly one file
        texts = [" ".join(view(p).text) for p in files]
        for doc_id, path in documents:
            holding = [t for t in texts if doc_id[:12] in t]
            assert len(holding) == 1 and Path(path).name in holding[0], path
        timeline = (out / f"instituto-iepc-durango.{fmt}").read_text(encoding="utf-8")
        assert "Cronología" in timeline


def test_index_links_every_summary_once(site):
    out, _ = site
    for fmt in FORMATS:
        index = view(out / f"index.{fmt}")
        linked = [unquote(file) for file, _ in local_targets(index)]
        others = {p.name for p in out.glob(f"*.{fmt}")} - {f"index.{fmt}"}
        assert set(linked) == others and len(linked) == len(others)


def test_every_link_resolves_from_disk(site):
    out, _ = site
    for path in sorted(out.iterdir()):
        for file, anchor in local_targets(view(path)):
            assert "://" not in file and not file.startswith("/"), (path.name, file)
            target = out / unquote(file) if file else path
            assert target.is_file(), (path.name, file)
            assert not anchor or anchor in view(target).ids, (path.name, file, anchor)


def test_document_links_to_its_session_and_acuerdos_in_the_timeline(site):
    out, _ = site
    for fmt in FORMATS:
        page = view(out / f"iepc-durango-informe-2021-08.txt.{fmt}")
        links = {text.strip(): href for href, text in page.links}
        assert unquote(links["Índice"]) == f"index.{fmt}"
        session = links["Sesión Extraordinaria número 39 del Consejo General"]
        file, _, anchor = session.partition("#")
        assert file == f"instituto-iepc-durango.{fmt}"
        timeline = (out / file).read_text(encoding="utf-8")
        section = timeline[timeline.index(f'id="{anchor}"') :]
        assert (
            section.index("Sesión Extraordinaria número 39 del Consejo General, 25 de agosto de 2021") < 200
        )
        # the session's section lists its acuerdos, each a link to the acuerdo's section
        acuerdo = links["IEPC/CG122/2021"].partition("#")[2]
        assert f"#{acuerdo}" in section[: section.index('id="', 10)]
        # and the timeline names the document it comes from, with a link back
        assert ("iepc-durango-informe-2021-08.txt." + fmt) in [
            unquote(f) for f, _ in local_targets(view(out / file))
        ]


def test_no_raw_keys_spanish_severities_titles_and_messages(site):
    out, _ = site
    for path in sorted(out.iterdir()):
        text = " ".join(view(path).text)
        assert not re.search(r"\w\|[a-z ]+\|", text), path.name  # 'ieeq|consejo general|…'
        assert not re.search(r"\b(?:warning|info)\b", text), path.name
        assert not re.search(r"según el documento [0-9a-f]{12}", text), path.name
    for fmt in FORMATS:
        conflict = " ".join(view(out / f"session_date_conflict.{fmt}").text)
        assert "error" in conflict
        # the finding's message, with the session by name
        assert "La Sesión Ordinaria número 4 del Consejo General" in conflict
        assert "aparece con fechas distintas" in conflict
        # each conflicting value's source by title and file name
        assert "Informe del mes de marzo" in conflict and "(session_date_conflict.txt, p. " in conflict
        assert "advertencia" in " ".join(view(out / f"weekday_mismatch.{fmt}").text)


@pytest.mark.parametrize("out", ["/dev/null", "{tmp}/a-file/summaries"])
def test_unwritable_out_is_one_line(db, tmp_path, out):
    (tmp_path / "a-file").write_text("not a folder")
    result = runner.invoke(app, ["summary", "--all", "--out", out.format(tmp=tmp_path), "--db", db])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert "--out" in result.output


def test_document_pages_are_unique_whatever_the_names():
    docs = {
        "a1": "x/informe.pdf",
        "a2": "x/informe.txt",
        "a3": "y/informe.txt",  # the same name in another folder
        "b1": "x/Acta.txt",
        "b2": "y/acta.txt",  # differs only by case
        "c1": "x/index.md",
        "d1": "x/instituto-iepc-durango.txt",
        "e1": "x/informe.pdf.txt",  # its stem is another document's file name
        "f1": "x/sólo uno.txt",
    }
    pages = document_pages(docs, ["index", "instituto-iepc-durango"])
    assert len({p.casefold() for p in pages.values()}) == len(docs)
    assert not {p.casefold() for p in pages.values()} & {"index", "instituto-iepc-durango"}
    assert pages["f1"] == "sólo uno"  # a name without a clash stays as it is
    assert pages == document_pages(dict(reversed(docs.items())), ["index", "instituto-iepc-durango"])


def test_a_document_named_twice_is_written_and_counted_once(db, tmp_path):
    with duckdb.connect(db, read_only=True) as con:
        (doc_id,) = con.execute("select doc_id from documents where path like '%2021-11.txt'").fetchone()
    result = runner.invoke(app, ["summary", doc_id[:10], doc_id, "--out", str(tmp_path), "--db", db])
    assert result.exit_code == 0, result.output
    # the document, its institute's timeline, the index
    assert result.output.startswith("3 files written") and len(list(tmp_path.iterdir())) == 3
