"""Benchmark: the national overview page (heat map) for 290 and for 2,900 municipalities.

    uv run python bench/overview.py [--runs N] [--database-url postgres://user@host:port/]

Builds the same throwaway database as bench/recompute.py (the 2025 round of the 290 real
municipalities from the demo generator, then 2,610 synthetic ones), computes the results,
and requests /results/2025/ as an analyst through Django's test client: the server time
(warm, best of N), the SQL query count and the page size, and as the floor in the same
run the time of reading the page's value rows once. The developer's database is never
touched. See bench/README.md.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import recompute as shared  # the sibling bench script builds the data

URL = f"/results/{shared.YEAR}/"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed requests per size (best of)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/); the bench creates and drops "
        "its own database there. Default: SQLite in a temporary directory.",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def analyst():
    from beredskap.registry.models import Membership, Organisation, Role, User

    user, _ = User.objects.get_or_create(username="bench-analyst")
    organisation = Organisation.objects.get(kind=Organisation.Kind.NATIONAL)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.ANALYST)
    return user


def read_values() -> int:
    """The floor: the page's value rows (municipality and nation cells), read once."""
    from beredskap.results.models import Value

    rows = Value.objects.filter(
        round__year=shared.YEAR, basis=Value.Basis.APPROVED, activity_code__in=["", "*"]
    ).values_list("indicator_id", "level", "unit_code", "value", "verdict", "classification")
    return len(list(rows))


def measure(label: str, runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from beredskap.registry.models import Municipality
    from beredskap.results import services
    from beredskap.surveys.models import Round

    survey_round = Round.objects.get(year=shared.YEAR)
    shared.log(f"computing the {label} results …")
    services.compute_round(survey_round=survey_round)
    client = Client()
    client.force_login(analyst())
    client.get(URL, secure=True)  # warm: templates, translations, session
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, secure=True)  # production settings redirect http
        best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    floor, rows = shared.best_of(runs, read_values)
    return {
        "size": label,
        "units": Municipality.objects.count(),
        "seconds": best,
        "queries": len(queries),
        "kib": len(response.content) / 1024,
        "floor": floor,
        "rows": rows,
    }


def print_report(results: list[dict], database: str, runs: int) -> None:
    print(f"Overview page benchmark: GET {URL} as an analyst, {database}, best of {runs} warm")
    print(
        f"{'size':<5} {'units':>6} {'server s':>9} {'queries':>8} {'KiB':>7} "
        f"{'floor s':>8} {'rows':>7}"
    )
    for r in results:
        print(
            f"{r['size']:<5} {r['units']:>6} {r['seconds']:>9.3f} {r['queries']:>8} "
            f"{r['kib']:>7.0f} {r['floor']:>8.3f} {r['rows']:>7}"
        )
    one, ten = results
    print(
        f"queries 1x/10x: {one['queries']}/{ten['queries']}; "
        f"10x units/1x time: {ten['seconds'] / one['seconds']:.2f}"
    )


def main() -> None:
    args = parse_args()
    with shared.throwaway_database(args.database_url) as url:
        shared.setup_django(url)
        from django.conf import settings
        from django.db import connection

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # Production serves hashed static names from collectstatic's manifest; the bench
        # renders pages without running collectstatic, so it names the files plainly.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        database = connection.vendor
        if connection.vendor == "sqlite":
            database = f"SQLite {connection.Database.sqlite_version}"
        shared.build_real_round()
        results = [measure("1x", args.runs)]
        shared.add_synthetic_municipalities(shared.SCALE - 1)
        results.append(measure("10x", args.runs))
        print_report(results, database, args.runs)


if __name__ == "__main__":
    main()
