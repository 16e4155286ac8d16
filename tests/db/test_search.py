"""`informes search` finds numbers, acuerdo IDs however they are separated, and phrases
in quotes (issue 12, item 5), and keeps Spanish stemming for words."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.db.search import INDEX_TABLE, fold_sql, load_fts

runner = CliRunner()


def hits(db, *args: str) -> list[dict]:
    result = runner.invoke(app, ["search", *args, "--db", str(db), "--format", "json", "-n", "50"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def folded(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def test_search_finds_a_year(seed_db):
    found = hits(seed_db, "2021")
    assert found and all("2021" in h["snippet"] for h in found)


@pytest.mark.parametrize("query", ["CG122", "IEPC/CG122/2021", "iepc/cg122/2021"])
def test_search_finds_an_acuerdo_id_and_only_sections_that_contain_it(seed_db, query):
    """Before, `CG122` was the word `cg` and matched ten sections, none containing CG122."""
    found = hits(seed_db, query)
    assert found
    assert all("IEPC/CG122/2021" in h["snippet"] for h in found)


def test_search_matches_an_id_however_it_is_separated(twins_db):
    db, _ = twins_db
    found = hits(db, "IEPC/CG503/2021")  # written IEPC-CG-503-2021 in the document
    assert [h["document"].rsplit("/", 1)[-1] for h in found] == ["uno.txt"]
    assert "IEPC-CG-503-2021" in found[0]["snippet"]
    assert hits(db, "IEPC-CG-0503-2021") == found  # leading zeros do not matter


def test_search_quoted_phrase_must_appear_in_order(seed_db):
    phrase = hits(seed_db, '"comisión temporal"')
    assert phrase and all("comision temporal" in folded(h["snippet"].replace("ó", "o")) for h in phrase)
    assert hits(seed_db, '"temporal comisión"') == []
    assert hits(seed_db, "temporal comisión")  # the same words unquoted rank sections


def test_search_words_keep_spanish_stemming(seed_db):
    found = hits(seed_db, "comisiones temporales")
    assert any("Comisión Temporal" in h["snippet"] for h in found)


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_search_limit_must_be_positive(seed_db, limit):
    result = runner.invoke(app, ["search", "x", "-n", limit, "--db", str(seed_db)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: --limit must be at least 1, not {limit}"


def test_search_of_punctuation_only_is_one_line(seed_db):
    result = runner.invoke(app, ["search", "//", "--db", str(seed_db)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: nothing to search for in '//' — give words, numbers or IDs"


def test_search_rebuilds_an_index_of_the_previous_version(seed_db_copy):
    """A database indexed before IDs and numbers were kept is re-indexed by its first search."""
    con = duckdb.connect(str(seed_db_copy))
    con.execute(f"""create or replace table {INDEX_TABLE} as
        select s.doc_id || ':' || s.section_no as key, s.doc_id, s.section_no, s.heading,
               substring(d.text, s.char_start + 1, s.char_end - s.char_start) as body
        from sections s join documents d using (doc_id)""")
    load_fts(con)
    con.execute(
        f"pragma create_fts_index('{INDEX_TABLE}', 'key', 'heading', 'body', stemmer='spanish',"
        " stopwords='none', strip_accents=1, lower=1, overwrite=1)"
    )
    con.execute(
        "create or replace table search_index_state as select md5('') as fingerprint"
    )  # one index, no version
    con.close()
    assert all("IEPC/CG122/2021" in h["snippet"] for h in hits(seed_db_copy, "CG122"))


def test_search_once_indexed_needs_no_write(seed_db, unwritable):
    """The index built at ingest answers on a file that cannot be written."""
    found = hits(unwritable(seed_db), "sesión extraordinaria")
    assert found and "Sesión Extraordinaria" in found[0]["snippet"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("IEPC/CG122/2021", "iepc cg 122 2021"),
        ("IEEM/CG/041/2021", "ieem cg 41 2021"),
        ("Sesión Extraordinaria N°. 39", "sesion extraordinaria n 39"),
        ("1º de 2021", "1 de 2021"),
    ],
)
def test_fold_sql_makes_the_words_the_index_holds(text, words):
    assert duckdb.connect().execute(f"select {fold_sql('?')}", [text]).fetchone()[0] == words
