"""The national lessons library: only shared observations, anonymised ones never naming
the municipality, search and filters, a fixed number of queries, and any search text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beredskap.learning import exercise_queries as queries
from beredskap.learning import exercise_services as services
from beredskap.learning.exercise_forms import MAX_QUERY, LessonSearchForm

from .exercise_fixtures import *  # noqa: F403 (the fixtures: direction, world, enkoping_exercise)
from .exercise_fixtures import ENKOPING_TITLE, exercise_of

pytestmark = pytest.mark.django_db

LIBRARY = "/lessons/"
SHARED_TEXT = "Larmlistan behöver telefonnummer"
PRIVATE_TEXT = "Reservkraften på boendet startade inte"
#: What would name Enköping or its exercise: the organisation, the municipality, the title,
#: and Tierp, the other participant.
REVEALING = ("Enköping", "Tierp", ENKOPING_TITLE)


def _shared(exercise):
    return exercise.observations.get(sharing="anonymised")


def test_an_anonymised_lesson_names_the_county_and_never_the_municipality(
    client, enkoping_exercise, bengt, anna, nadia
):
    lesson = _shared(enkoping_exercise)
    for reader in (bengt, anna, nadia):
        client.force_login(reader)
        for url in (LIBRARY, reverse("lessons:detail", args=[lesson.pk])):
            page = client.get(url).content.decode()
            assert SHARED_TEXT in page
            assert "Uppsala län" in page
            for word in REVEALING:
                assert word not in page, (reader, url, word)


def test_searching_for_the_municipality_does_not_find_its_anonymised_lessons(
    client, enkoping_exercise, cecilia, bengt, world
):
    client.force_login(bengt)
    assert client.get(LIBRARY, {"q": "Enköping"}).context["page"].paginator.count == 0
    assert client.get(LIBRARY, {"q": "elavbrott"}).context["page"].paginator.count == 0
    assert client.get(LIBRARY, {"q": "larmlistan"}).context["page"].paginator.count == 1
    # Shared by name, the same exercise is found by the organisation's name and shows it.
    private = enkoping_exercise.observations.get(sharing="private")
    services.set_sharing(observation=private, by=cecilia, sharing="named", expected_version=1)
    found = client.get(LIBRARY, {"q": "Enköping"})
    assert [lesson.pk for lesson in found.context["page"].object_list] == [private.pk]
    named = client.get(reverse("lessons:detail", args=[private.pk])).content.decode()
    assert "Enköping kommun" in named and "Tierp" in named and ENKOPING_TITLE in named


def test_unshared_observations_are_not_in_the_library(client, enkoping_exercise, cecilia, nadia):
    private = enkoping_exercise.observations.get(sharing="private")
    for reader in (cecilia, nadia):
        client.force_login(reader)
        assert PRIVATE_TEXT not in client.get(LIBRARY).content.decode()
        assert client.get(reverse("lessons:detail", args=[private.pk])).status_code == 404


def test_a_withdrawn_lesson_leaves_the_library(client, enkoping_exercise, cecilia, bengt):
    lesson = _shared(enkoping_exercise)
    services.set_sharing(
        observation=lesson, by=cecilia, sharing="private", expected_version=lesson.version
    )
    client.force_login(bengt)
    assert client.get(reverse("lessons:detail", args=[lesson.pk])).status_code == 404
    assert client.get(LIBRARY).context["page"].paginator.count == 0


def test_the_library_is_for_signed_in_users(client, enkoping_exercise):
    response = client.get(LIBRARY)
    assert response.status_code == 302 and "login" in response["Location"]


def _share_one(user, org, world, *, kind, activity, assumption, text):
    exercise = exercise_of(
        user, org, world, kind=kind, activities=[activity], assumptions=[assumption]
    )
    observation = services.add_observation(
        exercise=exercise, by=user, category="strength", area=world["area"], text=text
    )
    services.set_sharing(observation=observation, by=user, sharing="named", expected_version=1)
    return observation


def test_filters_by_type_activity_and_assumption(client, cecilia, bengt, world):
    sabo, hemtjanst = world["activities"]
    first = _share_one(
        cecilia, "Enköping kommun", world, kind="tabletop", activity=sabo,
        assumption=world["power"], text="Första",
    )  # fmt: skip
    second = _share_one(
        cecilia, "Enköping kommun", world, kind="full_scale", activity=hemtjanst,
        assumption=world["water"], text="Andra",
    )  # fmt: skip
    client.force_login(bengt)

    def found(**filters):
        page = client.get(LIBRARY, filters).context["page"]
        return {lesson.pk for lesson in page.object_list}

    assert found() == {first.pk, second.pk}
    assert found(kind="full_scale") == {second.pk}
    assert found(activity=sabo.code) == {first.pk}
    assert found(assumption="GA_WATER") == {second.pk}
    assert found(area="B") == {first.pk, second.pk}
    assert found(area="B", activity=hemtjanst.code, kind="tabletop") == set()


def _count(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIBRARY, params or {}).status_code == 200
    return len(captured)


def test_the_library_reads_a_fixed_number_of_queries(client, cecilia, bengt, world):
    sabo = world["activities"][0]
    _share_one(
        cecilia, "Enköping kommun", world, kind="tabletop", activity=sabo,
        assumption=world["power"], text="En",
    )  # fmt: skip
    client.force_login(bengt)
    one = _count(client)
    for n in range(15):
        observation = _share_one(
            bengt, "Länsstyrelsen i Uppsala län", world, kind="functional", activity=sabo,
            assumption=world["water"], text=f"Lärdom {n}",
        )  # fmt: skip
        if n % 2:
            services.set_sharing(
                observation=observation, by=bengt, sharing="anonymised", expected_version=2
            )
    assert client.get(LIBRARY).context["page"].paginator.count == 16
    assert _count(client) == one
    assert _count(client, {"q": "Lärdom", "activity": sabo.code}) == one


OPTIONS = queries.FilterOptions(areas=[("B", "Kontinuitet")], activities=[], assumptions=[])


@given(st.text(max_size=400))
def test_any_search_text_is_a_valid_search_or_a_message(text):
    form = LessonSearchForm({"q": text}, options=OPTIONS)
    filters = form.filters()
    if len(text.strip()) > MAX_QUERY or "\x00" in text:
        assert filters.invalid and form.errors["q"]
    else:
        assert not filters.invalid and filters.q == text.strip()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=300), area=st.text(max_size=20), kind=st.text(max_size=20))
def test_the_library_answers_any_search_without_error(client, bengt, q, area, kind):
    client.force_login(bengt)
    response = client.get(LIBRARY, {"q": q, "area": area, "kind": kind, "page": q[:5]})
    assert response.status_code == 200


def test_a_too_long_search_is_a_clear_message(client, enkoping_exercise, bengt):
    client.force_login(bengt)
    response = client.get(LIBRARY, {"q": "ö" * (MAX_QUERY + 1)})
    assert response.status_code == 200
    assert 'id="search-error"' in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_no_feed_and_no_api_door_carries_a_lesson(client, enkoping_exercise):
    """Lessons are read signed in, on the pages above: the public feeds (the library's Atom
    feed, the open meetings' calendar) and every API v1 list without parameters carry
    neither a lesson nor the exercise that would name the municipality."""
    schema = client.get("/api/v1/openapi.json").json()
    lists = [
        "/api/v1" + path if not path.startswith("/api/v1") else path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
    ]
    assert lists, "the API's schema lists no paths"
    assert "/api/v1/values" in lists
    for url in ["/library/feed.xml", "/events/calendar.ics", *lists]:
        body = client.get(url).content.decode()
        assert SHARED_TEXT not in body and PRIVATE_TEXT not in body, url
        assert ENKOPING_TITLE not in body, url
