"""Where one autosave's CPU goes, in-process, on PostgreSQL with the production settings.

    uv run python bench/save_profile.py [--saves 400] [--top 30] [--dump FILE]

Builds deadline.py's throwaway database (the open 2026 round, a few respondents), signs one
respondent in through the sign-in form, then posts the htmx autosave of one answer N times
through Django's test client (every middleware, no network, no gunicorn) and prints the CPU
time per save, the SQL queries of one save, and cProfile's heaviest functions. CPU time
(`time.process_time`) rather than wall time, so a busy machine changes the figure little.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deadline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=400)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one save")
    parser.add_argument("--dump", metavar="FILE", help="also write the profile (pstats) here")
    parser.add_argument(
        "--mix", action="store_true", help="also the CPU of the deadline's other requests"
    )
    args = parser.parse_args()
    with deadline.throwaway_database(args.database_url) as url:
        deadline.setup_django(deadline.production_environment(url, args.redis_url))
        plan, reviewers = deadline.build(clients=3, finishers_per_county=0, seed=1)
        measure(plan[0], args)
        if args.mix:
            mix(plan[0], reviewers, args)


def signed_in(username: str):
    """A test client signed in through the sign-in form, as the deadline's browsers are."""
    from django.test import Client

    browser = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    page = browser.get("/accounts/login/", secure=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed = browser.post(
        "/accounts/login/",
        {"username": username, "password": deadline.PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
    )
    assert signed.status_code == 302, signed.status_code
    return browser


def cpu_per_request(get, runs: int) -> float:
    """Mean CPU milliseconds of `get()` after a few warm calls."""
    for _ in range(5):
        get()
    started = time.process_time()
    for _ in range(runs):
        get()
    return (time.process_time() - started) / runs * 1000


def mix(client, reviewers, args) -> None:
    """The CPU of the deadline's other requests, one kind at a time: what a reviewer's
    status board (CSV) and a municipality's results page cost beside the saves."""
    from beredskap.registry.models import Municipality

    county = Municipality.objects.get(code=client.code).county.code
    reviewer = next(r for r in reviewers if r.county == county)
    board = signed_in(reviewer.username)
    respondent = signed_in(client.username)
    year = deadline.YEAR
    kinds = {
        "status board (csv)": (
            board,
            f"/surveys/{year}/board/?county={county}&status=submitted&format=csv",
        ),
        "results page": (board, f"/results/{year}/municipalities/{client.code}/"),
        "questionnaire": (respondent, f"/surveys/{year}/{client.code}/"),
    }
    for name, (browser, path) in kinds.items():

        def get(browser=browser, path=path):
            answer = browser.get(path, secure=True)
            assert answer.status_code == 200, (path, answer.status_code)

        print(f"{name}: {cpu_per_request(get, 40):.2f} ms CPU (mean of 40, test client)")


def backend_cpu(pid: int) -> float:
    """CPU seconds (user and system) the PostgreSQL backend process has used: the server
    runs on this machine, so its share of a save is read where the kernel counts it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = signed_in(client.username)
    csrf = browser.cookies["csrftoken"].value
    rng = random.Random(1)
    keys = sorted(client.slots)

    def save() -> None:
        key = rng.choice(keys)
        value = "nej" if client.slots[key] == "ja" else "ja"
        response = browser.post(
            f"/surveys/{deadline.YEAR}/{client.code}/answers/{key}/",
            {key: value, f"{key}-version": client.versions[key]},
            secure=True,
            HTTP_HX_REQUEST="true",
            HTTP_X_CSRFTOKEN=csrf,
        )
        assert response.status_code == 200, (response.status_code, response.content[:300])
        found = re.search(rf'name="{re.escape(key)}-version" value="(\d+)"', response.text)
        client.slots[key], client.versions[key] = value, int(found.group(1))

    for _ in range(30):  # warm: structure cache, connections, templates
        save()
    with CaptureQueriesContext(connection) as queries:
        save()
    print(f"queries in one save: {len(queries)}")
    if args.queries:
        for query in queries:
            print("  ", query["sql"][:200])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    started_db = backend_cpu(backend)
    started_cpu, started = time.process_time(), time.perf_counter()
    for _ in range(args.saves):
        save()
    cpu = (time.process_time() - started_cpu) / args.saves * 1000
    wall = (time.perf_counter() - started) / args.saves * 1000
    db = (backend_cpu(backend) - started_db) / args.saves * 1000
    print(f"save: {cpu:.2f} ms CPU, {wall:.2f} ms wall (mean of {args.saves}, test client)")
    print(f"PostgreSQL backend: {db:.2f} ms CPU a save (/proc/{backend}/stat)")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.saves):
        save()
    profile.disable()
    stats = pstats.Stats(profile)
    if args.dump:
        stats.dump_stats(args.dump)
    print(f"python function calls per save: {stats.total_calls / args.saves:.0f} (cProfile)")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
