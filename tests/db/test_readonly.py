"""The hardened read connection: no other file, no network, no extension, no settings."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.db.readonly import open_read, reading
from pipeline.errors import DatabaseMissing


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/hostname')",
        "copy (select 1) to '/tmp/informes-should-not-exist.csv'",
        "attach '/tmp/informes-other.duckdb' as o",
        "install httpfs",
        "set enable_external_access = true",
        "set lock_configuration = false",
    ],
)
def test_read_connection_refuses_the_outside(seed_db, sql):
    with reading(seed_db) as con, pytest.raises(duckdb.Error):
        con.execute(sql)


def test_read_connection_reads_the_contract(seed_db):
    with reading(seed_db) as con:
        assert con.execute("select count(*) from acuerdos").fetchone()[0] > 0
        with pytest.raises(duckdb.Error):
            con.execute("delete from claims")


def test_missing_database_is_named(tmp_path):
    with pytest.raises(DatabaseMissing, match="no database at"):
        open_read(tmp_path / "none.duckdb")


def test_search_loads_fts_before_locking(seed_db):
    with reading(seed_db, search=True) as con:
        assert con.execute("select stem('sesiones', 'spanish')").fetchone()[0]
