"""Writing the demo's answers fast: plain rows in batches, revisions copied in SQL.

Some 260,000 answers, each with a revision, are too many for `bulk_create`, whose
per-value SQL compilation dominated the demo's run time; this writes the rows the ORM
would write, several times faster. The benchmarks (`bench/`) use it for their synthetic
rounds too.
"""

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

from beredskap.surveys.models import Answer, AnswerRevision, Response, Round

BATCH_SIZE = 2000
PLAIN_FIELDS = {"CharField", "TextField", "BooleanField", "PositiveIntegerField", "ForeignKey"}


def _insert(model, rows: list[dict]) -> None:
    """Insert plain rows: `executemany` in batches, or COPY on PostgreSQL.

    Several times faster than `bulk_create`, whose per-value SQL compilation dominated the
    demo's run time. Values of JSON, date and time fields go through the field's
    `get_db_prep_save`, as the ORM prepares them, so both databases store the same data;
    strings, numbers and keys pass as they are. A missing column takes the field's default.
    """
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = _row_values(fields, db)
    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with db.cursor() as cursor:
        if db.vendor == "postgresql":  # COPY: several times faster than executemany there
            copy_sql = sql.replace("INSERT INTO", "COPY", 1).split(" VALUES ")[0]
            with cursor.copy(f"{copy_sql} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [values(row) for row in rows[start : start + BATCH_SIZE]])


def _row_values(fields: list, db) -> Callable[[dict], list]:
    """A function from a row (by attribute name) to its column values, prepared for `db`."""
    prepared = [f.get_internal_type() not in PLAIN_FIELDS for f in fields]
    defaults = [f.get_default() for f in fields]
    memo: dict = {}  # prepared values that repeat: "ja", a response's time, a date

    def prepare(index: int, value: Any) -> Any:
        if not prepared[index] or value is None:
            return value
        if isinstance(value, list | dict):
            return fields[index].get_db_prep_save(value, db)
        key = (index, type(value), value)
        if key not in memo:
            memo[key] = fields[index].get_db_prep_save(value, db)
        return memo[key]

    def values(row: dict) -> list:
        return [prepare(i, row.get(f.attname, defaults[i])) for i, f in enumerate(fields)]

    return values


def _columns(model, *names: str) -> str:
    return ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)


def _copy_revisions(survey_round: Round) -> None:
    """One revision per answer of the round (its version 1, source "import"), copied in SQL."""
    quote = connection.ops.quote_name
    copied = ("version", "value", "comment", "evidence_reference", "evidence_date")
    sql = (
        f"INSERT INTO {quote(AnswerRevision._meta.db_table)} "
        f"({_columns(AnswerRevision, 'answer', *copied, 'created_at', 'source')}) "
        f"SELECT {_columns(Answer, 'id', *copied, 'updated_at')}, %s "
        f"FROM {quote(Answer._meta.db_table)} WHERE {_columns(Answer, 'response')} IN "
        f"(SELECT {_columns(Response, 'id')} FROM {quote(Response._meta.db_table)} "
        f"WHERE {_columns(Response, 'round')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Answer.Source.IMPORT, survey_round.pk])
