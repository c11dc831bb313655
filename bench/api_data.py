"""The data of bench/api_vs_datasette.py: a released round in a throwaway database, its
values copied into an SQLite file for Datasette, and the questions both servers answer.

`build_and_export` runs in a process of its own per database (Django is set up once per
process), so the SQLite and the PostgreSQL database are built side by side.
"""

import contextlib
import json
import sqlite3
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import recompute as shared  # the sibling bench script builds the data

DATABASE_NAME = "values"  # Datasette names a database after its file's stem
TABLE = "released_values"
#: Canned queries in Datasette's metadata.json: plain `select … where`, no table extras.
BY_INDICATOR = "indicator_slice"
BY_MUNICIPALITY = "municipality_slice"
#: The API's fields, in its order: the columns of the Datasette table.
COLUMNS = (
    "indicator", "edition", "level", "unit", "activity", "value", "numerator",
    "denominator", "verdict", "classification", "reason", "units", "release",
)  # fmt: skip
FIELDS = (
    "indicator__indicator__code", "indicator__edition__year", "level", "unit_code",
    "activity_code", "value", "numerator", "denominator", "verdict", "classification",
    "reason", "units",
)  # fmt: skip
TYPES = {"edition": "INTEGER", "units": "INTEGER", "value": "REAL", "numerator": "REAL"}
TYPES["denominator"] = "REAL"


# --- building (in a process of its own) ---------------------------------------------


def build_and_export(database_url: str, path: Path) -> None:
    """Build the 2025 round in `database_url`, release it as a bench analyst would, and
    copy the release's values to `path` (which the caller compares between databases)."""
    shared.setup_django(database_url)
    shared.build_real_round()
    made = release()
    count = export(made, path)
    shared.log(f"exported {count} values of release {made.label} to {path}")
    codes = made.round.edition.indicators.order_by("indicator__code")
    codes = list(codes.values_list("indicator__code", flat=True))
    indicators_file(path).write_text(json.dumps(codes))
    from django.db import connections

    connections.close_all()


def release():
    from beredskap.publication.services import release_round
    from beredskap.registry.models import Membership, Organisation, Role, User
    from beredskap.surveys.models import Round

    user, _ = User.objects.get_or_create(username="bench-analyst")
    organisation = Organisation.objects.get(kind=Organisation.Kind.NATIONAL)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.ANALYST)
    shared.log(f"releasing the {shared.YEAR} round (computes its results first) …")
    made = release_round(survey_round=Round.objects.get(year=shared.YEAR), by=user)
    shared.log(f"  release {made.label}: {made.value_count} values")
    return made


def export(made, path: Path) -> int:
    """The release's values into an SQLite file, as the API shows them: empty strings as
    null, decimals as floats; indexed as a Datasette user would for the two questions."""
    from beredskap.publication.models import ReleasedValue

    rows = ReleasedValue.objects.filter(release=made).order_by("pk").values_list(*FIELDS)

    def number(decimal):
        return None if decimal is None else float(decimal)

    out = [
        (code, year, level, unit, activity or None, number(value), number(numerator),
         number(denominator), verdict or None, classification or None, reason or None,
         units, made.label)
        for (code, year, level, unit, activity, value, numerator, denominator, verdict,
             classification, reason, units) in rows.iterator()
    ]  # fmt: skip
    columns = ", ".join(f"{c} {TYPES.get(c, 'TEXT')}" for c in COLUMNS)
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(f"CREATE TABLE {TABLE} ({columns})")
        marks = ", ".join("?" for _ in COLUMNS)
        db.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", out)
        db.execute(f"CREATE INDEX {TABLE}_indicator_level ON {TABLE} (indicator, level)")
        db.execute(f"CREATE INDEX {TABLE}_unit_level ON {TABLE} (unit, level)")
    return len(out)


def indicators_file(path: Path) -> Path:
    """Beside an export: its edition's indicator codes, also those the release leaves out."""
    return path.with_suffix(".indicators.json")


def same_values(first: Path, second: Path) -> int:
    """The number of values, when both exports hold the same ones (else SystemExit)."""
    read = []
    for path in (first, second):
        with contextlib.closing(sqlite3.connect(path)) as db:
            read.append(sorted(db.execute(f"SELECT * FROM {TABLE}"), key=repr))
    if read[0] != read[1]:
        diff = next((a, b) for a, b in zip(*read, strict=False) if a != b)
        raise SystemExit(f"the two databases released different values, e.g. {diff}")
    return len(read[0])


def write_metadata(path: Path) -> None:
    """The two questions as canned SQL queries, the same filters as the API's."""
    select = f"select {', '.join(COLUMNS)} from {TABLE} where level = 'municipality' and "
    queries = {
        BY_INDICATOR: {
            "sql": select + "indicator = :indicator and coalesce(activity, '') = :activity "
            "order by rowid"
        },
        BY_MUNICIPALITY: {"sql": select + "unit = :unit order by rowid"},
    }
    metadata = {"databases": {DATABASE_NAME: {"queries": queries}}}
    path.write_text(json.dumps(metadata, indent=2))


# --- the questions ------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One slice of the release, as each server asks it, and how many rows it holds."""

    name: str
    api: str
    datasette: str
    rows: int


def questions(path: Path) -> list[Question]:
    """Each municipality slice (one municipality, all indicators) and each indicator
    slice of the edition (one indicator, one value per municipality: a per-activity
    indicator's all-activities summary `*`, a municipality-wide indicator's one value) of
    the release in `path`."""
    every = json.loads(indicators_file(path).read_text())
    with contextlib.closing(sqlite3.connect(path)) as db:
        label = db.execute(f"SELECT DISTINCT release FROM {TABLE}").fetchone()[0]
        where = f"FROM {TABLE} WHERE level = 'municipality'"
        units = db.execute(f"SELECT unit, count(*) {where} GROUP BY unit ORDER BY unit")
        units = units.fetchall()
        # Every indicator of the release, also those without municipality values
        # (aggregate-only): their slice is empty, but still a query each server runs.
        municipal = "level = 'municipality' AND activity"
        indicators = db.execute(
            f"SELECT indicator, coalesce(max({municipal} = '*'), 0), "
            f"coalesce(sum({municipal} = '*'), 0), coalesce(sum({municipal} IS NULL), 0) "
            f"FROM {TABLE} GROUP BY indicator ORDER BY indicator"
        ).fetchall()
    # The edition's indicators that the release does not hold at all (restricted ones)
    # are asked too: an empty answer, but a query on either server.
    held = {code for code, *_ in indicators}
    indicators += [(code, 0, 0, 0) for code in every if code not in held]
    api = f"/api/v1/values?release={label}&level=municipality&limit=1000&"
    canned = f"/{DATABASE_NAME}/{{}}.json?_shape=array&"
    out = [
        Question(f"municipality {unit}", api + urllib.parse.urlencode({"unit": unit}),
                 canned.format(BY_MUNICIPALITY) + urllib.parse.urlencode({"unit": unit}), n)
        for unit, n in units
    ]  # fmt: skip
    for code, summary, summaries, plain in indicators:
        activity = "*" if summary else ""
        query = {"indicator": code, **({"activity": "*"} if summary else {})}
        out.append(
            Question(
                f"indicator {code}",
                api + urllib.parse.urlencode(query),
                canned.format(BY_INDICATOR)
                + urllib.parse.urlencode({"indicator": code, "activity": activity}),
                summaries if summary else plain,
            )
        )
    return out


@contextlib.contextmanager
def throwaway_postgres(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database on `server_url`'s server, dropped afterwards."""
    if urllib.parse.urlsplit(server_url).scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL")
    with shared.throwaway_database(server_url) as url:
        yield url
