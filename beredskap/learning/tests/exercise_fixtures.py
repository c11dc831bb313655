"""Fixtures of the exercise tests: the small test edition and the starter planning
direction, and cecilia's (Enköping's) exercise. Test modules import what they use."""

import datetime

import pytest

from beredskap.catalogue.models import Activity, Area
from beredskap.learning import exercise_services as services
from beredskap.planning import services as planning
from beredskap.planning.models import Assumption
from beredskap.registry.models import Municipality, Organisation

__all__ = ["direction", "enkoping_exercise", "world"]

ENKOPING_TITLE = "Enköpings stora elavbrottsövning"


@pytest.fixture
def direction(db):
    return planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml").direction


@pytest.fixture
def world(edition, direction):
    """The area, activities and assumptions an exercise is tagged with."""
    return {
        "area": Area.objects.get(edition=edition, code="B"),
        "activities": list(Activity.objects.filter(edition=edition).order_by("position")),
        "power": Assumption.objects.get(direction=direction, code="GA_POWER"),
        "water": Assumption.objects.get(direction=direction, code="GA_WATER"),
    }


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def municipalities(*codes: str) -> list[Municipality]:
    return list(Municipality.objects.filter(code__in=codes))


def exercise_of(user, org_name: str, world, **overrides):
    values = {
        "organisation": organisation(org_name),
        "by": user,
        "title": "Övning",
        "kind": "tabletop",
        "held_on": datetime.date(2025, 10, 2),
        "municipalities": municipalities("0381"),
        "activities": world["activities"][:1],
        "assumptions": [world["power"]],
    }
    values.update(overrides)
    return services.create_exercise(**values)


@pytest.fixture
def enkoping_exercise(cecilia, world):
    """Cecilia's table-top exercise with a private and an anonymised observation and an
    action."""
    exercise = exercise_of(
        cecilia,
        "Enköping kommun",
        world,
        title=ENKOPING_TITLE,
        municipalities=municipalities("0381", "0360"),
        activities=world["activities"],
        assumptions=[world["power"], world["water"]],
    )
    private = services.add_observation(
        exercise=exercise,
        by=cecilia,
        category="shortcoming",
        area=world["area"],
        text="Reservkraften på boendet startade inte; nyckeln saknades.",
    )
    shared = services.add_observation(
        exercise=exercise,
        by=cecilia,
        category="improvement",
        area=world["area"],
        text="Larmlistan behöver telefonnummer som fungerar utan mobilnät.",
    )
    services.set_sharing(
        observation=shared, by=cecilia, sharing="anonymised", expected_version=shared.version
    )
    services.add_action(
        exercise=exercise,
        by=cecilia,
        observation=private,
        description="Förvara nyckeln till reservkraften i nyckelskåpet.",
        owner="Enhetschef särskilt boende",
        due_on=datetime.date(2025, 11, 30),
    )
    return exercise
