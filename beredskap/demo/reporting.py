"""Deterministic demo data for regional support and the reporting chain.

Every county board gets a demo reviewer (the cast's own where there is one, such as
bengt for Uppsala län, otherwise `lst-<county code>`), a support log of 6 to 15 activities
a year over 2023-2025 (network meetings, KHOSS days, scenario exercises, training in war
organisation, advice on continuity management, webinars, experience exchange, …) with the
municipalities reached, participants, topic area and the catalogue's indicators of that
area, and a county report on 2024 written in Swedish and submitted through the reporting
services: most before 1 February 2025, a couple late. Submitting starts the generation of
each report's PDF and XLSX. Making the 21 PDFs takes most of a minute, so `beredskap demo`
submits within `files_deferred()`: with no worker the generations are recorded, queued,
and `make_pending_files` makes them once the server is up (or the first person to open
one makes it); with a worker configured, the worker makes them.

The activities are logged through `support.services` and the reports through
`reporting.services`, with their checks and audit rows, as the reviewers would.
Everything is drawn from random generators seeded per county and year. Re-running adds
nothing: a county that has activities in the demo years keeps them, and a submitted
report is left as it is. The texts (the support log's topics, the report's sentences)
are data in `demo/narratives.py`; this module draws from them and fills them in.
"""

import contextlib
import datetime
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.backends.dummy import DummyBackend
from django.utils import timezone

from beredskap.catalogue.models import Indicator, IndicatorVersion
from beredskap.registry import services as registry
from beredskap.registry.models import County, Membership, Organisation, Role, User
from beredskap.reporting import services as reporting
from beredskap.reporting.models import CountyReport, Generation
from beredskap.support import services as support_log
from beredskap.support.models import SupportActivity
from beredskap.surveys.models import Response

from .narratives import (
    CIVIL_AREAS,
    KHOSS_DAY,
    KIND_WORDS,
    PROPOSALS,
    REGIONS,
    REPORT_SECTIONS,
    STRENGTHS,
    SURVEY_SENTENCE,
    TOPICS,
    WEAKNESSES,
    Topic,
)
from .services import CAST, DEMO_PASSWORD

SEED = "beredskap-demo-reporting-1"
SUPPORT_YEARS = (2023, 2024, 2025)
REPORT_YEAR = 2024
REVIEWER_PREFIX = "lst-"
#: Counties whose report on 2024 arrives after 1 February 2025 (days late).
LATE = {"10": 3, "23": 10}
EMAIL_DOMAIN = "demo.beredskap.invalid"


@dataclass
class ReportingSummary:
    reviewers: list[str] = field(default_factory=list)
    activities: int = 0
    counties_with_new_activities: int = 0
    submitted: int = 0
    late: int = 0


def reporting_exists() -> bool:
    """True when every county has a submitted (or judged) report on 2024."""
    sent = CountyReport.objects.filter(year=REPORT_YEAR).sent().count()
    return sent >= County.objects.count()


@transaction.atomic
def create_demo_reporting(
    *, password: str = DEMO_PASSWORD, progress: Callable[[str], None] | None = None
) -> ReportingSummary:
    """Reviewers, support activities and submitted county reports on 2024; idempotent.

    The reports' PDF and XLSX are generated when the transaction commits.
    """
    summary = ReportingSummary()
    counties = list(County.objects.order_by("code"))
    reviewers = demo_reviewers(counties, password=password)
    summary.reviewers = sorted(user.username for user in reviewers.values())
    indicators = _indicators_by_area()
    for county in counties:
        added = _support_log(county, reviewers[county.pk], indicators)
        summary.activities += added
        summary.counties_with_new_activities += bool(added)
    if progress:
        progress(
            f"Support log: {summary.activities} activities added in "
            f"{summary.counties_with_new_activities} counties."
        )
    for county in counties:
        report = _submit_report(county, reviewers[county.pk])
        if report is not None:
            summary.submitted += 1
            summary.late += report.late
    return summary


# --- reviewers ---------------------------------------------------------------------------


def demo_reviewers(counties: list[County], *, password: str) -> dict[int, User]:
    """A reviewer for every county board: the cast's own, else `lst-<code>` (created once)."""
    boards = {o.county_id: o for o in Organisation.objects.filter(kind="county_board")}
    cast = {p.username for p in CAST if p.role == Role.REVIEWER}
    existing = {
        m.organisation.county_id: m.user
        for m in Membership.objects.filter(
            role=Role.REVIEWER, user__username__in=cast
        ).select_related("user", "organisation")
    }
    hashed = make_password(password)  # once for all: the password is published
    reviewers = {}
    for county in counties:
        if county.pk in existing:
            reviewers[county.pk] = existing[county.pk]
        else:
            reviewers[county.pk] = _county_reviewer(county, boards[county.pk], hashed)
    return reviewers


def _county_reviewer(county: County, board: Organisation, hashed: str) -> User:
    """`lst-<code>`, a reviewer at the county board; the password (hashed) is set when
    created."""
    username = f"{REVIEWER_PREFIX}{county.code}"
    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": "Granskare",
            "last_name": county.name,
            "email": f"{username}@{EMAIL_DOMAIN}",
        },
    )
    if created:
        user.password = hashed
        user.save(update_fields=["password"])
    registry.grant_membership(user=user, organisation=board, role=Role.REVIEWER, by=None)
    return user


# --- the support log -------------------------------------------------------------------------


def _indicators_by_area() -> dict[tuple[int, str], list[Indicator]]:
    """Indicators per (edition year, area code); empty without a loaded catalogue."""
    found = defaultdict(list)
    rows = (
        IndicatorVersion.objects.filter(edition__year__in=SUPPORT_YEARS)
        .select_related("indicator", "edition", "area")
        .order_by("edition__year", "position")
    )
    for version in rows:
        found[(version.edition.year, version.area.code)].append(version.indicator)
    return found


def _support_log(county: County, reviewer: User, indicators) -> int:
    """6 to 15 activities a year for the county, unless it has some in those years already."""
    existing = SupportActivity.objects.filter(county=county, held_on__year__in=SUPPORT_YEARS)
    if existing.exists():
        return 0
    municipalities = list(county.municipalities.order_by("code"))
    added = 0
    for year in SUPPORT_YEARS:
        rng = random.Random(f"{SEED}-support-{county.code}-{year}")
        count = rng.randint(6, 15)
        others = [t for t in TOPICS if t is not KHOSS_DAY]
        topics = [KHOSS_DAY, *rng.sample(others, k=count - 1)]  # count <= len(TOPICS)
        for topic in topics:
            support_log.create_activity(
                county=county,
                by=reviewer,
                **_activity(rng, year, topic, municipalities, indicators),
            )
            added += 1
    return added


def _activity(rng, year, topic: Topic, municipalities, indicators) -> dict:
    reached = _reach(rng, topic.reach, municipalities)
    name = reached[0].name if len(reached) == 1 else ""
    per_municipality = {"one": (2, 6), "few": (3, 8), "most": (1, 3), "all": (1, 4)}
    low, high = per_municipality[topic.reach]
    pool = indicators.get((year, topic.area), [])
    return {
        "held_on": _day(rng, year, topic.months),
        "kind": topic.kind,
        "title": topic.title.format(kommun=name, year=year),
        "area_code": topic.area,
        "municipalities": reached,
        "participants": sum(rng.randint(low, high) for _ in reached) + rng.randint(0, 6),
        "description": topic.description,
        "lessons": topic.lessons,
        "indicators": rng.sample(pool, k=min(len(pool), rng.randint(1, 3))),
        "shared": topic.kind == SupportActivity.Kind.EXCHANGE and rng.random() < 0.6,
    }


def _reach(rng: random.Random, reach: str, municipalities: list) -> list:
    n = len(municipalities)
    if reach == "one":
        size = 1
    elif reach == "few":
        size = rng.randint(min(2, n), min(5, n))
    elif reach == "most":
        size = max(1, round(n * rng.uniform(0.6, 1.0)))
    else:
        size = n
    return sorted(rng.sample(municipalities, k=size), key=lambda m: m.code)


def _day(rng: random.Random, year: int, months: tuple[int, ...]) -> datetime.date:
    """A weekday of `year` in one of `months` (any month but July when none)."""
    month = rng.choice(months or (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12))
    day = datetime.date(year, month, rng.randint(1, 28))
    while day.weekday() >= 5:  # Saturday, Sunday: the Monday after
        day += datetime.timedelta(days=1)
    return day


# --- the county reports ---------------------------------------------------------------------


def _submit_report(county: County, reviewer: User) -> CountyReport | None:
    """Write and submit the county's report on 2024; None when it was sent already."""
    report = reporting.county_report(county, REPORT_YEAR, by=reviewer)
    if report.status not in (CountyReport.Status.DRAFT, CountyReport.Status.RETURNED):
        return None
    report = reporting.save_county_report(
        report, by=reviewer, version=report.version, **narrative(county, REPORT_YEAR)
    )
    return reporting.submit_county_report(report, by=reviewer, now=_submitted_at(county))


def _submitted_at(county: County) -> datetime.datetime:
    rng = random.Random(f"{SEED}-submitted-{county.code}")
    if county.code in LATE:
        day = datetime.date(REPORT_YEAR + 1, 2, 1) + datetime.timedelta(days=LATE[county.code])
    else:
        day = datetime.date(REPORT_YEAR + 1, 1, rng.randint(13, 31))
    clock = datetime.time(rng.randint(8, 16), rng.randint(0, 59))
    return datetime.datetime.combine(day, clock, tzinfo=timezone.get_default_timezone())


def narrative(county: County, year: int) -> dict[str, str]:
    """The report's five sections in Swedish, from the county's support log and survey."""
    facts = _report_facts(county, year)
    return {section: text.format(**facts) for section, text in REPORT_SECTIONS.items()}


def _report_facts(county: County, year: int) -> dict:
    """What the report's texts are filled in with; drawn in a fixed order from its seed."""
    rng = random.Random(f"{SEED}-report-{county.code}-{year}")
    total = county.municipalities.count()
    civil_area, lead, _codes = next(v for v in CIVIL_AREAS.values() if county.code in v[2])
    facts = {
        "county": county.name,
        "year": year,
        "next_year": year + 1,
        "total": total,
        "kommuner": "kommun" if total == 1 else "kommuner",
        "region": REGIONS.get(county.code, "regionen"),
        "civil_area": civil_area,
        "lead": lead,
    }
    facts["strengths"] = rng.sample(STRENGTHS, k=2)
    facts["weaknesses"] = rng.sample(WEAKNESSES, k=3)
    facts["proposals"] = rng.sample(PROPOSALS, k=2)
    facts.update(_support_facts(rng, county, year))
    approved = Response.objects.filter(
        round__year=year, municipality__county=county, status=Response.Status.APPROVED
    ).count()
    facts["survey"] = SURVEY_SENTENCE.format(approved=approved, **facts) if approved else ""
    return facts


def _support_facts(rng: random.Random, county: County, year: int) -> dict:
    """The year's support activities in numbers, and two of them to name."""
    activities = list(
        SupportActivity.objects.filter(county=county, held_on__year=year).prefetch_related(
            "municipalities"
        )
    )
    kinds = Counter(a.kind for a in activities)
    highlights = [a.title for a in rng.sample(activities, k=min(2, len(activities)))]
    return {
        "activities": len(activities),
        "kinds": ", ".join(
            f"{n} {KIND_WORDS[kind][0 if n == 1 else 1]}" for kind, n in kinds.most_common()
        ),
        "reached": len({m.pk for a in activities for m in a.municipalities.all()}),
        "participants": sum(a.participants for a in activities),
        "highlights": " och ".join(f"”{title}”" for title in highlights),
    }


def listed_reviewers() -> list[str]:
    """Usernames of the demo's county reviewers (lst-01 …), for the printed user list."""
    return list(
        User.objects.filter(username__startswith=REVIEWER_PREFIX, memberships__role=Role.REVIEWER)
        .order_by("username")
        .values_list("username", flat=True)
        .distinct()
    )


# --- the reports' files, after the server has started ------------------------------------


@contextlib.contextmanager
def files_deferred():
    """Generations started meanwhile are recorded, queued, but not made, when no worker
    would make them (the immediate backend): Django's dummy backend takes the tasks.
    With a worker configured, nothing changes: the worker makes them. Only this thread's
    backend is swapped (Django keeps one per thread), not a server's beside it."""
    if not reporting.no_worker():
        yield
        return
    previous = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    task_backends[DEFAULT_TASK_BACKEND_ALIAS] = DummyBackend(
        alias=DEFAULT_TASK_BACKEND_ALIAS, params={}
    )
    try:
        yield
    finally:
        task_backends[DEFAULT_TASK_BACKEND_ALIAS] = previous


def requeue_interrupted() -> int:
    """Queue again the demo's generations left running by a demo that was killed while
    making them (with no worker nothing else runs them). Returns how many."""
    if not reporting.no_worker():
        return 0
    running = Generation.objects.filter(
        county_report__year=REPORT_YEAR, status=Generation.Status.RUNNING
    )
    return running.update(status=Generation.Status.QUEUED, done=0, step="")


def pending_files() -> list[int]:
    """The queued generations of the demo year's county reports, oldest first."""
    queued = Generation.objects.filter(
        county_report__year=REPORT_YEAR, status=Generation.Status.QUEUED
    )
    return list(queued.order_by("created_at", "pk").values_list("pk", flat=True))


def make_pending_files(
    *, stop: threading.Event | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Make the queued county-report files one by one, through the report generation task,
    until done or `stop` is set; `progress(made)` after each. Returns how many this made
    (a generation someone opened meanwhile is made by that request instead)."""
    made = 0
    for generation_id in pending_files():
        if stop is not None and stop.is_set():
            break
        if reporting.make_deferred_files(Generation(pk=generation_id)):
            made += 1
            if progress:
                progress(made)
    return made
