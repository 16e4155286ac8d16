"""Incremental, parallel, crash-safe ingest; bad input becomes rows, never a stopped batch."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import pipeline.batch.guard
import pipeline.db.store
import pipeline.read
from pipeline.batch import IngestReport, ingest
from pipeline.batch.guard import Guard
from pipeline.cli import app
from tests.corpus import CORPUS, SEED, SEED_PDF, encrypted_pdf

sys.path.insert(0, str(CORPUS / "tools"))
import make_scanned  # noqa: E402

TABLES = ("documents", "sections", "mentions", "claims", "acuerdo_parts")
SOME_DOCS = sorted(CORPUS.glob("docs/B-*"))[:6] + [SEED, SEED_PDF]
INFORMES = str(Path(sys.executable).parent / "informes")
runner = CliRunner()


def dump(db: Path, ignore_paths: bool = False) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()
    if ignore_paths:
        tables["documents"] = [r[:1] + r[2:] for r in tables["documents"]]
    return tables


def statuses(db: Path) -> dict[str, tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select path, status, error from documents").fetchall()
    finally:
        con.close()
    return {Path(path).name: (status, error) for path, status, error in rows}


def test_ingest_skips_unchanged_without_parsing(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    first = ingest(SOME_DOCS, db=db, workers=1)
    monkeypatch.setattr(
        pipeline.batch.guard, "process", lambda *a, **k: pytest.fail("parsed an unchanged file")
    )
    second = ingest(SOME_DOCS, db=db, workers=1)
    assert (first.documents, second.documents, second.skipped) == (
        len(SOME_DOCS),
        0,
        len(SOME_DOCS),
    )


def test_ingest_changed_file_replaces_its_rows(tmp_path):
    db, doc = tmp_path / "t.duckdb", tmp_path / "acuerdo.txt"
    shutil.copy(SEED, doc)
    ingest([doc], db=db)
    doc.write_text(SEED.read_text(encoding="utf-8") + "\nNota final.\n", encoding="utf-8")
    report = ingest([doc], db=db)
    con = duckdb.connect(str(db), read_only=True)
    doc_ids = con.execute("select distinct doc_id from mentions").fetchall()
    assert report.documents == 1 and con.execute("select count(*) from documents").fetchone() == (1,)
    assert doc_ids == con.execute("select doc_id from documents").fetchall()


def test_ingest_reextracts_on_new_extractor_version_or_force(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest([SEED], db=db)
    con = duckdb.connect(str(db))
    con.execute("update documents set extractor_version = '0'")
    con.close()
    assert ingest([SEED], db=db).documents == 1
    assert ingest([SEED], db=db).skipped == 1
    assert ingest([SEED], db=db, force=True).documents == 1


def test_ingest_workers_give_identical_database(tmp_path):
    ingest(SOME_DOCS, db=tmp_path / "one.duckdb", workers=1)
    ingest(SOME_DOCS, db=tmp_path / "two.duckdb", workers=2)
    assert dump(tmp_path / "one.duckdb") == dump(tmp_path / "two.duckdb")


def test_ingest_database_in_use_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.db.store, "LOCK_WAIT", 0.5)  # how long a lock is waited for
    db = tmp_path / "t.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
            " print('ready', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = runner.invoke(app, ["ingest", str(SEED), "--db", str(db), "-q"])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert f"Error: database {db} is in use by another informes process" in result.output


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad") / "docs"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "word.pdf").write_bytes(b"PK\x03\x04 not really a pdf")
    (folder / "truncated.pdf").write_bytes(SEED_PDF.read_bytes()[:3000])
    encrypted_pdf(folder / "locked.pdf")
    make_scanned.scan(SEED_PDF, folder / "scanned.pdf", dpi=50, clean=True)
    (folder / "latin.txt").write_bytes(b"Acuerdo aprobado \x81\x8d")  # undefined in cp1252 too
    with open(folder / "huge.txt", "wb") as huge:
        huge.truncate(3 * 1024 * 1024)
    shutil.copy(SEED, folder / "good.txt")
    return folder


@pytest.fixture(scope="module")
def bad_batch(bad_folder, tmp_path_factory) -> tuple[IngestReport, dict[str, tuple[str, str]]]:
    """The bad folder ingested once, with no Tesseract wherever this runs."""
    db = tmp_path_factory.mktemp("bad-db") / "t.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TESSDATA_PREFIX", "/nonexistent")  # no Tesseract model
        report = ingest([bad_folder], db=db, workers=2, max_bytes=2 * 1024 * 1024)
    return report, statuses(db)


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("empty.txt", "empty", "the file is empty"),
        ("word.pdf", "error", "not a PDF (no %PDF- header) despite its .pdf name"),
        ("truncated.pdf", "error", "corrupt or truncated PDF"),
        ("locked.pdf", "error", "the PDF is encrypted; pass --password"),
        ("scanned.pdf", "no_text", "apt-get install tesseract-ocr-spa"),
        ("latin.txt", "error", "text is neither UTF-8 nor cp1252"),
        ("huge.txt", "error", "file too large (3 MB > 2 MB limit); raise --max-bytes"),
        ("good.txt", "ok", None),
    ],
)
def test_ingest_bad_input_becomes_a_row(bad_folder, bad_batch, name, status, message):
    report, found = bad_batch
    got_status, error = found[name]
    assert report.documents == 8 and got_status == status
    if message:
        assert error.startswith(str(bad_folder / name)) and message in error


def test_ingest_password_opens_encrypted_pdf(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest([encrypted_pdf(tmp_path / "locked.pdf")], db=db, password="secreto")
    assert statuses(db)["locked.pdf"][0] == "ok"


original_process = pipeline.batch.guard.process


def take_a_while(path, **options):
    time.sleep({"first.txt": 0.5, "second.txt": 0.5}.get(path.name, 0))
    return original_process(path, **options)


@pytest.mark.slow
def test_ingest_time_limit_counts_from_the_start_not_the_queue(tmp_path, monkeypatch):
    """A document queued behind a slow one is not charged for the wait: 0.5 s + 0.5 s
    in one worker under a 0.85 s limit is fine."""
    for name in ("first.txt", "second.txt"):
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8") + name, encoding="utf-8")
    monkeypatch.setattr(pipeline.batch.guard, "process", take_a_while)
    ingest([tmp_path], db=tmp_path / "t.duckdb", workers=1, guard=Guard(time_limit=0.85, memory_mb=512))
    found = statuses(tmp_path / "t.duckdb")
    assert found["first.txt"][0] == found["second.txt"][0] == "ok", found


def test_ingest_ocr_off_keeps_no_text(tmp_path):
    scanned = tmp_path / "scanned.pdf"
    make_scanned.scan(SEED_PDF, scanned, dpi=50, clean=True)
    ingest([scanned], db=tmp_path / "t.duckdb", ocr="off")
    assert statuses(tmp_path / "t.duckdb")["scanned.pdf"][0] == "no_text"


def test_cli_ingest_reports_workers_and_summary(tmp_path):
    result = runner.invoke(
        app, ["ingest", str(SEED), "--db", str(tmp_path / "t.duckdb"), "-q", "--workers", "2"]
    )
    assert result.exit_code == 0
    assert "1 file, 1 document: 1 ingested, 0 unchanged, 0 errors; 4 pages" in result.output
    assert "pages/s" in result.output


def test_ingest_writes_while_workers_still_extract(tmp_path, monkeypatch):
    """Documents are stored as they come, not after the last one is extracted."""
    import pipeline.batch.writer
    from pipeline.process import process

    events: list[str] = []
    monkeypatch.setattr(pipeline.batch.writer, "GROUP_SECONDS", 0.1)

    def slow_extract_all(todo, *args):
        for path in todo:
            events.append(f"extracted {path.name}")
            yield process(path)
            time.sleep(pipeline.batch.writer.GROUP_SECONDS + 0.1)

    monkeypatch.setattr(pipeline.batch, "extract_all", slow_extract_all)
    docs = SOME_DOCS[:3]
    ingest(docs, db=tmp_path / "i.duckdb", on_document=lambda path, _: events.append(f"stored {path.name}"))
    assert events.index(f"stored {docs[0].name}") < events.index(f"extracted {docs[-1].name}")


def test_ingest_copies_of_a_file_are_one_document_at_both_paths(tmp_path):
    """Two copies of one file (same sha256) in one batch: one document, extracted once,
    found at both paths."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a-first.txt", "b-second.txt"):
        shutil.copy(SEED, folder / name)
    report = ingest([folder], db=tmp_path / "c.duckdb", workers=1)
    con = duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True)
    try:
        paths = con.execute("select path from document_paths order by path").fetchall()
        claims = con.execute("select count(*), count(distinct claim_id) from claims").fetchone()
    finally:
        con.close()
    assert (report.files, report.distinct, report.documents) == (2, 1, 1)
    assert [Path(p).name for (p,) in paths] == ["a-first.txt", "b-second.txt"]
    assert claims is not None and claims[0] == claims[1] > 0


def test_group_write_failure_still_stores_documents_one_by_one(tmp_path, monkeypatch):
    import pipeline.batch.writer

    def broken_group(con, extractions, copies=None, seen_at=None, more=None):
        if len(extractions) + (more["documents"].num_rows if more else 0) > 1:
            raise duckdb.ConversionException("simulated failure of a whole group")
        return real_write_many(con, extractions, copies, seen_at, more)

    real_write_many = pipeline.batch.writer.write_many
    monkeypatch.setattr(pipeline.batch.writer, "write_many", broken_group)
    monkeypatch.setattr(pipeline.batch.writer, "GROUP_SECONDS", 60.0)
    ingest(SOME_DOCS[:4], db=tmp_path / "f.duckdb", workers=1)
    assert len(statuses(tmp_path / "f.duckdb")) == 4
