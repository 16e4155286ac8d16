"""The read side of the database: query, search, show, export, schema, the question
views and the Python API, through the library and the CLI."""

import json
import subprocess
import sys

import duckdb
import pytest
from typer.testing import CliRunner

from models import Document
from pipeline.batch import ingest
from pipeline.cli import app
from pipeline.db.schema import contract_names
from pipeline.db.show import SENTENCE_CHARS, describe
from tests.corpus import SEED

runner = CliRunner()
SESSION = "iepc durango|consejo general|extraordinaria|39|2021"


@pytest.fixture
def db(seed_db) -> str:
    return str(seed_db)


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def one_line(output: str) -> str:
    """The error console wraps at the terminal width; compare the words."""
    return " ".join(output.split())


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("csv", "acuerdo_id\nIEPC/CG122/2021\nIEPC/CG123/2021"),
        ("markdown", "| acuerdo_id |\n|---|\n| IEPC/CG122/2021 |\n| IEPC/CG123/2021 |"),
        (
            "json",
            json.dumps([{"acuerdo_id": "IEPC/CG122/2021"}, {"acuerdo_id": "IEPC/CG123/2021"}], indent=2),
        ),
    ],
)
def test_query_formats(db, fmt, expected):
    result = run("query", "select acuerdo_id from acuerdos order by 1", "--db", db, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == expected


def test_query_table_format(db):
    result = run("query", "select acuerdo_id from acuerdos order by 1", "--db", db)
    assert result.exit_code == 0
    assert "IEPC/CG122/2021" in result.output and "┃ acuerdo_id" in result.output


def test_query_from_file(db, tmp_path):
    sql = tmp_path / "q.sql"
    sql.write_text("select count(*) as n from acuerdos", encoding="utf-8")
    result = run("query", "-f", str(sql), "--db", db, "--format", "csv")
    assert result.output.splitlines() == ["n", "2"]


def test_query_from_stdin(db):
    result = run("query", "--db", db, "--format", "csv", input="select number from sessions")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["number", "39"]


def test_query_missing_file_is_one_line(db, tmp_path):
    result = run("query", "-f", str(tmp_path / "nope.sql"), "--db", db)
    assert result.exit_code == 1
    assert one_line(result.output) == f"Error: no such SQL file: {tmp_path / 'nope.sql'}"


def test_query_bad_sql_lists_tables_and_columns(db):
    result = run("query", "select nope from acuerdos", "--db", db)
    assert result.exit_code == 1
    line = one_line(result.output)
    assert line.startswith('Error: Binder Error: Referenced column "nope" not found')
    assert "— tables: " in line and "acuerdos(acuerdo_id, issuer" in line and "documents(doc_id, path" in line


@pytest.mark.parametrize("sql", ["delete from documents", "create table x (a int)", "drop view acuerdos"])
def test_query_refuses_to_write(db, sql):
    result = run("query", sql, "--db", db)
    assert result.exit_code == 1
    assert "read-only" in result.output
    assert run("query", "select count(*) from documents", "--db", db, "--format", "csv").output.split() == [
        "count_star()",
        "1",
    ]


def test_query_missing_database(tmp_path):
    result = run("query", "select 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert one_line(result.output).startswith(f"Error: no database at {tmp_path / 'none.duckdb'}")
    assert "informes ingest" in result.output


# --- views ----------------------------------------------------------------------


def test_view_acuerdos_por_sesion(db):
    result = run(
        "query",
        "select session_id, acuerdos, acuerdo_ids from acuerdos_por_sesion",
        "--db",
        db,
        "--format",
        "json",
    )
    assert json.loads(result.output) == [
        {"session_id": SESSION, "acuerdos": 2, "acuerdo_ids": ["IEPC/CG122/2021", "IEPC/CG123/2021"]}
    ]


def test_view_sesiones_por_mes(db):
    result = run("query", "select mes, issuer, sesiones from sesiones_por_mes", "--db", db, "--format", "csv")
    assert result.output.splitlines() == ["mes,issuer,sesiones", "2021-08,iepc durango,1"]


def test_view_timeline_is_in_date_order_with_documents(db):
    result = run("query", "select fecha, predicate, path from timeline", "--db", db, "--format", "json")
    rows = json.loads(result.output)
    assert rows and [r["fecha"] for r in rows] == sorted(r["fecha"] for r in rows)
    assert {r["path"] for r in rows} == {str(SEED)}
    assert {"held_on", "approved_on"} <= {r["predicate"] for r in rows}


# --- search ---------------------------------------------------------------------


def test_search_stemmed_plural_finds_singular(db):
    result = run("search", "comisiones temporales", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert any("Comisión Temporal" in hit["snippet"] for hit in hits)
    assert set(hits[0]) == {"score", "document", "page", "section", "snippet"}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert hits[0]["document"] == str(SEED)


def test_search_no_match(db):
    result = run("search", "zzzxqy", "--db", db)
    assert result.exit_code == 0
    assert result.output.strip() == "No section matches 'zzzxqy'."


def test_search_empty_words(db):
    result = run("search", "  ", "--db", db)
    assert result.exit_code == 1
    assert (
        one_line(result.output)
        == 'Error: empty search — give some words, e.g. informes search "comisión temporal"'
    )


def test_search_index_follows_new_documents(seed_db_copy, tmp_path):
    db = str(seed_db_copy)
    assert "Comisión" in run("search", "comisión", "--db", db).output
    text = tmp_path / "nuevo.txt"
    text.write_text(
        "INFORME\n\n1. Escrutinio\n\nEl escrutinio de casillas concluyó sin incidentes.\n", encoding="utf-8"
    )
    ingest([text], db=db)
    assert "nuevo.txt" in run("search", "escrutinios", "--db", db, "--format", "csv").output


# --- show -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, ident, title",
    [
        ("acuerdo", "iepc/cg123/2021", "Acuerdo IEPC/CG123/2021"),
        ("session", "iepc durango|consejo general", "Session"),
        ("doc", str(SEED), "Document"),
    ],
)
def test_show_each_kind(db, kind, ident, title):
    result = run("show", kind, ident, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(title)
    assert "Claims" in result.output and "Findings" in result.output


@pytest.mark.parametrize("kind, ident", [("acuerdo", "IEPC/CG123/2021"), ("session", "iepc durango")])
def test_show_trims_long_sentences(db, kind, ident):
    _, columns, records = describe(kind, ident, db)[1]
    sentences = [r[columns.index("sentence")] for r in records]
    assert sentences and all(len(s) <= SENTENCE_CHARS and "\n" not in s for s in sentences)
    assert any(s.endswith("…") for s in sentences)


@pytest.mark.parametrize(
    "kind, ident, error",
    [
        (
            "acuerdo",
            "IEPC/CG999/2021",
            'Error: no acuerdo IEPC/CG999/2021 in the database — list them with: informes query "select acuerdo_id from acuerdos"',
        ),
        ("sesion", "x", "Error: unknown kind 'sesion' — use acuerdo, session or doc"),
    ],
)
def test_show_errors(db, kind, ident, error):
    result = run("show", kind, ident, "--db", db)
    assert result.exit_code == 1
    assert one_line(result.output) == error


# --- export and schema ----------------------------------------------------------


def test_export_parquet_reads_back(db, tmp_path):
    result = run("export", "--format", "parquet", "--out", str(tmp_path / "out"), "--db", db)
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    source = duckdb.connect(db, read_only=True)
    for name in contract_names():
        path = tmp_path / "out" / f"{name}.parquet"
        assert (
            con.execute(f"select count(*) from '{path}'").fetchone()
            == source.execute(f"select count(*) from {name}").fetchone()
        )
    assert con.execute(
        f"select acuerdo_id, approved_on from '{tmp_path / 'out' / 'acuerdos.parquet'}' order by 1"
    ).fetchall()[0] == ("IEPC/CG122/2021", __import__("datetime").date(2021, 8, 25))
    source.close()


def test_export_csv(db, tmp_path):
    result = run("export", "--format", "csv", "--out", str(tmp_path), "--db", db)
    assert result.exit_code == 0
    assert (tmp_path / "sessions.csv").read_text(encoding="utf-8").splitlines()[
        0
    ] == "session_id,issuer,body,type,number,held_on,held_at"


def test_export_unknown_format(db, tmp_path):
    result = run("export", "--format", "xlsx", "--out", str(tmp_path), "--db", db)
    assert result.exit_code == 1
    assert one_line(result.output) == "Error: unknown format 'xlsx' — use parquet or csv"


def test_schema_comes_from_model_descriptions():
    result = run("schema", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {r["table"] for r in rows} == set(contract_names())
    doc_id = next(r for r in rows if r["table"] == "documents" and r["column"] == "doc_id")
    assert doc_id["description"] == Document.model_fields["doc_id"].description
    assert all(r["description"] for r in rows)


def test_schema_matches_database(db):
    con = duckdb.connect(db, read_only=True)
    rows = json.loads(run("schema", "--format", "json").output)
    for name in contract_names():
        actual = [r[0] for r in con.execute(f"describe {name}").fetchall()]
        assert [r["column"] for r in rows if r["table"] == name] == actual[
            : len([r for r in rows if r["table"] == name])
        ]
    con.close()


# --- Python API -----------------------------------------------------------------


API = """
import duckdb, pipeline, sys
report = pipeline.ingest([sys.argv[1]], db=sys.argv[2])
con = pipeline.connect(sys.argv[2])
print(report.documents, con.execute("select count(*) from acuerdos").fetchone()[0])
try:
    con.execute("delete from documents")
except duckdb.InvalidInputException as exc:
    print("read-only" in str(exc))
"""


def test_python_api_readme_example(tmp_path):
    # A fresh interpreter, as a user would have.
    done = subprocess.run(
        [sys.executable, "-c", API, str(SEED), str(tmp_path / "api.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["1", "2", "True"]


def test_python_api_ingest_stays_a_function(seed_db_copy):
    # The batch module is pipeline.batch: importing it (as the CLI does) must not
    # replace the pipeline.ingest function with a module.
    import pipeline.batch  # noqa: F401
    import pipeline.cli  # noqa: F401

    assert pipeline.ingest([SEED], db=seed_db_copy).skipped == 1
