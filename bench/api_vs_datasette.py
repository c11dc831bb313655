"""Benchmark: API v1 against Datasette, varied questions, no response cache, on loopback.

    uv run python bench/api_vs_datasette.py [--seconds S] [--rounds R] [--threads N]
                                           [--database-url postgres://…/] [--no-postgres]

The questions: every slice of the 2025 round's release `2025.1` that a dashboard asks,
each once per pass in a shuffled order, passes back to back: the 290 municipality slices
(one municipality, all indicators, every activity) and the indicator slices (one
indicator, one value per municipality), so no response cache can answer. Beredskap
answers them from API v1 (`/api/v1/values?…`) served by gunicorn, once from SQLite and
once from PostgreSQL (each a throwaway database built the same way, side by side); Datasette
0.65 runs its canned SQL query over an SQLite file holding the same released values.
Both servers are one process with the same number of threads. Every question is first
asked of every server and the answers compared row by row.

Datasette is installed in a virtual environment of its own under
~/.cache/beredskap-bench/datasette-venv (made on the first run, reused afterwards), never
in the project's. The last line is
`throughput ratio beredskap/datasette (varied, uncached): X` (the lower of the two
databases). See bench/README.md.
"""

import argparse
import contextlib
import os
import platform
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import api_data as data
import api_servers as servers
from api_load import Feed, answer, load, verify
from recompute import YEAR, log

THREADS = 4  # threads of each server (gunicorn's one gthread worker, Datasette's SQL)
POSTGRES = "postgres://postgres@127.0.0.1:5432/"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="timed load per target")
    parser.add_argument("--warmup", type=float, default=3, help="untimed load per target first")
    parser.add_argument(
        "--threads", type=int, default=THREADS, help="each server's threads, and connections"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds over all targets, alternating (best of)"
    )
    parser.add_argument("--indicator", default="KON01", help="the warm single URL's indicator")
    parser.add_argument(
        "--database-url",
        default=POSTGRES,
        help=f"the PostgreSQL server for Beredskap's second database (default {POSTGRES}); "
        "a throwaway database is made there and dropped",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--build", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seconds <= 0 or args.warmup < 0 or args.threads < 1 or args.rounds < 1:
        parser.error("--seconds > 0, --warmup >= 0, --threads >= 1, --rounds >= 1")
    return args


def build(urls: dict[str, str], folder: Path) -> Path:
    """Each database built in a process of its own, side by side; the released values
    of each exported, compared, and the first export returned (Datasette's file)."""
    script = os.path.abspath(__file__)
    files = {name: folder / f"{name}.db" for name in urls}
    started = {
        name: subprocess.Popen([sys.executable, script, "--build", url, str(files[name])])
        for name, url in urls.items()
    }
    failed = [name for name, process in started.items() if process.wait() != 0]
    if failed:
        raise SystemExit(f"building {', '.join(failed)} failed")
    names = list(files)
    for other in names[1:]:
        count = data.same_values(files[names[0]], files[other])
        log(f"{names[0]} and {other} released the same {count} values")
    datasette_file = folder / f"{data.DATABASE_NAME}.db"
    files[names[0]].rename(datasette_file)
    data.indicators_file(files[names[0]]).rename(data.indicators_file(datasette_file))
    return datasette_file


@contextlib.contextmanager
def databases(args, folder: Path) -> Iterator[dict[str, str]]:
    """Beredskap's throwaway databases by name: SQLite, and PostgreSQL unless refused."""
    sqlite = {"sqlite": f"sqlite:///{folder}/bench.sqlite3"}
    if args.no_postgres:
        yield sqlite
        return
    with data.throwaway_postgres(args.database_url) as url:
        yield {**sqlite, "postgres": url}


@contextlib.contextmanager
def stopping(started: list[servers.Server]) -> Iterator[None]:
    def terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        for server in started:
            server.stop()
        signal.signal(signal.SIGTERM, previous)


def targets(questions, ports: dict[str, int], indicator: str) -> list[dict]:
    """The varied targets (the ratio's) and the warm single-URL pair (the old figure)."""
    beredskap = [name for name in ports if name != "datasette"]
    varied = [
        {"name": name, "port": ports[name], "feed": Feed([q.api for q in questions], True)}
        for name in beredskap
    ]
    varied.append(
        {"name": "datasette", "port": ports["datasette"],
         "feed": Feed([q.datasette for q in questions], True)}
    )  # fmt: skip
    warm = next(q for q in questions if q.name == f"indicator {indicator}")
    return [
        *varied,
        {"name": f"{beredskap[0]}-warm", "port": ports[beredskap[0]],
         "feed": Feed([warm.api], False), "warm": True},
        {"name": "datasette-warm", "port": ports["datasette"],
         "feed": Feed([warm.datasette], False), "warm": True},
    ]  # fmt: skip


def measure(args, measured: list[dict]) -> None:
    """Rounds alternating between the targets, each warmed up first; the best round kept."""
    for number in range(1, args.rounds + 1):
        for target in measured:
            log(f"round {number}/{args.rounds}: {target['name']} …")
            if args.warmup:
                load(target["port"], target["feed"], args.threads, args.warmup)
            result = load(target["port"], target["feed"], args.threads, args.seconds)
            log(
                f"  {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, "
                f"p99 {result['p99']:.1f} ms, {result['errors']} errors"
            )
            best = target.get("best")
            if best is None or result["rps"] > best["rps"]:
                target["best"] = result


def versions(urls: dict[str, str], datasette: str) -> dict[str, str]:
    """What answered: each Beredskap database's engine and version, and Datasette's."""
    import sqlite3

    named = {"sqlite": f"SQLite {sqlite3.sqlite_version}", "datasette": datasette}
    if "postgres" in urls:
        import psycopg

        with psycopg.connect(urls["postgres"]) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        named["postgres"] = f"PostgreSQL {version.split()[0]}"
    return named


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def print_header(args, questions, named: dict[str, str], loads) -> None:
    import django

    municipalities = [q.rows for q in questions if q.name.startswith("municipality")]
    indicators = [q.rows for q in questions if q.name.startswith("indicator")]
    rows = sum(q.rows for q in questions)
    print(
        f"API benchmark, release {YEAR}.1: {len(municipalities)} municipality slices "
        f"({min(municipalities)}–{max(municipalities)} rows) and {len(indicators)} indicator "
        f"slices ({min(indicators)}–{max(indicators)} rows), {rows} rows a pass, each once a "
        f"pass, shuffled, no URL asked twice; {args.threads} keep-alive connections, "
        f"{args.seconds:g} s a target after {args.warmup:g} s warm-up, best of {args.rounds} "
        f"alternating rounds; loopback, {os.cpu_count()} CPUs ({cpu_model()})"
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}: gunicorn, "
        f"1 gthread worker x {args.threads} threads; Datasette {named['datasette']}: 1 "
        f"process, {args.threads} SQL threads, canned queries, default_cache_ttl 0"
    )
    databases = [
        f"beredskap-{key} = {value}" for key, value in named.items() if key != "datasette"
    ]
    print(f"Beredskap's databases: {'; '.join(databases)}; Datasette reads SQLite")
    averages = [" ".join(f"{x:.2f}" for x in average) for average in loads]
    print(f"load average (1, 5, 15 min) before and after the load: {' → '.join(averages)}")


def print_report(args, measured: list[dict], questions, named, loads) -> None:
    print_header(args, questions, named, loads)
    print(
        f"{'target':<21} {'KiB':>5} {'requests':>8} {'seconds':>7} {'req/s':>8} "
        f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for t in measured:
        r, kib = t["best"], t["kib"]
        print(
            f"{t['name']:<21} {kib:>5.0f} {r['requests']:>8} {r['seconds']:>7.1f} "
            f"{r['rps']:>8.1f} {r['p50']:>7.1f} {r['p90']:>7.1f} {r['p99']:>7.1f} "
            f"{r['errors']:>6}"
        )
    passes = [f"{t['name']} {t['feed'].passes}" for t in measured if not t.get("warm")]
    print(f"passes begun, warm-ups and rounds together (each a new URL): {', '.join(passes)}")
    rps = {t["name"]: t["best"]["rps"] for t in measured}
    warm = [t["name"] for t in measured if t.get("warm")]
    print(f"warm single URL (response cache) ratio {warm[0]}/datasette: "
          f"{rps[warm[0]] / rps['datasette-warm']:.2f}")  # fmt: skip
    ratios = {
        name: rps[name] / rps["datasette"]
        for name in rps
        if name.startswith("beredskap") and not name.endswith("-warm")
    }
    for name, ratio in ratios.items():
        print(f"varied, uncached ratio {name} ({named[name.removeprefix('beredskap-')]}): "
              f"{ratio:.2f}")  # fmt: skip
    lowest = min(ratios, key=ratios.get)
    which = f" (the lower, {lowest})" if len(ratios) > 1 else f" ({lowest})"
    print(f"throughput ratio beredskap/datasette (varied, uncached): {ratios[lowest]:.2f}{which}")


def main() -> None:
    args = parse_args()
    if args.build:
        data.build_and_export(args.build[0], Path(args.build[1]))
        return
    datasette, version = servers.datasette_venv()
    with (
        tempfile.TemporaryDirectory(prefix="beredskap-bench-api-") as tmp,
        databases(args, Path(tmp)) as urls,
    ):
        folder = Path(tmp)
        file = build(urls, folder)
        data.write_metadata(folder / "metadata.json")
        questions = data.questions(file)
        named = versions(urls, version)
        started: list[servers.Server] = []
        with stopping(started):
            for name, url in urls.items():
                started.append(
                    servers.beredskap_server(f"beredskap-{name}", url, folder, args.threads)
                )
            started.append(
                servers.datasette_server(
                    datasette, file, folder / "metadata.json", folder, args.threads
                )
            )
            log(f"starting gunicorn ({', '.join(urls)}) and datasette …")
            for server in started:
                ready = "/-/versions.json" if server.name == "datasette" else "/api/v1/counties"
                server.wait_ready(ready)
            ports = {server.name: server.port for server in started}
            beredskap = {name: port for name, port in ports.items() if name != "datasette"}
            sizes = verify(questions, beredskap, ports["datasette"])
            measured = targets(questions, ports, args.indicator)
            for target in measured:  # the warm URL's own size; the varied ones' mean
                if target.get("warm"):
                    target["kib"] = answer(target["port"], target["feed"].next())[1] / 1024
                else:
                    target["kib"] = sizes[target["name"]]
            loads = [os.getloadavg()]
            measure(args, measured)
            loads.append(os.getloadavg())
        print_report(args, measured, questions, named, loads)


if __name__ == "__main__":
    main()
