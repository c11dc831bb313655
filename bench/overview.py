"""Benchmark: the national overview and a municipality page, with 4 and with 10 rounds.

    uv run python bench/overview.py [--runs N] [--database-url postgres://user@host:port/]
                                    [--no-sqlite]

For each database (SQLite in a temporary directory; PostgreSQL too when --database-url or
the environment's DATABASE_URL names a server, where a database `beredskap_bench_<pid>`
is created and dropped) a fresh process builds the demo's four rounds (2023-2026) for the
290 real municipalities with the demo's own generator and computes their results; then
requests /results/2025/ and Uppsala's page as an analyst through Django's test client
(warm-up, then the median of N). It adds six earlier rounds (2017-2022), opened through
the real service and holding a copy of the 2023 round's computed values, and measures
again: the pages must not grow with the rounds. The developer's database is never
touched. See bench/README.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import recompute as shared  # the sibling bench script builds the database and a round

YEAR = shared.YEAR
PAGES = {"overview": f"/results/{YEAR}/", "municipality": f"/results/{YEAR}/municipalities/0380/"}
EXTRA_YEARS = range(2017, 2023)  # six more rounds: ten in all


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page (median)")
    parser.add_argument(
        "--database-url",
        default=_server_of(os.environ.get("DATABASE_URL", "")),
        help="a PostgreSQL server (postgres://user@host:port/); the bench creates and drops "
        "its own database there. Default: the server of DATABASE_URL if it is PostgreSQL.",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    # Internal: measure one database in this (fresh) process.
    parser.add_argument("--only", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.no_sqlite and not args.database_url:
        parser.error("--no-sqlite needs --database-url (or a PostgreSQL DATABASE_URL)")
    return args


def _server_of(url: str) -> str | None:
    """The server of a postgres:// URL, connecting through its `postgres` database."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        return None
    return parts._replace(path="/postgres").geturl()


# --- building the data --------------------------------------------------------------


def build_four_rounds() -> None:
    """The demo's rounds 2023-2026 from its generator (recompute.py builds 2025), computed."""
    from beredskap.demo import surveys as demo
    from beredskap.demo.surveys import rounds
    from beredskap.demo.surveys.tuning import YEARS
    from beredskap.results import services
    from beredskap.surveys.models import Round

    shared.build_real_round()
    profiles = demo.build_profiles()
    stretch = demo.calibration_stretch(profiles)
    for year in YEARS:
        if year != YEAR:
            shared.log(f"generating the {year} round (demo generator) …")
            rounds._generate_round(year, profiles, stretch)
    for survey_round in Round.objects.order_by("year"):
        shared.log(f"computing the results of {survey_round.year} …")
        for basis in ("approved", "preliminary"):
            services.compute_round(survey_round=survey_round, basis=basis)


def add_earlier_rounds() -> None:
    """Rounds 2017-2022, opened through the real service and closed, each holding a copy of
    the 2023 round's computed values (both bases), as if computed in that year."""
    import datetime

    from beredskap.results.models import Value
    from beredskap.surveys import services as surveys
    from beredskap.surveys.models import Round

    source = Round.objects.get(year=2023)
    values = list(Value.objects.filter(round=source))
    for year in EXTRA_YEARS:
        shared.log(f"adding the {year} round with a copy of 2023's {len(values)} values …")
        earlier = surveys.open_round(
            year=year,
            edition=source.edition,
            opens_on=datetime.date(year, 1, 20),
            deadline=datetime.date(year, 3, 15),
            by=None,
        )
        Round.objects.filter(pk=earlier.pk).update(status=Round.Status.CLOSED)
        for value in values:
            value.pk, value.round_id = None, earlier.pk
        Value.objects.bulk_create(values, batch_size=5000)


# --- measuring ----------------------------------------------------------------------


def analyst():
    from beredskap.registry.models import Membership, Organisation, Role, User

    user, _ = User.objects.get_or_create(username="bench-analyst")
    organisation = Organisation.objects.get(kind=Organisation.Kind.NATIONAL)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.ANALYST)
    return user


def measure_page(client, url: str, runs: int) -> dict:
    """Server time of one page: two warm-up requests, then the median of `runs`; also the
    median CPU time of this process (the server's Python, not the database's), which other
    work on a shared machine inflates less than the wall clock."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url, secure=True).status_code == 200
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)  # production settings redirect http
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        assert response.status_code == 200, response.status_code
    return {
        "median": statistics.median(times),
        "best": min(times),
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "kib": len(response.content) / 1024,
    }


def measure(runs: int) -> list[dict]:
    from django.test import Client

    from beredskap.results.models import Value
    from beredskap.surveys.models import Round

    client = Client()
    client.force_login(analyst())
    rows = []
    for label, grow in (("4", None), ("10", add_earlier_rounds)):
        if grow is not None:
            grow()
        rounds = Round.objects.count()
        assert str(rounds) == label, rounds
        values = Value.objects.count()
        for page, url in PAGES.items():
            shared.log(f"measuring {page} with {rounds} rounds ({values} values) …")
            figures = measure_page(client, url, runs)
            rows.append({"rounds": rounds, "values": values, "page": page, **figures})
    return rows


def measure_one(kind: str, args: argparse.Namespace) -> None:
    """In this process: build one database, measure, print the rows as JSON."""
    server = args.database_url if kind == "postgres" else None
    with shared.throwaway_database(server) as url:
        shared.setup_django(url)
        from django.conf import settings
        from django.db import connection
        from django.test import override_settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # Production serves hashed static names from collectstatic's manifest; the bench
        # renders pages without running collectstatic, so it names the files plainly
        # (through override_settings, whose signal drops a storage already made).
        override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                },
            }
        ).enable()
        build_four_rounds()
        rows = measure(args.runs)
        version = connection.cursor().connection.info.server_version  # e.g. 150020
        database = f"PostgreSQL {version // 10000}.{version % 100}"
        if connection.vendor == "sqlite":
            database = f"SQLite {connection.Database.sqlite_version}"
        print(json.dumps([{"database": database, **r} for r in rows]))


def in_fresh_process(kind: str, args: argparse.Namespace) -> list[dict]:
    command = [sys.executable, __file__, "--only", kind, "--runs", str(args.runs)]
    if args.database_url:
        command += ["--database-url", args.database_url]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the {kind} bench failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load() -> str:
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def print_report(rows: list[dict], runs: int, loads: list[str]) -> None:
    print(f"Results pages as an analyst, 290 municipalities, {YEAR}: median of {runs} warm")
    print(
        f"{'database':<18} {'rounds':>6} {'values':>9} {'page':<13} {'median s':>9} "
        f"{'best s':>7} {'cpu s':>6} {'queries':>8} {'KiB':>6}"
    )
    for r in rows:
        print(
            f"{r['database']:<18} {r['rounds']:>6} {r['values']:>9} {r['page']:<13} "
            f"{r['median']:>9.3f} {r['best']:>7.3f} {r['cpu']:>6.3f} {r['queries']:>8} "
            f"{r['kib']:>6.0f}"
        )
    print(f"load average (1, 5, 15 min) before and after each database: {'; '.join(loads)}")
    overview = {(r["database"], r["rounds"]): r for r in rows if r["page"] == "overview"}
    for database in dict.fromkeys(r["database"] for r in rows):
        four, ten = overview[(database, 4)], overview[(database, 10)]
        print(
            f"overview {database}: 4 rounds {four['median'] * 1000:.0f} ms "
            f"(CPU {four['cpu'] * 1000:.0f} ms), 10 rounds {ten['median'] * 1000:.0f} ms "
            f"(CPU {ten['cpu'] * 1000:.0f} ms), 10/4: {ten['median'] / four['median']:.2f}"
        )


def main() -> None:
    args = parse_args()
    if args.only:
        measure_one(args.only, args)
        return
    kinds = [] if args.no_sqlite else ["sqlite"]
    if args.database_url:
        kinds.append("postgres")
    rows, loads = [], []
    for kind in kinds:
        before = load()
        rows += in_fresh_process(kind, args)
        loads.append(f"{kind} {before} → {load()}")
    print_report(rows, args.runs, loads)


if __name__ == "__main__":
    main()
