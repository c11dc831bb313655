"""The exercise services: who may record, what is checked, optimistic locking, audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beredskap.audit.models import Event
from beredskap.learning import exercise_services as services
from beredskap.learning.models import Action, Exercise, Observation

from .exercise_fixtures import *  # noqa: F403 (the fixtures: direction, world, enkoping_exercise)
from .exercise_fixtures import exercise_of, municipalities

pytestmark = pytest.mark.django_db


def test_a_municipality_registers_an_exercise_in_its_county(cecilia, world):
    exercise = exercise_of(cecilia, "Enköping kommun", world, title="Vattenövning")
    assert exercise.county.code == "03"
    assert exercise.organisation.name == "Enköping kommun"
    assert [m.code for m in exercise.municipalities.all()] == ["0381"]
    assert list(exercise.assumptions.all()) == [world["power"]]
    event = Event.objects.get(action="learning.exercise_created")
    assert event.actor == cecilia
    assert event.details["title"] == "Vattenövning"


def test_a_county_board_registers_an_exercise_of_its_own(bengt, world):
    exercise = exercise_of(
        bengt, "Länsstyrelsen i Uppsala län", world, municipalities=municipalities("0380", "0381")
    )
    assert exercise.county.code == "03"


def test_nobody_records_for_another_organisation(cecilia, anna, nadia, world):
    for user in (anna, nadia):
        with pytest.raises(PermissionDenied):
            exercise_of(user, "Enköping kommun", world)
    assert not Exercise.objects.exists()


def test_every_problem_is_reported_at_once_and_nothing_is_stored(cecilia, world):
    with pytest.raises(ValidationError) as caught:
        exercise_of(
            cecilia,
            "Enköping kommun",
            world,
            title="  ",
            kind="earthquake",
            held_on="2025-13-01",
            municipalities=municipalities("0180"),  # Stockholm: another county
        )
    assert set(caught.value.message_dict) == {"title", "kind", "held_on", "municipalities"}
    assert not Exercise.objects.exists()
    assert not Event.objects.filter(action__startswith="learning.").exists()


def test_a_stale_edit_is_a_conflict_and_writes_nothing(cecilia, disa, enkoping_exercise):
    opened = enkoping_exercise.version
    services.update_exercise(
        exercise=enkoping_exercise, by=disa, expected_version=opened, title="Disas titel"
    )
    with pytest.raises(services.Conflict) as caught:
        services.update_exercise(
            exercise=enkoping_exercise, by=cecilia, expected_version=opened, title="Cecilias"
        )
    assert caught.value.current.title == "Disas titel"
    enkoping_exercise.refresh_from_db()
    assert (enkoping_exercise.title, enkoping_exercise.version) == ("Disas titel", opened + 1)
    assert Event.objects.filter(action="learning.exercise_updated").count() == 1


def test_an_action_is_followed_up_with_optimistic_locking(cecilia, disa, enkoping_exercise):
    action = enkoping_exercise.actions.get()
    assert action.status == Action.Status.OPEN
    done = services.update_action(
        action=action, by=cecilia, expected_version=action.version, status="in_progress"
    )
    assert done.status == "in_progress" and done.version == action.version + 1
    with pytest.raises(services.Conflict):
        services.update_action(
            action=action, by=disa, expected_version=action.version, status="done"
        )
    assert Action.objects.get().status == "in_progress"
    event = Event.objects.filter(action="learning.action_updated").get()
    assert event.details == {"changed": ["status"], "status": "in_progress"}


def test_the_county_board_reads_but_does_not_change_a_municipalitys_evaluation(
    bengt, enkoping_exercise, world
):
    with pytest.raises(PermissionDenied):
        services.add_observation(
            exercise=enkoping_exercise, by=bengt, category="strength", area=world["area"], text="x"
        )
    observation = enkoping_exercise.observations.first()
    with pytest.raises(PermissionDenied):
        services.set_sharing(
            observation=observation, by=bengt, sharing="named", expected_version=1
        )


def test_sharing_and_withdrawing_a_lesson(cecilia, enkoping_exercise):
    observation = enkoping_exercise.observations.get(sharing="private")
    assert observation.shared_at is None
    shared = services.set_sharing(
        observation=observation, by=cecilia, sharing="named", expected_version=1
    )
    assert shared.is_shared and not shared.is_anonymised and shared.shared_at is not None
    withdrawn = services.set_sharing(
        observation=shared, by=cecilia, sharing="private", expected_version=shared.version
    )
    assert withdrawn.shared_at is None
    with pytest.raises(ValidationError):
        services.set_sharing(
            observation=withdrawn, by=cecilia, sharing="everyone", expected_version=3
        )
    events = Event.objects.filter(action="learning.observation_shared", target_id=observation.pk)
    assert [e.details["after"] for e in events.order_by("pk")] == ["named", "private"]


def test_an_action_answers_an_observation_of_its_own_exercise(cecilia, enkoping_exercise, world):
    other = exercise_of(cecilia, "Enköping kommun", world)
    foreign = services.add_observation(
        exercise=other, by=cecilia, category="strength", area=world["area"], text="Bra."
    )
    with pytest.raises(ValidationError) as caught:
        services.add_action(
            exercise=enkoping_exercise,
            by=cecilia,
            observation=foreign,
            description="  ",
            owner="",
            due_on=None,
            status="later",
        )
    assert set(caught.value.message_dict) == {
        "observation",
        "description",
        "owner",
        "due_on",
        "status",
    }
    assert Observation.objects.filter(exercise=other).count() == 1
    assert enkoping_exercise.actions.count() == 1
    assert datetime.date(2025, 11, 30) == enkoping_exercise.actions.get().due_on
