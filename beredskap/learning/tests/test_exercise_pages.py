"""The exercise pages through the web client: who sees what (routes), the forms, the
start page's overdue actions and the deadlines calendar."""

import datetime

import pytest
from django.urls import reverse

from beredskap.learning.models import Action, Exercise, Observation

from .exercise_fixtures import *  # noqa: F403 (the fixtures: direction, world, enkoping_exercise)
from .exercise_fixtures import ENKOPING_TITLE, organisation

pytestmark = pytest.mark.django_db

PRIVATE_TEXT = "Reservkraften på boendet startade inte"


def _routes(exercise) -> dict[str, str]:
    observation = exercise.observations.first()
    action = exercise.actions.first()
    return {
        "detail": reverse("exercises:detail", args=[exercise.pk]),
        "edit": reverse("exercises:edit", args=[exercise.pk]),
        "observation_new": reverse("exercises:observation_new", args=[exercise.pk]),
        "observation": reverse("exercises:observation", args=[exercise.pk, observation.pk]),
        "action_new": reverse("exercises:action_new", args=[exercise.pk]),
        "action": reverse("exercises:action", args=[exercise.pk, action.pk]),
    }


def test_the_exercise_and_its_unshared_observations_are_for_insiders(
    client, enkoping_exercise, cecilia, disa, bengt, nadia, anna, greta, karl
):
    routes = _routes(enkoping_exercise)
    for insider in (cecilia, disa, bengt, nadia):
        client.force_login(insider)
        page = client.get(routes["detail"])
        assert page.status_code == 200, insider
        assert PRIVATE_TEXT in page.content.decode()
    for outsider in (anna, greta, karl):  # Uppsala kommun, other county boards
        client.force_login(outsider)
        for name, url in routes.items():
            assert client.get(url).status_code == 404, (outsider, name)
        assert ENKOPING_TITLE not in client.get(reverse("exercises:index")).content.decode()


def test_readers_may_not_change_what_they_see(client, enkoping_exercise, bengt, nadia):
    routes = _routes(enkoping_exercise)
    for reader in (bengt, nadia):
        client.force_login(reader)
        assert routes["edit"] not in client.get(routes["detail"]).content.decode()
        for name in ("edit", "observation_new", "observation", "action_new", "action"):
            assert client.get(routes[name]).status_code == 403, (reader, name)
            assert client.post(routes[name], {"title": "x"}).status_code == 403


def test_no_role_no_exercises(client, olle):
    client.force_login(olle)
    assert client.get(reverse("exercises:index")).status_code == 403
    assert client.get(reverse("lessons:index")).status_code == 403
    assert client.get(reverse("exercises:new", args=[1])).status_code == 403


def test_registering_for_another_organisation_is_a_404(client, cecilia, anna):
    client.force_login(cecilia)
    uppsala = organisation("Uppsala kommun")
    assert client.get(reverse("exercises:new", args=[uppsala.pk])).status_code == 404
    response = client.post(
        reverse("exercises:new", args=[uppsala.pk]),
        {"title": "x", "kind": "tabletop", "held_on": "2025-01-01"},
    )
    assert response.status_code == 404
    assert not Exercise.objects.exists()


def test_cecilia_records_an_exercise_its_evaluation_and_an_action(client, cecilia, world):
    client.force_login(cecilia)
    enkoping = organisation("Enköping kommun")
    new = reverse("exercises:new", args=[enkoping.pk])
    assert client.get(reverse("exercises:index")).content.decode().count(new) == 1
    response = client.post(
        new,
        {
            "title": "Skrivbordsövning vattenbrist",
            "kind": "tabletop",
            "held_on": "2025-09-10",
            "municipalities": [m.pk for m in enkoping.municipality.county.municipalities.all()],
            "activities": [world["activities"][0].pk],
            "assumptions": [world["water"].pk],
        },
    )
    exercise = Exercise.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "exercises:detail", args=[exercise.pk]
    )
    assert exercise.municipalities.count() == 8
    response = client.post(
        reverse("exercises:observation_new", args=[exercise.pk]),
        {
            "category": "improvement",
            "area": world["area"].pk,
            "text": "Vattentankarna räckte ett dygn.",
            "sharing": "anonymised",
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.is_anonymised and observation.shared_at is not None
    response = client.post(
        reverse("exercises:action_new", args=[exercise.pk]),
        {
            "description": "Upphandla fler vattentankar.",
            "owner": "Säkerhetssamordnare",
            "due_on": "2026-03-31",
            "status": "open",
            "observation": observation.pk,
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().observation == observation
    page = client.get(reverse("exercises:detail", args=[exercise.pk])).content.decode()
    assert "Vattentankarna räckte ett dygn." in page
    assert "Upphandla fler vattentankar." in page


def test_a_bad_form_says_what_is_wrong_and_stores_nothing(client, cecilia, enkoping_exercise):
    client.force_login(cecilia)
    url = reverse("exercises:action_new", args=[enkoping_exercise.pk])
    response = client.post(url, {"description": "", "owner": "x", "due_on": "31/3", "status": "?"})
    assert response.status_code == 200
    assert len(response.context["form"].errors) == 3
    assert enkoping_exercise.actions.count() == 1


def test_two_people_following_up_the_same_action(client, cecilia, disa, enkoping_exercise):
    action = enkoping_exercise.actions.get()
    url = reverse("exercises:action", args=[enkoping_exercise.pk, action.pk])
    form = {
        "version": action.version,
        "description": action.description,
        "owner": action.owner,
        "due_on": "2025-11-30",
        "status": "in_progress",
    }
    client.force_login(disa)
    assert client.post(url, form).status_code == 302
    client.force_login(cecilia)
    response = client.post(url, {**form, "status": "done"})
    assert response.status_code == 200
    assert 'id="errors"' in response.content.decode()
    assert response.context["form"].non_field_errors()
    assert Action.objects.get().status == "in_progress"
    # The form now carries the saved version: saving again keeps cecilia's change.
    assert response.context["form"].data["version"] == str(action.version + 1)
    assert (
        client.post(url, {**form, "status": "done", "version": action.version + 1}).status_code
        == 302
    )
    assert Action.objects.get().status == "done"


def test_overdue_actions_are_on_the_start_page_and_in_the_deadlines(
    client, cecilia, bengt, enkoping_exercise
):
    client.force_login(cecilia)
    page = client.get("/")
    assert [a.description for a in page.context["overdue_actions"]] == [
        "Förvara nyckeln till reservkraften i nyckelskåpet."
    ]
    assert 'id="overdue-actions"' in page.content.decode()
    deadlines = client.get(reverse("deadlines:index"), {"year": 2025}).content.decode()
    assert 'data-kind="exercise_action"' in deadlines
    assert "Förvara nyckeln" in deadlines
    action = enkoping_exercise.actions.get()
    Action.objects.filter(pk=action.pk).update(status="done")
    assert client.get("/").context["overdue_actions"] == []
    # The county board reads the exercise but does not follow up Enköping's actions.
    client.force_login(bengt)
    Action.objects.filter(pk=action.pk).update(status="open")
    assert client.get("/").context["overdue_actions"] == []


def test_an_action_not_yet_due_is_not_overdue(client, cecilia, enkoping_exercise):
    far = datetime.date.today() + datetime.timedelta(days=30)
    enkoping_exercise.actions.update(due_on=far)
    client.force_login(cecilia)
    assert client.get("/").context["overdue_actions"] == []
