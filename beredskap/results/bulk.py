"""Writing many rows at once, the way each database takes them fastest.

A round's first computation writes some 90,000 values and a release copies some 40,000
of them. The ORM's `bulk_create` builds a model instance per row and prepares every field
of it through the compiler, and with DEBUG on (the demo) the query log quotes every one
of the statement's thousands of parameters: releasing the demo's three rounds took 21 s,
most of it there (issue 12). The rows here are plain tuples in the order of `columns`,
already in the database's types:

- PostgreSQL gets them by COPY into a temporary table and one INSERT … SELECT from it
  (88,000 rows in 2 s, where multi-row VALUES took 8 s, mostly psycopg parsing a
  statement with thousands of placeholders);
- SQLite gets one prepared INSERT stepped per row by `executemany`, in C, without a round
  trip, and logged once (not once per parameter) when DEBUG keeps a query log.
"""

from collections.abc import Sequence

from django.db import connection


def insert(model, columns: Sequence[str], rows: list[tuple], *, upsert_on: Sequence[str] = ()):
    """Insert `rows` (tuples in the order of `columns`, attribute names such as
    `indicator_id`) into `model`'s table in the caller's transaction.

    With `upsert_on`, the fields of a unique constraint, a row whose key is stored already
    updates that row's other columns instead (INSERT … ON CONFLICT DO UPDATE).
    """
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(model._meta.get_field(c).column) for c in columns)
    conflict = _on_conflict(model, columns, upsert_on)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            incoming = ops.quote_name(f"{model._meta.db_table}_incoming")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {incoming} AS SELECT {names} FROM {table} WITH NO DATA"
            )
            with cursor.copy(f"COPY {incoming} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            insert = f"INSERT INTO {table} ({names}) SELECT {names} FROM {incoming}"
            cursor.execute(insert + conflict)
            cursor.execute(f"DROP TABLE {incoming}")
            return
        one = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({one}){conflict}", rows)


def _on_conflict(model, columns: Sequence[str], upsert_on: Sequence[str]) -> str:
    """The ON CONFLICT clause updating every column outside the key, or none."""
    if not upsert_on:
        return ""
    quote = connection.ops.quote_name
    key = [model._meta.get_field(f).column for f in upsert_on]
    others = [model._meta.get_field(c).column for c in columns]
    updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in others if c not in key)
    return f" ON CONFLICT ({', '.join(map(quote, key))}) DO UPDATE SET {updates}"
