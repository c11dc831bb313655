"""The load and the checks of bench/api_vs_datasette.py: what each server is asked, in
which order, and whether the servers give the same answers.

A `Feed` hands out the URLs. A varied feed asks every question once per pass, the passes
one after another, each in its own shuffled order (seeded), and adds the pass number to
every URL (`_pass=N`, a parameter both servers ignore): no URL is ever asked twice, so no
response cache, the server's or anything between, can answer. A fixed feed asks one URL
again and again (the warm-cache figure).
"""

import http.client
import json
import random
import threading
import time
from collections.abc import Sequence

from api_data import COLUMNS, Question
from recompute import log


class Feed:
    """The next URL to ask, for any number of client threads (thread-safe)."""

    def __init__(self, paths: Sequence[str], vary: bool, seed: int = 14):
        self.paths, self.vary = list(paths), vary
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.passes, self.order = 0, []

    def next(self) -> str:
        if not self.vary:
            return self.paths[0]
        with self.lock:
            if not self.order:
                self.passes += 1
                self.order = self.paths[:]
                self.random.shuffle(self.order)
            path = self.order.pop()
            return f"{path}&_pass={self.passes}"


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


def answer(port: int, path: str) -> tuple[list[tuple], int]:
    """The rows a server answers (sorted, as tuples of the API's fields) and the size."""
    body, size = get_json(port, path)
    if isinstance(body, dict):  # Beredskap's page
        if body.get("next") is not None:
            raise SystemExit(f"GET {path}: more than one page ({body['next']})")
        body = body["items"]
    return sorted((tuple(item[c] for c in COLUMNS) for item in body), key=repr), size


def verify(questions: list[Question], beredskap: dict[str, int], datasette: int) -> dict:
    """Every question asked of every server (also with `_pass`, as the load asks it): each
    Beredskap answers the same rows as Datasette, field by field, and as many as the
    release holds. Returns the mean response size per server in KiB."""
    sizes = {name: 0 for name in [*beredskap, "datasette"]}
    for suffix in ("", "&_pass=0"):
        for question in questions:
            reference, size = answer(datasette, question.datasette + suffix)
            sizes["datasette"] += size
            if len(reference) != question.rows:
                raise SystemExit(
                    f"{question.name}: Datasette {len(reference)} rows, {question.rows} held"
                )
            for name, port in beredskap.items():
                rows, size = answer(port, question.api + suffix)
                sizes[name] += size
                if rows != reference:
                    diff = next(
                        ((a, b) for a, b in zip(rows, reference, strict=False) if a != b),
                        (len(rows), len(reference)),
                    )
                    raise SystemExit(f"{question.name}: {name} answers differently: {diff}")
    rows = sum(q.rows for q in questions)
    log(f"all {len(questions)} questions ({rows} rows) answered alike by {', '.join(sizes)}")
    return {name: size / 2 / len(questions) / 1024 for name, size in sizes.items()}


def load(port: int, feed: Feed, connections: int, seconds: float) -> dict:
    """`connections` threads, each with a keep-alive connection (reopened when the server
    closes it), asking the feed's next URL back to back for `seconds`; per-request
    latency from sending to the last byte of the body; non-200 answers are errors."""
    start = threading.Barrier(connections + 1)
    results: list[tuple[list[float], int]] = []
    lock = threading.Lock()
    state = {"deadline": 0.0}

    def client() -> None:
        latencies: list[float] = []
        errors = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        while (began := time.perf_counter()) < state["deadline"]:
            try:
                connection.request("GET", feed.next())
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
    return summary(results, time.perf_counter() - began)


def summary(results: list[tuple[list[float], int]], elapsed: float) -> dict:
    latencies = sorted(x for lat, _ in results for x in lat)

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
        "errors": sum(e for _, e in results),
    }
