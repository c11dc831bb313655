"""Demo trainings: the national catalogue, completions for every municipality 2023-2026 and
training and exercise plans for a few municipalities. Deterministic and fast (bulk_create).

Completions follow each municipality's area H answers of the demo survey: the survey asks
how many managers have completed the web course Introduktion till beredskap
(UTB_MANAGERS) and how many employees have basic training on total defence
(UTB_STAFF_TRAINED), per activity and as running totals. A year's completions are the
growth of that total since the year before (the first year: the total), so the coverage
pages and the survey's indicators tell the same story. The recurring webinar and the
NATO material, which the survey does not ask about, get a few participants a year from
a hash of the municipality's code.
"""

import hashlib
from collections import defaultdict

from django.db import transaction

from beredskap.learning.models import Completion, PlanItem, Training
from beredskap.learning.training import services
from beredskap.registry.models import Municipality
from beredskap.surveys.models import Answer

YEARS = (2023, 2024, 2025, 2026)
#: Which survey question's numerator is which training's running total.
FROM_SURVEY = {
    "UTB_MANAGERS": "introduktion-till-beredskap",
    "UTB_STAFF_TRAINED": "totalforsvaret-och-rollen",
}
#: Municipalities with a training and exercise plan in the demo.
PLANNED = ("0381", "0380", "0360", "0180", "1280", "2480")


def exists() -> bool:
    return Completion.objects.exists()


def _spread(code: str, salt: str, most: int) -> int:
    """A deterministic number 0…most from the municipality's code."""
    digest = hashlib.sha256(f"{code}:{salt}".encode()).digest()
    return digest[0] % (most + 1)


def _running_totals() -> dict[tuple[int, str, str], dict[int, int]]:
    """{(municipality id, training code, activity): {year: running total}} from answers."""
    rows = Answer.objects.filter(question__code__in=FROM_SURVEY, value__isnull=False).values_list(
        "response__municipality_id",
        "question__code",
        "activity_code",
        "response__round__year",
        "value",
    )
    totals: dict[tuple[int, str, str], dict[int, int]] = defaultdict(dict)
    for municipality_id, question, activity, year, value in rows.iterator(chunk_size=5000):
        numerator = value.get("numerator") if isinstance(value, dict) else None
        try:
            total = int(float(numerator))
        except (TypeError, ValueError):
            continue
        totals[(municipality_id, FROM_SURVEY[question], activity)][year] = total
    return totals


def _completions(trainings: dict[str, Training], municipalities) -> list[Completion]:
    made = []
    for (municipality_id, code, activity), by_year in _running_totals().items():
        before = 0
        for year in YEARS:
            if year not in by_year:
                continue
            count = max(0, by_year[year] - before)
            before = max(before, by_year[year])
            if count:
                made.append(
                    Completion(
                        municipality_id=municipality_id,
                        training=trainings[code],
                        activity_code=activity,
                        year=year,
                        count=count,
                        source=Completion.Source.DEMO,
                    )
                )
    for municipality in municipalities:
        for year in YEARS:
            extra = [("digital-motesplats", _spread(municipality.code, f"w{year}", 6))]
            if year >= 2024:
                extra.append(("nato-medlemskapet", _spread(municipality.code, f"n{year}", 4)))
            made += [
                Completion(
                    municipality=municipality,
                    training=trainings[code],
                    activity_code="",
                    year=year,
                    count=count,
                    source=Completion.Source.DEMO,
                )
                for code, count in extra
                if count
            ]
    return made


def _plans(trainings: dict[str, Training], municipalities) -> list[PlanItem]:
    planned, done, cancelled = PlanItem.Status.values
    items = []
    for municipality in municipalities:
        if municipality.code not in PLANNED:
            continue
        rows = [
            (2023, "training", "introduktion-till-beredskap", "", "Alla chefer", done),
            (2024, "exercise", None, "tabletop", "Elavbrott i tre dygn", done),
            (2024, "training", "totalforsvaret-och-rollen", "", "Särskilt boende", done),
            (2025, "exercise", None, "discussion", "Personalbortfall vid pandemi", done),
            (2026, "exercise", None, "functional", "Evakuering av särskilt boende", planned),
            (2026, "training", "nato-medlemskapet", "", "Ledningsgruppen", cancelled),
            (2027, "training", "introduktion-till-beredskap", "", "Nya chefer", planned),
            (2028, "exercise", None, "full_scale", "Höjd beredskap, hela kommunen", planned),
        ]
        items += [
            PlanItem(
                municipality=municipality,
                term_start=2023 if year <= 2026 else 2027,
                year=year,
                kind=kind,
                training=trainings[code] if code else None,
                exercise_type=exercise,
                title=title,
                status=status,
            )
            for year, kind, code, exercise, title, status in rows
        ]
    return items


def create_demo_trainings(progress=print) -> tuple[int, int]:
    """The national trainings, completions and plans; (completions, plan items) made."""
    services.load_national_trainings()
    if exists():
        progress("Demo trainings exist; nothing to add.")
        return 0, 0
    trainings = {t.code: t for t in Training.objects.filter(scope=Training.Scope.NATIONAL)}
    municipalities = list(Municipality.objects.order_by("code"))
    completions = _completions(trainings, municipalities)
    plans = _plans(trainings, municipalities)
    with transaction.atomic():
        Completion.objects.bulk_create(completions, batch_size=2000)
        PlanItem.objects.bulk_create(plans)
    progress(f"Trainings: {len(completions)} completions, {len(plans)} plan items.")
    return len(completions), len(plans)
