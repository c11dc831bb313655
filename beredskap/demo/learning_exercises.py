"""Demo exercises: evaluations with observations and actions in several counties, and the
lessons some of them shared (by name or anonymised to the county).

Deterministic (a fixed table, no randomness) and fast (bulk_create, a few hundred rows):
municipalities and county boards in six counties, each exercise tagged with activities of
the newest catalogue and assumptions of the adopted planning direction. Enköping has one of
each kind of sharing, so cecilia and bengt can follow the lessons story of docs/learning.md.
Skipped when any exercise exists (re-running the demo adds nothing).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from beredskap.catalogue.models import Activity, Area, Edition
from beredskap.learning.models import Action, Exercise, Observation
from beredskap.planning.models import Assumption, Direction
from beredskap.registry.models import Municipality, Organisation

Kind = Exercise.Kind
Sharing = Observation.Sharing
Status = Action.Status

#: (organisation, title, kind, date, participants (SCB codes), activities, assumptions)
EXERCISES = [
    ("Enköping kommun", "Elavbrott en vecka på särskilt boende", Kind.TABLETOP,
     (2025, 10, 2), ("0381",), ("sabo", "hemtjanst"), ("GA_POWER", "GA_DURATION")),
    ("Uppsala kommun", "Vattenbrist i hemtjänsten", Kind.DISCUSSION,
     (2025, 5, 14), ("0380",), ("hemtjanst",), ("GA_WATER",)),
    ("Länsstyrelsen i Uppsala län", "Länsövning ledning och lägesbild", Kind.FUNCTIONAL,
     (2025, 11, 19), ("0380", "0381", "0360", "0305"), ("sabo", "ifo"), ("GA_IT", "GA_STAFF")),
    ("Stockholm kommun", "Cyberangrepp mot verksamhetssystemet", Kind.TABLETOP,
     (2025, 3, 11), ("0180",), ("hemtjanst", "lss_vuxna"), ("GA_IT",)),
    ("Södertälje kommun", "Evakuering av LSS-boende", Kind.FULL_SCALE,
     (2024, 9, 24), ("0181",), ("lss_vuxna", "lss_barn"), ("GA_PREMISES", "GA_STAFF")),
    ("Länsstyrelsen i Stockholms län", "Regional försörjningsövning", Kind.DISCUSSION,
     (2025, 4, 8), ("0180", "0181", "0182"), ("sabo",), ("GA_FOOD", "GA_SUPPLIES")),
    ("Växjö kommun", "Drivmedelsbrist för hemtjänstens bilar", Kind.TABLETOP,
     (2025, 2, 20), ("0780",), ("hemtjanst",), ("GA_FUEL",)),
    ("Malmö kommun", "Värmebortfall vintertid", Kind.FUNCTIONAL,
     (2025, 1, 29), ("1280",), ("sabo", "sol_boende"), ("GA_HEATING", "GA_POWER")),
    ("Lund kommun", "Personalbortfall vid pandemi", Kind.DISCUSSION,
     (2024, 11, 6), ("1281",), ("hemtjanst", "hvb_barn"), ("GA_STAFF", "GA_DURATION")),
    ("Göteborg kommun", "Krigsorganisation i individ- och familjeomsorgen", Kind.TABLETOP,
     (2025, 6, 3), ("1480",), ("ifo",), ("GA_STAFF", "GA_INFLUENCE")),
    ("Luleå kommun", "Kyla och elavbrott i glesbygd", Kind.FULL_SCALE,
     (2025, 2, 12), ("2580",), ("hemtjanst", "khsv"), ("GA_POWER", "GA_HEATING")),
    ("Länsstyrelsen i Norrbottens län", "Samverkan vid höjd beredskap", Kind.DISCUSSION,
     (2025, 10, 22), ("2580", "2581", "2584"), ("sabo", "ifo"), ("GA_INFLUENCE",)),
]  # fmt: skip

#: Observations per exercise, in turn: (category, area code, text, sharing).
OBSERVATIONS = [
    ("shortcoming", "B", "Reservkraften täckte inte kylen för läkemedel; den "
     "prioriterade lasten var inte dokumenterad.", Sharing.ANONYMISED),
    ("strength", "E", "Lägesbilden rapporterades enligt plan var fjärde timme och "
     "nådde alla enheter.", Sharing.NAMED),
    ("improvement", "F", "Rutinen för nödvatten behöver ange mängd per brukare och dygn "
     "och vem som kör ut det.", Sharing.PRIVATE),
    ("improvement", "D", "Krigsplaceringen av personal var inte känd av enhetscheferna.",
     Sharing.ANONYMISED),
    ("shortcoming", "I", "Kontaktlistorna fanns bara digitalt och gick inte att nå när "
     "nätet låg nere.", Sharing.NAMED),
    ("strength", "H", "Övningen gav nya medarbetare en tydlig bild av sin roll vid kris.",
     Sharing.PRIVATE),
]  # fmt: skip

ACTION_OWNERS = ("Säkerhetssamordnare", "Enhetschef särskilt boende", "MAS", "Förvaltningschef")


@dataclass(frozen=True)
class Summary:
    exercises: int
    observations: int
    shared: int
    actions: int


def exercises_exist() -> bool:
    return Exercise.objects.exists()


def _county_id(organisation: Organisation) -> int:
    return organisation.county_id or organisation.municipality.county_id


@transaction.atomic
def create_demo_exercises(today: datetime.date | None = None) -> Summary:
    """The demo exercises with evaluations, actions and shared lessons (see the module)."""
    today = today or timezone.localdate()
    edition = Edition.objects.order_by("-year").first()
    direction = Direction.objects.filter(status=Direction.Status.ADOPTED).first()
    areas = {a.code: a for a in Area.objects.filter(edition=edition)}
    activities = {a.code: a for a in Activity.objects.filter(edition=edition)}
    assumptions = {a.code: a for a in Assumption.objects.filter(direction=direction)}
    names = {spec[0] for spec in EXERCISES}
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(name__in=names).select_related("municipality")
    }
    municipalities = {m.code: m for m in Municipality.objects.all()}
    exercises = Exercise.objects.bulk_create(
        Exercise(
            organisation=organisations[name],
            county_id=_county_id(organisations[name]),
            title=title,
            kind=kind,
            held_on=datetime.date(*date),
        )
        for name, title, kind, date, *_ in EXERCISES
        if name in organisations
    )
    _tag(exercises, municipalities, activities, assumptions)
    observations = _evaluate(exercises, areas)
    actions = _actions(exercises, observations, today)
    return Summary(
        exercises=len(exercises),
        observations=len(observations),
        shared=sum(o.sharing != Sharing.PRIVATE for o in observations),
        actions=len(actions),
    )


def _tag(exercises, municipalities, activities, assumptions) -> None:
    specs = {spec[1]: spec for spec in EXERCISES}
    rows = {"municipalities": [], "activities": [], "assumptions": []}
    for exercise in exercises:
        *_, codes, activity_codes, assumption_codes = specs[exercise.title]
        rows["municipalities"] += [
            Exercise.municipalities.through(exercise=exercise, municipality=municipalities[c])
            for c in codes
            if c in municipalities
        ]
        rows["activities"] += [
            Exercise.activities.through(exercise=exercise, activity=activities[c])
            for c in activity_codes
            if c in activities
        ]
        rows["assumptions"] += [
            Exercise.assumptions.through(exercise=exercise, assumption=assumptions[c])
            for c in assumption_codes
            if c in assumptions
        ]
    for name, items in rows.items():
        getattr(Exercise, name).through.objects.bulk_create(items)


def _evaluate(exercises, areas) -> list[Observation]:
    """Three observations per exercise, taken in turn from `OBSERVATIONS`."""
    shared_at = timezone.now()
    made = []
    for index, exercise in enumerate(exercises):
        for offset in range(3):
            category, area, text, sharing = OBSERVATIONS[(index + offset) % len(OBSERVATIONS)]
            if area not in areas:
                continue
            made.append(
                Observation(
                    exercise=exercise,
                    category=category,
                    area=areas[area],
                    text=text,
                    sharing=sharing,
                    shared_at=None if sharing == Sharing.PRIVATE else shared_at,
                )
            )
    return Observation.objects.bulk_create(made)


def _actions(exercises, observations, today: datetime.date) -> list[Action]:
    """One or two actions per exercise: some done, some open and past due (they show on
    the start page), some due in the months ahead (the deadlines calendar)."""
    first = {}
    for observation in observations:
        first.setdefault(observation.exercise_id, observation)
    made = []
    for index, exercise in enumerate(exercises):
        due = today + datetime.timedelta(days=30 * ((index % 5) - 2))
        status = (Status.DONE, Status.OPEN, Status.IN_PROGRESS)[index % 3]
        made.append(
            Action(
                exercise=exercise,
                observation=first.get(exercise.pk),
                description="Dokumentera prioriterad last och testa reservkraften varje kvartal.",
                owner=ACTION_OWNERS[index % len(ACTION_OWNERS)],
                due_on=due,
                status=status,
            )
        )
        if index % 2 == 0:
            made.append(
                Action(
                    exercise=exercise,
                    description="Skriv ut kontaktlistor och förvara dem i ledningsrummet.",
                    owner=ACTION_OWNERS[(index + 1) % len(ACTION_OWNERS)],
                    due_on=due + datetime.timedelta(days=45),
                    status=Status.OPEN,
                )
            )
    return Action.objects.bulk_create(made)
