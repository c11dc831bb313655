"""The demo's exercises and lessons: several counties, shared and anonymised lessons,
overdue actions, deterministic."""

import datetime

import pytest

from beredskap.demo import learning_exercises as demo
from beredskap.learning.models import Action, Exercise, Observation
from beredskap.planning import services as planning

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def _snapshot():
    return sorted(
        Observation.objects.values_list("exercise__title", "text", "sharing", "area__code")
    ), sorted(Action.objects.values_list("exercise__title", "due_on", "status"))


def test_demo_exercises_in_several_counties_with_shared_lessons(edition):
    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")
    assert not demo.exercises_exist()
    summary = demo.create_demo_exercises(today=TODAY)
    assert demo.exercises_exist()
    assert summary.exercises == len(demo.EXERCISES) == Exercise.objects.count()
    assert Exercise.objects.values("county").distinct().count() >= 6
    shared = Observation.objects.exclude(sharing="private")
    assert summary.shared == shared.count() > 0
    assert shared.filter(sharing="anonymised").values("exercise__county").distinct().count() >= 2
    assert Action.objects.filter(status__in=Action.PENDING, due_on__lt=TODAY).exists()
    enkoping = Exercise.objects.get(organisation__name="Enköping kommun")
    assert enkoping.assumptions.filter(code="GA_POWER").exists()
    assert enkoping.activities.filter(code="sabo").exists()
    first = _snapshot()
    Exercise.objects.all().delete()
    demo.create_demo_exercises(today=TODAY)
    assert _snapshot() == first  # deterministic
