"""Rate limits hold across workers: two processes share one client's allowance.

Each process below is a separate Python interpreter with its own memory, as two gunicorn
workers are; they meet only in the `counters` store (here the database cache table, in
the same SQLite file or PostgreSQL database)."""

import os
import subprocess
import sys
import uuid

from django.db import connection

ASK = """
import django, sys
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR=sys.argv[1])
print(",".join(str(client.get("/api/v1/docs/assets/favicon.png").status_code) for _ in range(3)))
"""


def _shared_database_url(tmp_path) -> str:
    """The test database for PostgreSQL; an SQLite file with the counters table for SQLite
    (the test's own SQLite database lives in memory, out of another process's reach)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    _run(["-m", "beredskap.cli", "createcachetable"], url)
    return url


def _run(args: list[str], url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "beredskap.settings"}
    env.update(
        API_ANON_RATE="5/d", DEBUG="true", ALLOWED_HOSTS="testserver"
    )  # a day: no window closes mid-test
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_processes_exhaust_one_anonymous_limit_together(db, tmp_path):
    url = _shared_database_url(tmp_path)
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"

    first = _run(["-c", ASK, address], url)
    second = _run(["-c", ASK, address], url)

    assert first == "200,200,200"
    assert second == "200,200,429"  # the first process's three requests counted here too
