"""The deadline hour: 290 municipalities saving at once while 21 county boards approve.

Builds a throwaway PostgreSQL database with the demo's open round (every municipality
answering, every response a draft), starts gunicorn exactly as the README's Production
section does (4 workers, `DEBUG=false`, `TASKS_BACKEND=database`, Redis for the shared
counters) and `beredskap db_worker` beside it (at `nice -n 10`, as there; its e-mail goes to
a local SMTP sink), and drives it over HTTP like browsers do
(sign-in form, CSRF token, the questionnaire's htmx autosave, the approve button):

1. **sign-in**: every respondent and reviewer signs in at once; then every respondent
   opens the questionnaire.
2. **single**: one respondent alone saves answers one after another: the reference p95.
3. **paced** (60 s): every respondent saves one answer every 2-6 s (about 70 saves/s);
   two municipalities per county finish and submit on the way, and each county's reviewer
   watches the status board, approves what was submitted and then reloads the
   municipality's results page once a second until the approval shows there.
4. **burst** (15 s): every respondent still editing saves again as soon as its previous
   save returns.

Afterwards it checks that the database holds every answer a save was told was saved and
one revision per successful save. Progress goes to stderr; the report to stdout, ending:

    deadline: saves=N errors=E lost=L p95/single=R approval_visible_p95_s=V

    uv run python bench/deadline.py                        # about 5 minutes
    uv run python bench/deadline.py --paced-seconds 20 --burst-seconds 5 --clients 60
"""

import argparse
import contextlib
import csv
import http.client
import http.cookies
import io
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cpu
import requests
from smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026  # the demo's open round
PASSWORD = "deadline bench password, not secret"
WATCH_INTERVAL = 1.0  # seconds between reloads of a results page awaiting an approval
PROXY = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy tells gunicorn
TIMEOUT = 120  # seconds: a save slower than this counts as an error ("timeout")
WORKER_NICE = 10  # the README's Production section: the task worker yields to requests
WORKER_INTERVAL = 0.25  # the README's Production section: seconds between looks at the queue


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--clients", type=int, default=290, help="respondents (at most 290)")
    parser.add_argument("--paced-seconds", type=float, default=60)
    parser.add_argument("--burst-seconds", type=float, default=15)
    parser.add_argument("--single-saves", type=int, default=40)
    parser.add_argument("--finishers-per-county", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (README: 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--records",
        metavar="FILE",
        help="also write every request and task with its wall-clock times here (CSV)",
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=WORKER_NICE,
        help=f"the task worker's niceness (README: {WORKER_NICE})",
    )
    parser.add_argument(
        "--worker-interval",
        type=float,
        default=WORKER_INTERVAL,
        help=f"seconds the idle task worker waits between looks (README: {WORKER_INTERVAL})",
    )
    return parser.parse_args()


# --- the server ---------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards whatever happens (recompute.py's)."""
    if urllib.parse.urlsplit(server_url).scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL: the deadline is production")
    from recompute import throwaway_database as throwaway

    with throwaway(server_url, prefix="beredskap_deadline") as url:
        yield url


def production_environment(
    database_url: str, redis_url: str, smtp_port: int | None = None
) -> dict[str, str]:
    """The README's Production settings, for a server on 127.0.0.1 behind a TLS proxy, with
    e-mail delivered to the bench's SMTP sink at `smtp_port`."""
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)} if smtp_port else {}
    return {
        **mail,
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "deadline-bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TASKS_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "beredskap.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "STATIC_ROOT": str(
            Path(tempfile.gettempdir()) / f"beredskap-deadline-static-{os.getpid()}"
        ),
    }


def setup_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(
    environment: dict[str, str],
    workers: int,
    threads: int,
    worker_nice: int,
    worker_interval: float,
) -> Iterator[tuple[str, dict[str, int]]]:
    """gunicorn and the task worker as the README starts them; stopped afterwards. Yields
    the base URL and the process groups of both (for `cpu.reading`)."""
    port = free_port()
    bin_dir = Path(sys.executable).parent
    gunicorn = [str(bin_dir / "gunicorn"), "beredskap.wsgi"]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    gunicorn += ["--threads", str(threads)]
    gunicorn += ["--backlog", "2048", "--timeout", str(TIMEOUT), "--log-level", "warning"]
    worker = ["nice", "-n", str(worker_nice), str(bin_dir / "beredskap"), "db_worker"]
    worker += ["--interval", str(worker_interval)]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
        for command in (gunicorn, worker)
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(requests.ConnectionError, requests.Timeout):
                health = requests.get(base + "/healthz", timeout=10, headers=PROXY)
                if health.status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer /healthz with 200 within 60 s")
        log(f"gunicorn ({workers} workers) and db_worker running at {base}")
        yield base, {"gunicorn": processes[0].pid, "worker": processes[1].pid}
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


# --- the data -----------------------------------------------------------------------


@dataclass
class Client:
    username: str
    code: str
    slots: dict[str, object]  # key -> value now stored (None: not answered yet)
    versions: dict[str, int]
    finisher: bool = False
    successes: Counter = field(default_factory=Counter)
    revisions_before: dict[str, int] = field(default_factory=dict)


@dataclass
class Reviewer:
    username: str
    county: str
    approved: set[str] = field(default_factory=set)


def split(key: str) -> tuple[str, str]:
    """A slot key (KON_PLAN.sabo, or KON_UNITS) as (question code, activity code)."""
    code, _sep, activity = key.partition(".")
    return code, activity


def build(clients: int, finishers_per_county: int, seed: int):
    """The open round answered by the demo generator, every response back to draft, with
    one respondent per municipality (also its approver, as in small municipalities, so the
    finishers can submit) and one reviewer per county board."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from beredskap.catalogue import services as catalogue
    from beredskap.demo import surveys as demo
    from beredskap.demo.surveys import rounds
    from beredskap.registry.models import Membership, Organisation, User
    from beredskap.registry.services import load_reference_data
    from beredskap.surveys import structure
    from beredskap.surveys.models import Answer, AnswerRevision, Response, Round
    from beredskap.surveys.services import edition_questions
    from beredskap.surveys.services.workflow import problems_before_submit

    log("migrating, loading reference data and the shipped editions …")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_reference_data()
    for path in catalogue.shipped_editions():
        catalogue.load_edition(path=path)
    log(f"generating the {YEAR} round for the 290 municipalities (demo generator) …")
    profiles = demo.build_profiles()
    rounds._generate_round(YEAR, profiles, demo.calibration_stretch(profiles))
    survey_round = Round.objects.select_related("edition").get(year=YEAR)
    responses = survey_round.responses
    responses.update(
        status=Response.Status.DRAFT, submitted_at=None, approved_at=None, first_submitted_at=None
    )
    Answer.objects.filter(response__round=survey_round).update(prefilled=False, reopened=False)

    shape = structure.of(survey_round.edition)
    read_by_others = set().union(*shape.depends_on.values())
    free = {
        q.code
        for q in shape.questions
        if q.kind == "yes_no" and not q.asked_if and q.code not in read_by_others
    }
    free_slots = [s for s in shape.slots if s.question.code in free]
    log(f"  {len(free)} unconditional yes/no questions no condition reads: the ones saved")

    encoded = make_password(PASSWORD)
    questions = edition_questions(survey_round.edition)
    rng = random.Random(seed)
    chosen = sorted(
        responses.select_related("municipality__county"), key=lambda r: r.municipality.code
    )[:clients]
    plan, per_county = [], Counter()
    for response in chosen:
        answers = list(response.answers.select_related("question"))
        stored = {f"{a.question.code}.{a.activity_code}".rstrip("."): a for a in answers}
        keys = [f"{s.question.code}.{s.activity_code}".rstrip(".") for s in free_slots]
        slots = {key: stored[key].value if key in stored else None for key in keys}
        versions = {key: stored[key].version if key in stored else 0 for key in keys}
        county = response.municipality.county.code
        finisher = per_county[county] < finishers_per_county and not problems_before_submit(
            response, questions=questions, answers=answers
        )
        per_county[county] += finisher
        plan.append(
            Client(
                f"kommun-{response.municipality.code}",
                response.municipality.code,
                slots,
                versions,
                finisher,
            )
        )
    users = User.objects.bulk_create(
        [
            User(username=c.username, password=encoded, email=f"{c.username}@example.org")
            for c in plan
        ]
        + [
            User(
                username=f"lst-{county.county.code}",
                password=encoded,
                email=f"lst-{county.county.code}@example.org",
            )
            for county in Organisation.objects.filter(kind="county_board").select_related("county")
        ]
    )
    by_name = {u.username: u for u in users}
    organisations = {
        o.municipality.code if o.municipality_id else f"lst-{o.county.code}": o
        for o in Organisation.objects.select_related("municipality", "county")
        if o.municipality_id or o.county_id
    }
    memberships = []
    for c in plan:
        for role in ("respondent", "approver"):
            memberships.append(
                Membership(user=by_name[c.username], organisation=organisations[c.code], role=role)
            )
    reviewers = []
    for name, user in by_name.items():
        if name.startswith("lst-"):
            memberships.append(
                Membership(user=user, organisation=organisations[name], role="reviewer")
            )
            reviewers.append(Reviewer(name, name.removeprefix("lst-")))
    Membership.objects.bulk_create(memberships)
    revisions = Counter(
        AnswerRevision.objects.filter(answer__response__round=survey_round).values_list(
            "answer__response__municipality__code",
            "answer__question__code",
            "answer__activity_code",
        )
    )
    for c in plan:
        c.revisions_before = {key: revisions[(c.code, *split(key))] for key in c.slots}
    rng.shuffle(plan)
    with connection.cursor() as cursor:  # as autovacuum would have, in a database in use
        cursor.execute("ANALYZE")
    log(
        f"  {len(plan)} respondents ({sum(c.finisher for c in plan)} will submit), "
        f"{len(reviewers)} reviewers, {sum(len(c.slots) for c in plan)} answers to save"
    )
    return plan, reviewers


# --- the load -----------------------------------------------------------------------


@dataclass
class Record:
    phase: str
    kind: str  # "save", "submit", "approve", "sign-in", "open"
    started: float
    seconds: float
    outcome: str  # "ok" or the error's kind


@dataclass
class Answer:
    """What the server answered: its status and body."""

    status_code: int
    text: str


class Browser:
    """One person's browser: cookies (the production cookies are Secure, and the bench
    talks plain HTTP to gunicorn as a TLS proxy would, saying so in X-Forwarded-Proto),
    the CSRF token, and timing of every request into `records`.

    It speaks HTTP with the standard library's `http.client`, a new connection a request
    as gunicorn's sync workers close each one: the load generator shares the server's two
    cores, so it should take as little of them as it can (bench/README.md)."""

    def __init__(self, base: str, records: list[Record]):
        self.base, self.records, self.cookies = base, records, {}
        address = base.split("//", 1)[1]
        self.host, self.port = address.split(":")[0], int(address.split(":")[1])
        self.headers = {"X-Forwarded-Proto": "https", "Origin": "https://" + address}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def fetch(self, method: str, path: str, headers: dict, data: dict | None) -> tuple:
        """(status, body, Set-Cookie headers) of one request on a connection of its own."""
        body = urllib.parse.urlencode(data) if data is not None else None
        if body is not None:
            headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode()
            return answer.status, text, answer.headers.get_all("Set-Cookie") or []
        finally:
            connection.close()

    def request(self, phase: str, kind: str, method: str, path: str, expect: int, **kwargs):
        started = time.perf_counter()
        headers = {**self.headers, **kwargs.get("headers", {}), "Cookie": self.cookie_header()}
        try:
            status, text, cookies = self.fetch(method, path, headers, kwargs.get("data"))
        except TimeoutError:
            self.records.append(Record(phase, kind, started, TIMEOUT, "timeout"))
            return None
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
            self.records.append(
                Record(phase, kind, started, time.perf_counter() - started, outcome)
            )
            return None
        seconds = time.perf_counter() - started
        for header in cookies:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        outcome = "ok" if status == expect else f"http {status}"
        self.records.append(Record(phase, kind, started, seconds, outcome))
        return Answer(status, text) if outcome == "ok" else None

    def post(self, phase: str, kind: str, path: str, data: dict, expect: int, **kwargs):
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request(phase, kind, "POST", path, expect, data=data, **kwargs)

    def sign_in(self, username: str) -> bool:
        self.request("sign-in", "sign-in form", "GET", "/accounts/login/", 200)
        form = {"username": username, "password": PASSWORD}
        return self.post("sign-in", "sign-in", "/accounts/login/", form, 302) is not None


class Respondent:
    """Saves one answer at a time, as the questionnaire's autosave does, and remembers
    what the server said was saved."""

    def __init__(self, client: Client, browser: Browser, rng: random.Random):
        self.client, self.browser, self.rng = client, browser, rng
        self.submitted = False
        self.uncertain: set[str] = set()  # slots whose save failed: stored value unknown

    def open(self) -> None:
        self.browser.request("open", "open", "GET", f"/surveys/{YEAR}/{self.client.code}/", 200)

    def save(self, phase: str) -> None:
        client = self.client
        key = self.rng.choice(sorted(client.slots))
        value = "nej" if client.slots[key] == "ja" else "ja"
        fields = {key: value, f"{key}-version": client.versions[key]}
        answer = self.browser.post(
            phase,
            "save",
            f"/surveys/{YEAR}/{client.code}/answers/{key}/",
            fields,
            200,
            headers={"HX-Request": "true"},
        )
        found = answer and re.search(
            rf'name="{re.escape(key)}-version" value="(\d+)"', answer.text
        )
        if not found:
            self.uncertain.add(key)
            if answer is not None:
                self.browser.records[-1].outcome = "no version in answer"
            return
        client.slots[key], client.versions[key] = value, int(found.group(1))
        client.successes[key] += 1

    def submit(self, phase: str) -> None:
        path = f"/surveys/{YEAR}/{self.client.code}/submit/"
        self.submitted = self.browser.post(phase, "submit", path, {}, 302) is not None

    def paced(self, until: float, submit_at: float | None) -> None:
        time.sleep(self.rng.uniform(0, 4))
        while time.perf_counter() < until:
            if submit_at is not None and time.perf_counter() >= submit_at:
                self.submit("paced")
                return
            self.save("paced")
            time.sleep(self.rng.uniform(2, 6))

    def burst(self, until: float) -> None:
        while not self.submitted and time.perf_counter() < until:
            self.save("burst")


class CountyReviewer:
    """Watches the county's status board, approves what was submitted, and reloads the
    municipality's results page until the approval shows there."""

    def __init__(self, reviewer: Reviewer, browser: Browser):
        self.reviewer, self.browser = reviewer, browser
        self.visible: dict[str, float] = {}
        self.watchers: list[threading.Thread] = []

    def submitted(self) -> list[str]:
        path = f"/surveys/{YEAR}/board/?county={self.reviewer.county}&status=submitted&format=csv"
        answer = self.browser.request("paced", "board", "GET", path, 200)
        if answer is None:
            return []
        return [row["municipality_code"] for row in csv.DictReader(io.StringIO(answer.text))]

    def rows_shown(self, code: str) -> int:
        path = f"/results/{YEAR}/municipalities/{code}/"
        answer = self.browser.request("watch", "results page", "GET", path, 200)
        return answer.text.count("<tr") if answer is not None else -1

    def work(self, until: float) -> None:
        while time.perf_counter() < until:
            for code in self.submitted():
                if code in self.reviewer.approved:
                    continue
                before = self.rows_shown(code)
                started = time.perf_counter()
                path = f"/surveys/{YEAR}/{code}/approve/"
                if self.browser.post("paced", "approve", path, {}, 302) is not None:
                    self.reviewer.approved.add(code)
                    watcher = threading.Thread(target=self.watch, args=(code, before, started))
                    watcher.start()
                    self.watchers.append(watcher)
            time.sleep(2)

    def watch(self, code: str, before: int, started: float) -> None:
        """Seconds from pressing approve until the results page shows more rows."""
        watcher = Browser(self.browser.base, self.browser.records)
        watcher.cookies = dict(self.browser.cookies)
        watcher_of = CountyReviewer(self.reviewer, watcher)
        while time.perf_counter() - started < 300:
            if watcher_of.rows_shown(code) > before:
                self.visible[code] = time.perf_counter() - started
                return
            time.sleep(WATCH_INTERVAL)


def run_threads(targets: list[tuple]) -> None:
    threads = [threading.Thread(target=target, args=args) for target, *args in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- the run ------------------------------------------------------------------------


def wait_for_worker(limit: float = 300) -> float:
    """Seconds until no recompute is pending and no task is queued or running."""
    from django_tasks_db.models import DBTaskResult

    from beredskap.results.models import PendingRecompute

    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        busy = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
        if not busy and not PendingRecompute.objects.exists():
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def verify(respondents: list[Respondent]) -> tuple[int, int, int]:
    """(lost, revision mismatches, slots left unchecked): every save the server confirmed
    is the stored answer, with one revision per confirmed save."""
    from django.db.models import Count

    from beredskap.surveys.models import Answer

    stored = {
        (a.response.municipality.code, a.question.code, a.activity_code): a
        for a in Answer.objects.filter(response__round__year=YEAR)
        .select_related("response__municipality", "question")
        .annotate(revision_count=Count("revisions"))
    }
    lost = mismatched = unchecked = 0
    for respondent in respondents:
        client = respondent.client
        for key, value in client.slots.items():
            if key in respondent.uncertain:
                unchecked += 1
                continue
            answer = stored.get((client.code, *split(key)))
            if answer is None:
                lost += value is not None
                continue
            lost += answer.value != value
            expected = client.revisions_before[key] + client.successes[key]
            mismatched += answer.revision_count != expected
    return lost, mismatched, unchecked


def task_rows() -> list[tuple[str, float, float, float]]:
    """(task, enqueued, started, finished) of each finished task, in seconds since the epoch."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(finished_at__isnull=False).values_list(
        "task_path", "enqueued_at", "started_at", "finished_at"
    )
    return [
        (path.rsplit(".", 1)[-1], enqueued.timestamp(), started.timestamp(), finished.timestamp())
        for path, enqueued, started, finished in rows
    ]


def task_times(rows) -> dict[str, list[tuple[float, float]]]:
    """(seconds waiting for the worker, seconds running) of each finished task, by task."""
    times: dict[str, list[tuple[float, float]]] = {}
    for task, enqueued, started, finished in rows:
        times.setdefault(task, []).append((started - enqueued, finished - started))
    return times


def write_records(path: str, report: dict) -> None:
    """Every request and task with its wall-clock start and length, for a look at what a
    slow request ran beside (`--records`)."""
    offset = report["epoch_offset"]
    with open(path, "w", newline="") as file:
        out = csv.writer(file)
        out.writerow(["what", "phase", "kind", "started", "seconds", "outcome"])
        for r in report["records"]:
            out.writerow(
                [
                    "request",
                    r.phase,
                    r.kind,
                    f"{r.started + offset:.4f}",
                    f"{r.seconds:.4f}",
                    r.outcome,
                ]
            )
        for task, enqueued, started, finished in report["task_rows"]:
            out.writerow(
                ["task", "wait", task, f"{enqueued:.4f}", f"{started - enqueued:.4f}", "ok"]
            )
            out.writerow(
                ["task", "run", task, f"{started:.4f}", f"{finished - started:.4f}", "ok"]
            )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def describe(records: list[Record], phase: str, kind: str, seconds: float | None = None) -> str:
    chosen = [r for r in records if r.phase == phase and r.kind == kind]
    ok = [r.seconds for r in chosen if r.outcome == "ok"]
    errors = Counter(r.outcome for r in chosen if r.outcome != "ok")
    rate = f", {len(chosen) / seconds:.1f}/s" if seconds else ""
    return (
        f"{phase:<8} {kind:<8} n={len(chosen):<5} errors={sum(errors.values())}"
        f"{' ' + dict(errors).__repr__() if errors else ''}"
        f"  p50={percentile(ok, 0.5) * 1000:.0f} ms p95={percentile(ok, 0.95) * 1000:.0f} ms"
        f" p99={percentile(ok, 0.99) * 1000:.0f} ms{rate}"
    )


def machine() -> str:
    """Cores, processor, Python, Django and PostgreSQL: what the figures were measured on."""
    import django
    import psycopg

    processor = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                processor = f" ({line.split(':', 1)[1].strip()})"
                break
    described = f"{os.cpu_count()} cores{processor}"
    with contextlib.suppress(Exception):
        with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
            version = connection.info.server_version
        return (
            f"{described}, Python {platform.python_version()}, Django {django.get_version()}, "
            f"PostgreSQL {version // 10000}.{version % 10000}"
        )
    return described


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(throwaway_database(args.database_url))
        sink = stack.enter_context(SmtpSink())
        environment = production_environment(database_url, args.redis_url, sink.port)
        setup_django(environment)
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        plan, reviewers = build(min(args.clients, 290), args.finishers_per_county, args.seed)
        from django.db import connections

        connections.close_all()
        server = running_server(
            environment, args.workers, args.threads, args.worker_nice, args.worker_interval
        )
        with server as (base, groups):
            report = drive(base, groups, plan, reviewers, args, rng)
        report["mails"] = sink.messages
        lost, mismatched, unchecked = verify(report["respondents"])
        report["task_rows"] = task_rows()
        report["tasks"] = task_times(report["task_rows"])
        report["machine"] = machine()  # before the throwaway database is dropped
    if args.records:
        write_records(args.records, report)
    print_report(report, args, lost, mismatched, unchecked)


def drive(base, groups, plan, reviewers, args, rng) -> dict:
    records: list[Record] = []
    respondents = [
        Respondent(c, Browser(base, records), random.Random(rng.random())) for c in plan
    ]
    boards = [CountyReviewer(r, Browser(base, records)) for r in reviewers]
    log(f"{len(respondents) + len(boards)} people sign in at once …")
    started = time.perf_counter()
    run_threads(
        [(p.browser.sign_in, p.client.username) for p in respondents]
        + [(b.browser.sign_in, b.reviewer.username) for b in boards]
    )
    signed_in = time.perf_counter() - started
    log(f"  signed in within {signed_in:.1f} s; opening the questionnaires …")
    run_threads([(p.open,) for p in respondents])
    log(f"one respondent alone: {args.single_saves} saves …")
    alone = next(p for p in respondents if not p.client.finisher)
    for _ in range(args.single_saves):
        alone.save("single")
        time.sleep(0.25)
    log(f"paced phase: {args.paced_seconds:.0f} s …")
    now = time.perf_counter()
    until = now + args.paced_seconds
    submit_window = (now + 5, now + max(6, 0.6 * args.paced_seconds))
    before = cpu.reading(groups)
    run_threads(
        [
            (p.paced, until, rng.uniform(*submit_window) if p.client.finisher else None)
            for p in respondents
        ]
        + [(b.work, until) for b in boards]
    )
    paced_cpu = cpu.cores(before, cpu.reading(groups), time.perf_counter() - now)
    log(f"burst phase: {args.burst_seconds:.0f} s …")
    before, now = cpu.reading(groups), time.perf_counter()
    run_threads([(p.burst, time.perf_counter() + args.burst_seconds) for p in respondents])
    burst_cpu = cpu.cores(before, cpu.reading(groups), time.perf_counter() - now)
    log("waiting for the task worker and the approvals to show …")
    drained = wait_for_worker()
    for board in boards:
        for watcher in board.watchers:
            watcher.join()
    return {
        "records": records,
        "epoch_offset": time.time() - time.perf_counter(),
        "respondents": respondents,
        "boards": boards,
        "signed_in": signed_in,
        "drained": drained,
        "cpu": {"paced": paced_cpu, "burst": burst_cpu},
    }


def print_report(report: dict, args, lost: int, mismatched: int, unchecked: int) -> None:
    records = report["records"]
    print(f"machine: {report['machine']}")
    print(
        f"server: gunicorn {args.workers} workers x {args.threads} threads + db_worker "
        f"(nice {args.worker_nice}, interval {args.worker_interval} s), "
        "DEBUG=false, TASKS_BACKEND=database, Redis counters; load generator on this machine"
    )
    print(
        f"sign-in of {len(report['respondents']) + len(report['boards'])} people at once: "
        f"{report['signed_in']:.1f} s"
    )
    for phase, kind, seconds in (
        ("sign-in", "sign-in form", None),
        ("sign-in", "sign-in", None),
        ("open", "open", None),
        ("single", "save", None),
        ("paced", "save", args.paced_seconds),
        ("paced", "submit", None),
        ("paced", "approve", None),
        ("paced", "board", None),
        ("burst", "save", args.burst_seconds),
        ("watch", "results page", None),
    ):
        print(describe(records, phase, kind, seconds))
    visible = [s for board in report["boards"] for s in board.visible.values()]
    approved = sum(len(b.reviewer.approved) for b in report["boards"])
    print(
        f"approvals: {approved}, shown on the results pages: {len(visible)}; seconds from "
        f"approve to shown p50={percentile(visible, 0.5):.2f} p95={percentile(visible, 0.95):.2f}"
        f" max={max(visible, default=float('nan')):.2f}; worker idle "
        f"{report['drained']:.1f} s after the burst"
    )
    for task, times in sorted(report["tasks"].items()):
        waited, ran = [t[0] for t in times], [t[1] for t in times]
        print(
            f"worker task {task}: n={len(times)} waited p50={percentile(waited, 0.5):.2f} s "
            f"p95={percentile(waited, 0.95):.2f} s, ran p50={percentile(ran, 0.5):.2f} s "
            f"p95={percentile(ran, 0.95):.2f} s"
        )
    for phase, used in report["cpu"].items():
        print(f"cores used in the {phase} phase: {used}")
    print(f"e-mails received by the SMTP sink: {report['mails']}")
    print(f"verification: lost={lost} revision mismatches={mismatched} unchecked={unchecked}")
    saves = [r for r in records if r.kind == "save" and r.phase in ("paced", "burst")]
    errors = sum(r.outcome != "ok" for r in saves)
    single = [r.seconds for r in records if r.phase == "single" and r.outcome == "ok"]
    paced = [
        r.seconds for r in records if r.phase == "paced" and r.kind == "save" and r.outcome == "ok"
    ]
    ratio = percentile(paced, 0.95) / percentile(single, 0.95)
    print(
        f"deadline: saves={len(saves)} errors={errors} lost={lost + mismatched} "
        f"p95/single={ratio:.2f} approval_visible_p95_s={percentile(visible, 0.95):.2f}"
    )


if __name__ == "__main__":
    main()
