"""Benchmark: a full results recompute against the floor of reading the answers once.

    uv run python bench/recompute.py [--runs N] [--database-url postgres://user@host:port/]
                                     [--profile 1x|10x]

Builds a throwaway database (SQLite in a temporary directory unless --database-url names a
PostgreSQL server, where a database `beredskap_bench_<pid>` is created and dropped), the
2025 round for the 290 real municipalities from the demo generator, and then a 10x round:
the same round with 2,610 synthetic municipalities added (2,900 units). For each size it
measures, warm and best of N, the floor (one plain query reading every answer row the
engine needs), `compute_round` (read, evaluate, aggregate, classify, delete, insert) and
the incremental recompute the worker runs after one approval (`recompute_pending`: that
municipality and its aggregates).
The developer's database is never touched. See bench/README.md.
"""

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator

SYNTHETIC_FIRST_CODE = 3000  # 30xx-56xx: no real county prefix, so never a real code
SCALE = 10
YEAR = 2025


def log(message: str) -> None:
    """Progress goes to stderr so that stdout is only the result."""
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measure (best of)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/); the bench creates and drops "
        "its own database there. Default: SQLite in a temporary directory.",
    )
    parser.add_argument(
        "--profile",
        choices=["1x", "10x"],
        help="also print a cProfile of one recompute of that size to stderr",
    )
    parser.add_argument(
        "--only-1x", action="store_true", help="measure the 290 real municipalities only"
    )
    # Internal: measure one size of an existing database in this (fresh) process.
    parser.add_argument("--measure", choices=["1x", "10x"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


@contextlib.contextmanager
def throwaway_database(server_url: str | None, prefix: str = "beredskap_bench") -> Iterator[str]:
    """The URL of a fresh database that is removed afterwards, whatever happens: SQLite in a
    temporary directory for None, else `<prefix>_<pid>` on the PostgreSQL server."""
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="beredskap-bench-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    parts = urllib.parse.urlsplit(server_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    admin = parts._replace(path="/" + (parts.path.strip("/") or "postgres")).geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    log(f"created PostgreSQL database {name}")
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        from django.apps import apps
        from django.db import connections

        if apps.ready:  # this process may never have set Django up (api_vs_datasette's)
            connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped PostgreSQL database {name}")


def setup_django(database_url: str) -> None:
    """Settings from the environment, as in production: DEBUG off (no query log)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "beredskap.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()


# --- building the data --------------------------------------------------------------


def build_real_round():
    """The 2025 round of the 290 real municipalities, all approved, from the demo generator."""
    from django.core.management import call_command

    from beredskap.catalogue import services as catalogue
    from beredskap.catalogue.models import Edition
    from beredskap.demo import surveys as demo
    from beredskap.demo.surveys import rounds
    from beredskap.registry.services import load_reference_data

    log("migrating …")
    call_command("migrate", interactive=False, verbosity=0)
    log("loading reference data and the shipped catalogue editions …")
    load_reference_data()
    for path in catalogue.shipped_editions():
        catalogue.load_edition(path=path)
    Edition.objects.get(year=YEAR)
    log(f"generating the {YEAR} round for the 290 municipalities (demo generator) …")
    profiles = demo.build_profiles()
    summary = rounds._generate_round(YEAR, profiles, demo.calibration_stretch(profiles))
    log(f"  {summary.responses} responses, {summary.answers} answers, {summary.statuses}")


def add_synthetic_municipalities(per_real: int) -> None:
    """`per_real` synthetic copies of each real municipality, answering the 2025 round.

    Each copy takes its template's county and SKR group (so the counties and groups keep
    their real mix) and gets its own answers from the demo generator's per-municipality
    model (`_profile`, `Respondent`), seeded by its own code, all approved.
    """
    from django.db import transaction

    from beredskap.demo import surveys as demo
    from beredskap.demo.surveys import inserts, rounds
    from beredskap.registry.models import Municipality, MunicipalityGroupAssignment
    from beredskap.surveys.models import Answer, Response, Round

    real = list(Municipality.objects.with_group(demo.FIRST_YEAR).order_by("code"))
    taken = {m.code for m in real}
    codes = (f"{n:04d}" for n in range(SYNTHETIC_FIRST_CODE, 10_000) if f"{n:04d}" not in taken)
    templates = [m for _ in range(per_real) for m in real]
    groups = {
        a.group.code: a.group for a in MunicipalityGroupAssignment.objects.select_related("group")
    }
    survey_round = Round.objects.get(year=YEAR)
    log(f"adding {len(templates)} synthetic municipalities (codes from {SYNTHETIC_FIRST_CODE}) …")
    with transaction.atomic():
        added = Municipality.objects.bulk_create(
            Municipality(code=next(codes), name="Syntetisk kommun", county_id=t.county_id)
            for t in templates
        )
        MunicipalityGroupAssignment.objects.bulk_create(
            MunicipalityGroupAssignment(
                municipality=m, year=demo.FIRST_YEAR, group=groups[t.group_code]
            )
            for m, t in zip(added, templates, strict=True)
        )
        responses = Response.objects.bulk_create(
            Response(round=survey_round, municipality=m) for m in added
        )
    profiles = demo.build_profiles()
    stretch = demo.calibration_stretch(profiles)
    chunk = len(real)
    for start in range(0, len(responses), chunk):
        part = responses[start : start + chunk]
        with transaction.atomic():
            plans, rows = rounds._answer(survey_round, part, profiles, stretch)
            inserts._insert(Answer, rows)
            rounds._apply_plans(part, plans)
        log(f"  answered {start + len(part)}/{len(responses)}")


# --- measuring ----------------------------------------------------------------------


def read_all_answers(survey_round) -> int:
    """The floor: every answer row the engine reads, in one plain query, read once."""
    from beredskap.results.models import Value
    from beredskap.results.services import BASIS_STATUSES
    from beredskap.surveys.models import Answer

    rows = Answer.objects.filter(
        response__round=survey_round,
        response__status__in=BASIS_STATUSES[Value.Basis.APPROVED],
    ).values_list("response__municipality__code", "activity_code", "question__code", "value")
    return len(list(rows))


def recompute(survey_round):
    from beredskap.results import services

    return services.compute_round(survey_round=survey_round)


def best_of(
    runs: int, work: Callable[[], object], before: Callable[[], None] = lambda: None
) -> tuple[float, object]:
    """Best wall time of `runs` calls after one untimed warm-up call, and the last result.

    `before` runs ahead of every call, untimed.
    """
    before()
    result = work()
    best = float("inf")
    for _ in range(runs):
        before()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def answer_changer(survey_round) -> Callable[[], None]:
    """Flips one yes/no answer of one municipality between "ja" and "nej" at each call.

    So that every timed recompute is the everyday one: after an approval, one
    municipality's answers differ from what the stored values were computed from.
    """
    from beredskap.surveys.models import Answer

    answers = Answer.objects.filter(
        response__round=survey_round, response__status="approved", question__kind="yes_no"
    ).order_by("pk")
    pk, value, municipality = next(
        (a.pk, a.value, a.response.municipality_id)
        for a in answers.select_related("response").iterator()
        if a.value in ("ja", "nej")
    )
    state = {"value": value}

    def change() -> None:
        state["value"] = "nej" if state["value"] == "ja" else "ja"
        Answer.objects.filter(pk=pk).update(value=state["value"])

    change.municipality = municipality
    return change


def approval(survey_round) -> Callable[[], None]:
    """As `answer_changer`, and marks the municipality for the worker as its approval does."""
    from beredskap.results import services

    change = answer_changer(survey_round)

    def approved() -> None:
        change()
        services.request_recompute(round_id=survey_round.pk, municipality_id=change.municipality)

    return approved


def recompute_after_approval(survey_round):
    from beredskap.results import services

    return services.recompute_pending(survey_round=survey_round)


def profile(survey_round) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(recompute, survey_round)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(25)
    log("the incremental recompute after one approval:")
    approval(survey_round)()
    profiler = cProfile.Profile()
    profiler.runcall(recompute_after_approval, survey_round)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(40)


def measure(label: str, runs: int, profile_this: bool) -> dict:
    from beredskap.results.models import Value
    from beredskap.surveys.models import Answer, Round

    survey_round = Round.objects.select_related("edition").get(year=YEAR)
    units = survey_round.responses.filter(status="approved").count()
    answers = Answer.objects.filter(response__round=survey_round).count()
    log(f"measuring {label}: floor and recompute, warm, best of {runs} …")
    floor, rows_read = best_of(runs, lambda: read_all_answers(survey_round))
    seconds, summary = best_of(
        runs, lambda: recompute(survey_round), before=answer_changer(survey_round)
    )
    assert rows_read == answers, (rows_read, answers)
    incremental, after = best_of(
        runs, lambda: recompute_after_approval(survey_round), before=approval(survey_round)
    )
    assert after.rows == summary.rows, (after, summary)
    log(f"measuring {label}: a recompute into an empty table …")
    Value.objects.filter(round=survey_round).delete()
    start = time.perf_counter()
    first = recompute(survey_round)
    first_seconds = time.perf_counter() - start
    assert first.written == first.rows == summary.rows, (first, summary)
    if profile_this:
        profile(survey_round)
    return {
        "size": label,
        "units": units,
        "answers": answers,
        "floor": floor,
        "recompute": seconds,
        "rows": summary.rows,
        "written": summary.written,
        "first": first_seconds,
        "incremental": incremental,
    }


def database_name() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    return connection.vendor


def print_report(results: list[dict], runs: int) -> None:
    import django

    print(
        f"Recompute benchmark: round {YEAR}, {database_name()}, best of {runs} warm runs; "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(
        "1x: the 290 real municipalities, answers from the demo generator. 10x: plus "
        f"{(SCALE - 1) * 290} synthetic municipalities (codes {SYNTHETIC_FIRST_CODE}+, county "
        "and SKR group of a real template), answers generated by the demo generator's own "
        "per-municipality model seeded by each code (not copied)."
    )
    print(
        "floor: one query reading every answer row the engine reads. recompute: "
        "compute_round after one municipality's answer changed (as after an approval); it "
        "computes every value and writes those that changed (written). first: "
        "compute_round into an empty table, every value written (one run). incremental: "
        "what the worker runs after one approval (recompute_pending: that municipality's "
        "values and its county's, group's and the nation's aggregates), after one answer "
        "of one municipality changed."
    )
    header = f"{'size':<5} {'units':>6} {'answers':>9} {'floor s':>8} {'recompute s':>12} "
    header += f"{'ratio':>6} {'rows':>8} {'written':>8} {'first s':>8} {'incremental s':>14}"
    print(header)
    for r in results:
        print(
            f"{r['size']:<5} {r['units']:>6} {r['answers']:>9} {r['floor']:>8.3f} "
            f"{r['recompute']:>12.3f} {r['recompute'] / r['floor']:>6.2f} {r['rows']:>8} "
            f"{r['written']:>8} {r['first']:>8.3f} {r['incremental']:>14.3f}"
        )
    one, ten = results[0], results[-1]
    print(
        f"recompute/floor: {one['recompute'] / one['floor']:.2f}; "
        f"10x units/1x time: {ten['recompute'] / one['recompute']:.2f}"
        if ten is not one
        else f"recompute/floor: {one['recompute'] / one['floor']:.2f}"
    )
    print(
        f"after one approval at {one['units']} municipalities: incremental "
        f"{one['incremental']:.3f} s, full {one['recompute']:.3f} s "
        f"({one['incremental'] / one['recompute']:.2f} of it)"
    )


def measure_in_fresh_process(label: str, url: str, args: argparse.Namespace) -> dict:
    """`measure` in a new interpreter, as a worker would recompute: building the data
    leaves this process's heap full of garbage and fragments that a worker never has, and
    that weighed on the 10x figures by up to a fifth from one run to the next."""
    from django.db import connections

    connections.close_all()
    command = [sys.executable, os.path.abspath(__file__), "--measure", label, "--url", url]
    command += ["--runs", str(args.runs)] + (["--profile", args.profile] if args.profile else [])
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)


def main() -> None:
    args = parse_args()
    if args.measure:  # the child of measure_in_fresh_process
        setup_django(args.url)
        print(json.dumps(measure(args.measure, args.runs, args.profile == args.measure)))
        return
    with throwaway_database(args.database_url) as url:
        setup_django(url)
        started = time.perf_counter()
        build_real_round()
        results = [measure_in_fresh_process("1x", url, args)]
        if not args.only_1x:
            add_synthetic_municipalities(SCALE - 1)
            results.append(measure_in_fresh_process("10x", url, args))
        log(f"done in {time.perf_counter() - started:.0f} s")
        print_report(results, args.runs)


if __name__ == "__main__":
    main()
