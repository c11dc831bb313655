"""Backup and restore as docs/operations.md says, round trip identical, table by table.

A survey round with answers (and their revisions and audit rows) is committed, backed up
with the documented commands, restored into a fresh database, and every table of the two
is compared row by row. PostgreSQL runs `pg_dump -Fc`, `createdb`, `pg_restore`; SQLite
uses Python's `sqlite3.Connection.backup`, as `sqlite3 … ".backup"` does.
"""

import os
import shutil
import sqlite3
import subprocess

import psycopg
import pytest
from django.db import connection

from beredskap.surveys.tests.conftest import complete

PG_TOOLS = ("pg_dump", "createdb", "pg_restore", "dropdb")


@pytest.fixture
def reference_afterwards(django_db_blocker):
    """Listed before `transactional_db`, so this runs after its flush: other tests expect
    the reference data the session loaded."""
    yield
    from beredskap.registry.services import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def answered(transactional_db, uppsala, anna):
    complete(uppsala, anna)
    return uppsala


def _rows(cursor, table: str) -> list[tuple]:
    """The table's rows in a fixed order; on PostgreSQL each row as its text form, so two
    drivers' decoding (JSON, time zones) cannot differ where the data does not."""
    row = f'"{table}"::text' if connection.vendor == "postgresql" else "*"
    cursor.execute(f'SELECT {row} FROM "{table}"')
    return sorted(cursor.fetchall(), key=repr)


def _tables(cursor) -> list[str]:
    return sorted(connection.introspection.table_names(cursor))


def _assert_identical(source, restored) -> int:
    """Every table of `source` is in `restored` with the same rows; returns rows compared."""
    tables = _tables(source)
    assert tables == _tables(restored)
    compared = 0
    for table in tables:
        rows = _rows(source, table)
        assert rows == _rows(restored, table), table
        compared += len(rows)
    return compared


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite procedure")
def test_sqlite_backup_restores_every_table(reference_afterwards, answered, tmp_path):
    backup = tmp_path / "beredskap-backup.sqlite3"
    with sqlite3.connect(backup) as target:
        connection.connection.backup(target)  # as `sqlite3 DB ".backup FILE"`
    target.close()
    restored_path = tmp_path / "restored.sqlite3"
    shutil.copyfile(backup, restored_path)  # restore: the file back in place, server stopped
    # Read with the column types Django's own connection decodes, so rows compare as equal.
    restored = sqlite3.connect(restored_path, detect_types=sqlite3.PARSE_DECLTYPES)
    with connection.cursor() as source:
        assert _assert_identical(source, restored.cursor()) > 1000
    assert restored.execute("SELECT count(*) FROM surveys_answerrevision").fetchone()[0] > 0
    restored.close()


def _libpq_env() -> dict[str, str]:
    db = connection.settings_dict
    extra = {"PGHOST": db["HOST"], "PGPORT": str(db["PORT"] or ""), "PGUSER": db["USER"]}
    extra["PGPASSWORD"] = db["PASSWORD"] or ""
    return {**os.environ, **{k: v for k, v in extra.items() if v}}


def _run(*command: str) -> None:
    subprocess.run(command, check=True, env=_libpq_env(), capture_output=True, timeout=300)


def _connect(name: str) -> psycopg.Connection:
    db = connection.settings_dict
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    params["password"] = db["PASSWORD"]
    return psycopg.connect(dbname=name, **{k: v for k, v in params.items() if v})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL procedure")
@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in PG_TOOLS),
    reason="pg_dump, createdb, pg_restore and dropdb (postgresql-client) are not installed",
)
def test_postgresql_dump_restores_every_table(reference_afterwards, answered, tmp_path):
    source_name = connection.settings_dict["NAME"]
    fresh = f"{source_name}_restored"
    dump = tmp_path / "beredskap.dump"
    _run("pg_dump", "--format=custom", f"--file={dump}", source_name)
    _run("dropdb", "--if-exists", fresh)
    _run("createdb", "--template=template0", fresh)
    try:
        _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh}", str(dump))
        with _connect(fresh) as restored, connection.cursor() as source:
            source.execute("SET TIME ZONE 'UTC'")
            restored.execute("SET TIME ZONE 'UTC'")
            assert _assert_identical(source, restored.cursor()) > 1000
    finally:
        _run("dropdb", "--if-exists", fresh)
