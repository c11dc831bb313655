"""Benchmark: one API question served by Beredskap and by Datasette, on loopback, warm.

    uv run python bench/api_vs_datasette.py [--seconds S] [--connections N] [--rounds R]
                                           [--indicator KON01] [--profile]

The question: all municipalities' values of one indicator in one year (the 2025 round's
release `2025.1`), one value per municipality: for a per-activity indicator such as KON01
its all-activities summary (`activity=*`, 290 rows; all activities would be 2,900 rows,
three API pages). Beredskap answers it at

    GET /api/v1/values?release=2025.1&indicator=KON01&level=municipality&activity=*&limit=1000

(one page: every row, `next` null), served by gunicorn from a throwaway database; Datasette
0.65 answers it from an SQLite file holding the same released values (table
`released_values`, indexed on indicator and level) at

    GET /values/released_values.json?indicator=KON01&level=municipality&activity=*
        &_size=max&_shape=array

and, as a second Datasette figure, through a canned SQL query (no table-page extras).

Datasette is installed in a virtual environment of its own under
~/.cache/beredskap-bench/datasette-venv (made on the first run, reused afterwards), never
in the project's. Both servers run on 127.0.0.1 as one process each; a load generator in
this process (threads, keep-alive connections) drives each in turn for the same time after
a warm-up and prints requests per second and latency percentiles. The last line is
`throughput ratio beredskap/datasette: X.XX`. See bench/README.md.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import recompute as shared  # the sibling bench script builds the data

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
DATASETTE_REQUIREMENT = "datasette==0.65.*"
VENV = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
VENV = VENV / "beredskap-bench" / "datasette-venv"
DATABASE_NAME = "values"  # Datasette names a database after its file's stem
TABLE = "released_values"
CANNED = "municipality_values"
THREADS = 4  # gunicorn's threads in its one gthread worker, and the default connections
#: The API's fields, in its order: the columns of the Datasette table.
COLUMNS = (
    "indicator", "edition", "level", "unit", "activity", "value", "numerator",
    "denominator", "verdict", "classification", "reason", "units", "release",
)  # fmt: skip
log = shared.log


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="timed load per server")
    parser.add_argument("--warmup", type=float, default=3, help="untimed load per server first")
    parser.add_argument(
        "--connections", type=int, default=THREADS, help="concurrent keep-alive connections"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds over all servers, alternating (best of)"
    )
    parser.add_argument("--indicator", default="KON01", help="indicator code (default KON01)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/) for Beredskap's database; "
        "default SQLite in a temporary directory (see bench/recompute.py)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of Beredskap's request (in-process, Django's test "
        "client) and of Datasette's query on stderr",
    )
    args = parser.parse_args()
    if args.seconds <= 0 or args.warmup < 0 or args.connections < 1 or args.rounds < 1:
        parser.error("--seconds > 0, --warmup >= 0, --connections >= 1, --rounds >= 1")
    return args


# --- Datasette's virtual environment ------------------------------------------------


def datasette_venv() -> tuple[Path, str]:
    """The `datasette` executable of the bench's own virtual environment, made if needed,
    and its version."""
    python = VENV / "bin" / "python"
    datasette = VENV / "bin" / "datasette"
    if datasette.exists():
        done = subprocess.run(
            [str(datasette), "--version"], capture_output=True, text=True, check=False
        )
        if done.returncode == 0 and "version 0.65." in done.stdout:
            return datasette, done.stdout.split()[-1]
        log(f"{VENV} does not hold a working Datasette 0.65: making it anew")
        shutil.rmtree(VENV)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    log(f"installing {DATASETTE_REQUIREMENT} into {VENV} (not the project's environment) …")
    uv = shutil.which("uv")
    environment = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    environment.pop("VIRTUAL_ENV", None)
    base = getattr(sys, "_base_executable", sys.executable)
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", base, str(VENV)], check=True)
        command = [uv, "pip", "install", "--quiet", "--python", str(python)]
    else:
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
        command = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*command, DATASETTE_REQUIREMENT], check=True, env=environment)
    done = subprocess.run([str(datasette), "--version"], capture_output=True, text=True)
    return datasette, done.stdout.split()[-1]


# --- the data -----------------------------------------------------------------------


def analyst():
    from beredskap.registry.models import Membership, Organisation, Role, User

    user, _ = User.objects.get_or_create(username="bench-analyst")
    organisation = Organisation.objects.get(kind=Organisation.Kind.NATIONAL)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.ANALYST)
    return user


def release():
    from beredskap.publication.services import release_round
    from beredskap.surveys.models import Round

    log(f"releasing the {shared.YEAR} round (computes its results first) …")
    survey_round = Round.objects.get(year=shared.YEAR)
    made = release_round(survey_round=survey_round, by=analyst())
    log(f"  release {made.label}: {made.value_count} values")
    return made


def export(made, path: Path) -> int:
    """The release's values into an SQLite file, as the API shows them (null for empty)."""
    from beredskap.publication.models import ReleasedValue

    rows = (
        ReleasedValue.objects.filter(release=made)
        .order_by("pk")
        .values_list(
            "indicator__indicator__code",
            "indicator__edition__year",
            "level",
            "unit_code",
            "activity_code",
            "value",
            "numerator",
            "denominator",
            "verdict",
            "classification",
            "reason",
            "units",
        )
    )

    def number(decimal):
        return None if decimal is None else float(decimal)

    label = made.label
    out = [
        (
            code,
            edition,
            level,
            unit,
            activity or None,
            number(value),
            number(numerator),
            number(denominator),
            verdict or None,
            classification or None,
            reason or None,
            units,
            label,
        )
        for (
            code,
            edition,
            level,
            unit,
            activity,
            value,
            numerator,
            denominator,
            verdict,
            classification,
            reason,
            units,
        ) in rows.iterator()
    ]
    types = {"edition": "INTEGER", "units": "INTEGER", "value": "REAL", "numerator": "REAL"}
    types["denominator"] = "REAL"
    columns = ", ".join(f"{c} {types.get(c, 'TEXT')}" for c in COLUMNS)
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(f"CREATE TABLE {TABLE} ({columns})")
        marks = ", ".join("?" for _ in COLUMNS)
        db.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", out)
        db.execute(f"CREATE INDEX {TABLE}_indicator_level ON {TABLE} (indicator, level)")
    return len(out)


def write_metadata(path: Path) -> None:
    """A canned query: the same question as plain SQL, without the table page's extras."""
    sql = (
        f"select {', '.join(COLUMNS)} from {TABLE} "
        "where indicator = :indicator and level = :level "
        "and coalesce(activity, '') = :activity order by rowid"
    )
    metadata = {"databases": {DATABASE_NAME: {"queries": {CANNED: {"sql": sql}}}}}
    path.write_text(json.dumps(metadata, indent=2))


# --- the servers --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on 127.0.0.1, in its own session (Ctrl-C reaches only us)."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path, port: int):
        self.name, self.port, self.log_path = name, port, log_path
        self.log_file = log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=PROJECT_DIR,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited at start; its log:\n{self.tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    return
                raise SystemExit(f"{self.name}: {path} answered {response.status}")
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer within {timeout:.0f} s:\n{self.tail()}")

    def tail(self) -> str:
        self.log_file.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


def beredskap_server(name: str, database_url: str, folder: Path, threads: int) -> Server:
    """gunicorn with one worker, production settings from the environment (DEBUG off),
    throttling off (bench/bench_settings.py) and plain http (no SSL redirect)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    command = [
        sys.executable, "-m", "gunicorn", "beredskap.wsgi",
        "--pythonpath", f"{PROJECT_DIR},{BENCH_DIR}",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning",
    ]  # fmt: skip
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    else:
        command += ["--worker-class", "sync"]
    return Server(name, command, env, folder / f"{name}.log", port)


def datasette_server(executable: Path, database: Path, metadata: Path, folder: Path) -> Server:
    """`datasette serve` as a publisher of a fixed file would: immutable (-i), defaults
    otherwise (max_returned_rows 1000, three SQL threads)."""
    port = free_port()
    command = [
        str(executable), "serve", "-i", str(database), "--metadata", str(metadata),
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    return Server("datasette", command, env, folder / "datasette.log", port)


# --- the question, and checking both answer it alike ------------------------------


def get_json(port: int, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"GET {path} on :{port}: {response.status} {body[:300]!r}")
        return json.loads(body), len(body)
    finally:
        connection.close()


def rows_of(items: list[dict]) -> list[tuple]:
    return sorted(tuple(item[c] for c in COLUMNS) for item in items)


def verify(targets: list[dict], expected: int) -> int:
    """Every target's answer holds the same rows, all of them (one page)."""
    reference = None
    for target in targets:
        body, size = get_json(target["port"], target["path"])
        if isinstance(body, dict):  # Beredskap's page
            if body.get("next") is not None:
                raise SystemExit(f"{target['name']}: more than one page ({body['next']})")
            items = body["items"]
        else:
            items = body
        rows = rows_of(items)
        target["kib"] = size / 1024
        log(f"  {target['name']}: {len(rows)} rows, {size / 1024:.0f} KiB")
        if reference is None:
            reference = rows
        elif rows != reference:
            diff = next((a, b) for a, b in zip(rows, reference, strict=False) if a != b)
            raise SystemExit(f"{target['name']} answers differently: {len(rows)} rows, {diff}")
    if len(reference) != expected:
        raise SystemExit(f"{len(reference)} rows answered, {expected} in the release")
    return len(reference)


# --- the load -----------------------------------------------------------------------


def load(port: int, path: str, connections: int, seconds: float, vary: bool = False) -> dict:
    """`connections` threads, each with a keep-alive connection (reopened when the server
    closes it), sending GET `path` back to back for `seconds`; per-request latency. With
    `vary`, every request adds a parameter of its own that the server ignores, so no two
    URLs are the same and no response cache can answer."""
    start = threading.Barrier(connections + 1)
    results: list[tuple[list[float], int]] = []
    lock = threading.Lock()
    state = {"deadline": 0.0}

    def client() -> None:
        latencies: list[float] = []
        errors = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        deadline = state["deadline"]
        sent = 0
        while (began := time.perf_counter()) < deadline:
            sent += 1
            try:
                url = f"{path}&nocache={threading.get_ident()}-{sent}" if vary else path
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
        connection.close()
        with lock:
            results.append((latencies, errors))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    state["deadline"] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)

    def percentile(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": percentile(50),
        "p90": percentile(90),
        "p99": percentile(99),
        "errors": errors,
    }


# --- profiles -----------------------------------------------------------------------


def profile_beredskap(path: str, requests: int = 200) -> None:
    """cProfile of `requests` requests through Django's whole stack, in this process."""
    import cProfile
    import pstats

    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.API_ANON_RATE = None
    client = Client()
    for _ in range(20):
        assert client.get(path).status_code == 200
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    each = (time.perf_counter() - started) / requests * 1000
    sys.stderr.write(f"\n--- Beredskap, in-process: {each:.2f} ms a request (profiled)\n")
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(45)


# --- the report ---------------------------------------------------------------------


def print_report(args, targets: list[dict], rows: int, database: str, version: str) -> None:
    import django

    print(
        f"API benchmark: all municipalities' values of {args.indicator} in {shared.YEAR}, "
        f"one per municipality ({rows} rows, one page), warm, {args.connections} keep-alive "
        f"connections, {args.seconds:g} s per server after {args.warmup:g} s warm-up, best of "
        f"{args.rounds} alternating rounds; loopback, {os.cpu_count()} CPUs"
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()} on {database}; "
        f"Datasette {version} ({VENV})"
    )
    for target in targets:
        print(f"  {target['name']:<18} GET {target['path']}")
    print(
        f"{'server':<18} {'KiB':>5} {'requests':>8} {'seconds':>7} {'req/s':>8} "
        f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for t in targets:
        r = t["best"]
        print(
            f"{t['name']:<18} {t['kib']:>5.0f} {r['requests']:>8} {r['seconds']:>7.1f} "
            f"{r['rps']:>8.1f} {r['p50']:>7.1f} {r['p90']:>7.1f} {r['p99']:>7.1f} "
            f"{r['errors']:>6}"
        )
    by_name = {t["name"]: t["best"]["rps"] for t in targets}
    uncached = by_name["beredskap-uncached"] / by_name["datasette"]
    print(f"uncached (every URL new) ratio beredskap/datasette: {uncached:.2f}")
    ratio = by_name["beredskap"] / by_name["datasette"]
    print(f"throughput ratio beredskap/datasette: {ratio:.2f}")


# --- main ---------------------------------------------------------------------------


@contextlib.contextmanager
def stopping(servers: list[Server]) -> Iterator[None]:
    def terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        for server in servers:
            server.stop()
        signal.signal(signal.SIGTERM, previous)


def main() -> None:
    args = parse_args()
    datasette, version = datasette_venv()
    with (
        shared.throwaway_database(args.database_url) as url,
        tempfile.TemporaryDirectory(prefix="beredskap-bench-api-") as tmp,
    ):
        folder = Path(tmp)
        # The app servers' environment, also this process's (for --profile).
        os.environ.update(ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false")
        shared.setup_django(url)
        from django.db import connection, connections

        database = connection.vendor
        if database == "sqlite":
            database = f"SQLite {connection.Database.sqlite_version}"
        shared.build_real_round()
        made = release()
        file = folder / f"{DATABASE_NAME}.db"
        exported = export(made, file)
        write_metadata(folder / "metadata.json")
        log(f"exported {exported} values to {file}")
        municipal = made.values.filter(
            indicator__indicator__code=args.indicator, level="municipality"
        )
        # One value per municipality: a per-activity indicator's all-activities summary
        # (`*`), or a municipality-wide indicator's one value (no activity).
        activity = "*" if municipal.filter(activity_code="*").exists() else ""
        expected = municipal.filter(activity_code=activity).count()
        log(
            f"{municipal.count()} municipality values of {args.indicator}, {expected} with "
            f"activity {activity or 'null'} (one per municipality)"
        )
        if not 0 < expected <= 1000:
            raise SystemExit(f"{expected} municipality values of {args.indicator}: not 1 page")
        connections.close_all()

        question = {"indicator": args.indicator, "level": "municipality"}
        api_query = {"release": made.label, **question}
        table_query = dict(question)
        if activity:
            api_query["activity"] = table_query["activity"] = activity
        else:
            table_query["activity__isnull"] = "1"
        api_path = f"/api/v1/values?{urllib.parse.urlencode(api_query)}&limit=1000"
        table_filters = urllib.parse.urlencode(table_query)
        sql_filters = urllib.parse.urlencode({**question, "activity": activity})
        servers: list[Server] = []
        with stopping(servers):
            servers.append(beredskap_server("beredskap", url, folder, THREADS))
            servers.append(beredskap_server("beredskap-sync", url, folder, 1))
            servers.append(datasette_server(datasette, file, folder / "metadata.json", folder))
            log("starting gunicorn (gthread 1x4, sync 1x1) and datasette …")
            for server in servers:
                server.wait_ready(
                    "/api/v1/counties" if "beredskap" in server.name else "/-/versions.json"
                )
            ports = {s.name: s.port for s in servers}
            targets = [
                {"name": "beredskap", "port": ports["beredskap"], "path": api_path},
                {"name": "datasette", "port": ports["datasette"],
                 "path": f"/{DATABASE_NAME}/{TABLE}.json?{table_filters}&_size=max&_shape=array"},
                {"name": "beredskap-uncached", "port": ports["beredskap"], "path": api_path,
                 "vary": True},
                {"name": "beredskap-sync", "port": ports["beredskap-sync"], "path": api_path},
                {"name": "datasette-sql", "port": ports["datasette"],
                 "path": f"/{DATABASE_NAME}/{CANNED}.json?{sql_filters}&_shape=array"},
            ]  # fmt: skip
            rows = verify(targets, expected)
            log(f"all four answer the same {rows} rows")
            if args.profile:
                profile_beredskap(api_path)
            for number in range(1, args.rounds + 1):
                for target in targets:
                    log(f"round {number}/{args.rounds}: {target['name']} …")
                    port, path, vary = target["port"], target["path"], target.get("vary", False)
                    if args.warmup:
                        load(port, path, args.connections, args.warmup, vary)
                    result = load(port, path, args.connections, args.seconds, vary)
                    log(
                        f"  {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, "
                        f"p99 {result['p99']:.1f} ms, {result['errors']} errors"
                    )
                    best = target.get("best")
                    if best is None or result["rps"] > best["rps"]:
                        target["best"] = result
        print_report(args, targets, rows, database, version)


if __name__ == "__main__":
    main()
