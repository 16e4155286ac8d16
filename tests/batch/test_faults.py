"""Faults of a run never cost stored data, never stick, and are never silent (issue 12)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import pipeline.batch.guard
from pipeline.batch import ingest
from pipeline.batch.limits import Guard
from pipeline.batch.plan import MAX_BYTES, human_size, plan
from pipeline.cli import app
from pipeline.db.store import connect, write
from pipeline.process import failed
from tests.batch.stalled import READY, STALLED, committed, stalling_ingest
from tests.corpus import CORPUS, DOCS, SEED, SEED_PDF, encrypted_pdf
from tests.lockout import lock_out, run_locked_out, unshare_works
from tests.signals import default_sigint

runner = CliRunner()
INFORMES = str(Path(sys.executable).parent / "informes")
CONFLICT = CORPUS / "contradictions" / "session_date_conflict.txt"


def count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def flat(output: str) -> str:
    """Output as one line: rich wraps long messages at the console's width."""
    return " ".join(output.split())


def acuerdos(db: Path) -> int:
    return count(db, "select count(*) from acuerdos")


# 1. A stricter limit on re-ingest never replaces a good stored document.


def test_smaller_max_bytes_keeps_the_stored_document(tmp_path):
    """Re-ingesting a PDF with --max-bytes 1000 took acuerdos from 110 to 107."""
    db = tmp_path / "t.duckdb"
    ingest([SEED_PDF], db=db)
    before = acuerdos(db)
    result = runner.invoke(app, ["ingest", str(SEED_PDF), "--db", str(db), "--max-bytes", "1000", "--force"])
    assert result.exit_code == 0, result.output
    assert acuerdos(db) == before > 0
    assert count(db, "select count(*) from documents where status = 'ok'") == 1
    size = human_size(SEED_PDF.stat().st_size)
    assert (
        f"file too large ({size} > 1000 bytes limit); raise --max-bytes to read it; kept the stored version"
        in flat(result.output)
    )
    assert "(1 kept the stored version)" in result.output


def slow_seed(path, **options):
    if path.name == "slow.txt":
        time.sleep(60)
    return original_process(path, **options)


original_process = pipeline.batch.guard.process


def test_time_limit_on_forced_reingest_keeps_the_stored_document(tmp_path, monkeypatch):
    """`--force --time-limit 1` wiped a 3,000-claim document (here half a second)."""
    db, doc = tmp_path / "t.duckdb", tmp_path / "slow.txt"
    shutil.copy(SEED, doc)
    ingest([doc], db=db)
    claims = count(db, "select count(*) from claims")
    monkeypatch.setattr(pipeline.batch.guard, "process", slow_seed)
    report = ingest(
        [doc, DOCS / "A-iecm-informe-2021-03.txt"], db=db, force=True, guard=Guard(time_limit=0.5)
    )
    assert [
        k.endswith("took longer than 0.5 s; gave up on it; kept the stored version") for k in report.kept
    ] == [True]
    assert (
        count(
            db,
            "select count(*) from claims where doc_id in (select doc_id from documents"
            " where path like '%slow.txt')",
        )
        == claims
        > 0
    )


def test_a_limit_failure_replaces_only_what_was_not_good(tmp_path):
    """Without a good stored version the failure is stored (and retried next time)."""
    db, doc = tmp_path / "t.duckdb", tmp_path / "doc.txt"
    shutil.copy(SEED, doc)
    report = ingest([doc], db=db, max_bytes=1000)
    assert report.kept == [] and count(db, "select count(*) from documents where status = 'error'") == 1


# 4. Failures are not sticky.


def test_following_the_password_advice_reads_the_pdf(tmp_path):
    """An encrypted PDF stored as an error was skipped as unchanged even with --password."""
    db, pdf = str(tmp_path / "t.duckdb"), str(encrypted_pdf(tmp_path / "locked.pdf"))
    first = runner.invoke(app, ["ingest", pdf, "--db", db])
    assert "the PDF is encrypted; pass --password" in flat(first.output)
    second = runner.invoke(app, ["ingest", pdf, "--db", db, "--password", "secreto"])
    assert "retrying 1 document that failed before" in flat(second.output)
    assert "1 ingested, 0 unchanged, 0 errors" in flat(second.output)
    assert count(Path(db), "select count(*) from documents where status = 'ok'") == 1


def test_time_memory_and_crash_failures_are_retried(tmp_path):
    db, docs = tmp_path / "t.duckdb", []
    problems = ("took longer than 120 s; gave up on it", "ran out of memory", "the worker process died")
    con = connect(db)
    for n, problem in enumerate(problems):
        docs.append(tmp_path / f"doc{n}.txt")
        docs[-1].write_text(SEED.read_text(encoding="utf-8") + f"\nNota {n}.\n", encoding="utf-8")
        write(con, failed(docs[-1], problem, "error"))  # as the worker pool stores them
    con.close()
    notices: list[str] = []
    report = ingest(docs, db=db, on_notice=notices.append)
    assert notices == ["retrying 3 documents that failed before"]
    assert (report.documents, report.skipped, report.errors) == (3, 0, [])
    assert ingest(docs, db=db).skipped == 3  # and once they worked, they are unchanged again


# 9. Findings follow the facts.


def test_findings_are_refreshed_by_the_ingest_that_changed_the_facts(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest([SEED], db=db)
    conflicts = "select count(*) from findings where \"check\" = 'session_date_conflict'"
    assert count(db, conflicts) == 0
    ingest([CONFLICT], db=db)
    assert count(db, conflicts) > 0  # without running `check`
    ingest([SEED], db=db)  # unchanged: the stored findings are fresh, not recomputed
    assert count(db, conflicts) > 0


# 10. A hopeless text is refused before it is read.


def test_hopeless_text_is_refused_by_its_size(tmp_path):
    """A 200 MB .txt passed --max-bytes (200 MiB) and ran into the 120 s time limit."""
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as sparse:
        sparse.truncate(200_000_000)  # sparse: no disk used, and nothing read
    report = ingest([huge], db=tmp_path / "t.duckdb")
    assert report.errors == [
        f"{huge}: text too long to finish within --time-limit (191 MB would take about 200 s,"
        " the limit is 120 s); split it or raise --time-limit"
    ]


def test_size_estimate_refuses_only_what_cannot_finish(tmp_path):
    """At 200,000 characters a second the estimate refused texts the pipeline extracts
    faster than that (a 700 KB list of acuerdos runs at 250,000 bytes a second)."""
    within, beyond = tmp_path / "within.txt", tmp_path / "beyond.txt"
    for path, size in ((within, 900_000), (beyond, 1_100_000)):
        with open(path, "wb") as sparse:
            sparse.truncate(size)
    with closing(connect(tmp_path / "t.duckdb")) as con:
        todo = plan([within, beyond], con, False, "off", MAX_BYTES, time_limit=1)
    assert todo.todo == [within]
    assert [e.document.path for e in todo.refused] == [str(beyond)]


# 14. Limits in MB, and a warning for OCR that cannot run.


def test_limits_read_and_print_in_megabytes(tmp_path):
    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    assert "[default: 200MB]" in result.output
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3 * 1024 * 1024)
    result = runner.invoke(
        app, ["ingest", str(big), "--db", str(tmp_path / "t.duckdb"), "--max-bytes", "2MB"]
    )
    assert "file too large (3 MB > 2 MB limit)" in flat(result.output)
    result = runner.invoke(
        app, ["ingest", str(big), "--db", str(tmp_path / "t.duckdb"), "--max-bytes", "lots"]
    )
    assert result.output.startswith("Error: cannot read 'lots' as a size — give bytes or a number with KB")


def test_ocr_force_without_tesseract_warns_once(tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # no model there: as if not installed
    result = runner.invoke(
        app, ["ingest", str(SEED), str(SEED_PDF), "--db", str(tmp_path / "t.duckdb"), "--ocr", "force"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("--ocr force: Tesseract is not installed") == 1


# 8 and 11. What cannot be read is reported, and the batch goes on.


def test_symlinked_folders_are_followed_and_loops_reported(tmp_path):
    real, docs = tmp_path / "real", tmp_path / "docs"
    real.mkdir()
    docs.mkdir()
    shutil.copy(SEED, real / "seed.txt")
    (docs / "linked").symlink_to(real)
    (docs / "again").symlink_to(real)  # the same folder by a second link: read once
    (docs / "loop").symlink_to(docs)
    (docs / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    report = ingest([docs], db=tmp_path / "t.duckdb")
    assert (report.files, report.documents) == (1, 1)
    assert {(Path(o.path).name, o.reason.split(":")[0].split(",")[0]) for o in report.omitted} == {
        ("linked", "the same folder as " + str(docs / "again")),
        ("loop", "symbolic link loop"),
        ("gone.pdf", "broken symbolic link"),
    }


@pytest.mark.skipif(not unshare_works(), reason="as root, needs unshare --user to lose read access")
def test_unreadable_file_and_folder_are_reported_and_the_batch_goes_on(tmp_path):
    """A PermissionError in planning aborted the batch (0 rows); an unreadable folder
    was skipped without a word."""
    docs, db = tmp_path / "docs", tmp_path / "t.duckdb"
    (docs / "closed").mkdir(parents=True)
    shutil.copy(SEED, docs / "seed.txt")
    shutil.copy(DOCS / "A-iecm-informe-2021-03.txt", docs / "closed" / "inside.txt")
    shutil.copy(DOCS / "A-ieeh-informe-2021-12.txt", docs / "locked.txt")
    lock_out(docs / "locked.txt")
    lock_out(docs / "closed")
    try:
        done = run_locked_out("ingest", str(docs), "--db", str(db))
    finally:
        for path in (docs / "locked.txt", docs / "closed"):
            path.chmod(0o755)
    assert done.returncode == 0, done.stderr
    output = flat(done.stdout + done.stderr)
    assert (
        f"skipped {docs / 'closed'}: cannot open the folder (permission denied); its files were not read"
        in output
    )
    assert f"{docs / 'locked.txt'}: cannot read the file (permission denied)" in output
    assert "2 files, 2 documents: 2 ingested, 0 unchanged, 1 error" in output
    assert count(db, "select count(*) from documents where status = 'ok'") == 1


# 13. Ctrl-C and a full disk: one line, and what was stored stays.


def stored_documents(db: Path) -> int:
    with closing(connect(db, read_only=True)) as con:
        return con.execute("select count(*) from documents").fetchone()[0]


@pytest.mark.slow
def test_ctrl_c_says_how_many_documents_were_stored(tmp_path, stalled_folder):
    """Ctrl-C once a group is stored, while the worker is inside a document."""
    db = tmp_path / "t.duckdb"
    proc = stalling_ingest(
        str(stalled_folder),
        "--db",
        str(db),
        "-q",
        "--workers",
        "1",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=default_sigint,
    )
    committed(db, proc, workers=1)
    os.killpg(proc.pid, signal.SIGINT)  # as the terminal does: the workers get it too
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    stored = stored_documents(db)
    assert 0 < stored < READY + STALLED
    assert err == f"interrupted: {stored} documents stored (run ingest again to go on)\n"


@pytest.mark.slow
@pytest.mark.skipif(not unshare_works("--mount"), reason="needs unshare --user --mount for a small tmpfs")
def test_full_disk_is_one_line(tmp_path):
    """ENOSPC gave four chained tracebacks."""
    disk = tmp_path / "disk"
    disk.mkdir()
    # the schema fits in 600 KB, the first group of documents does not (a pool of workers)
    docs = " ".join(str(p) for p in (SEED, SEED_PDF, DOCS / "A-iecm-informe-2021-03.txt"))
    script = (
        f"mount -t tmpfs -o size=600k tmpfs {disk} && exec {INFORMES} ingest {docs} --db {disk}/t.duckdb -q"
    )
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: the disk holding {disk}/t.duckdb is full — free some space and run the same command again"
        " (what was stored before is kept)\n"
    )
