"""What one autosave and the questionnaire page cost on the 2025 edition (282 slots).

An autosave reads one slot and one aggregate, so its number of queries is fixed and does not
grow with the number of answers; the page reads the answers once and stays small enough to
load quickly on a municipality's network at the deadline.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.catalogue import services as catalogue
from beredskap.surveys import services, structure
from beredskap.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"

#: session, user, response, grants; the slot's answers; savepoint, locked response, locked
#: answer, answer update, revision, last activity, release; the progress count.
AUTOSAVE_QUERIES = 13
#: session, user, grants, response, answers, the timeline, the navigation's municipalities,
#: who else acts ("what happens next": the approvers), the header's unread notifications.
PAGE_QUERIES = 9


@pytest.fixture
def uppsala_2025(reference, nadia):
    """Uppsala's draft on the shipped 2025 edition, the size of a real questionnaire."""
    edition = catalogue.load_edition(path=catalogue.EDITIONS_DIR / "2025.yaml").edition
    services.open_round(
        year=2025,
        edition=edition,
        opens_on=datetime.date(2025, 1, 20),
        deadline=datetime.date(2025, 3, 15),
        by=nadia,
    )
    return Response.objects.select_related("round__edition").get(
        round__year=2025, municipality__code="0380"
    )


def yes_no_slots(response):
    shape = structure.of(response.round.edition)
    return [s for s in shape.slots if s.question.kind == "yes_no" and not s.question.asked_if]


def answer_yes(response, slots, by):
    for slot in slots:
        services.save_answer(response=response, slot=slot, value="ja", expected_version=0, by=by)


def key(slot):
    return (
        f"{slot.question.code}.{slot.activity_code}" if slot.activity_code else slot.question.code
    )


def autosave(client, slot, value="nej", version=0):
    name = key(slot)
    with CaptureQueriesContext(connection) as queries:
        reply = client.post(
            f"{URL}answers/{name}/",
            {name: value, f"{name}-version": version},
            HTTP_HX_REQUEST="true",
        )
    assert reply.status_code == 200, reply.content.decode()[:400]
    return reply, len(queries)


def test_one_autosave_costs_a_fixed_number_of_queries(client, uppsala_2025, anna):
    slots = yes_no_slots(uppsala_2025)
    answer_yes(uppsala_2025, slots[:5], anna)
    client.force_login(anna)
    reply, count = autosave(client, slots[0], version=1)
    assert count == AUTOSAVE_QUERIES
    assert "Sparat" in reply.content.decode()
    stored = Answer.objects.get(
        response=uppsala_2025, question=slots[0].question, activity_code=slots[0].activity_code
    )
    assert (stored.value, stored.version, stored.revisions.count()) == ("nej", 2, 2)


def test_the_autosave_does_not_grow_with_the_answers_given(client, uppsala_2025, anna):
    slots = yes_no_slots(uppsala_2025)
    assert len(slots) > 110
    client.force_login(anna)
    answer_yes(uppsala_2025, slots[:5], anna)
    _reply, with_five = autosave(client, slots[105])
    answer_yes(uppsala_2025, slots[5:100], anna)
    reply, with_hundred = autosave(client, slots[106])
    assert with_five == with_hundred == AUTOSAVE_QUERIES + 3  # + the new row, in a savepoint
    assert 'id="progress" hx-swap-oob="true">102 av 282' in reply.content.decode()


def test_the_autosave_rechecks_the_condition_of_its_slot(client, uppsala_2025, anna):
    """KON_PARTS is asked only if KON_PLAN is ja: answering it after a nej is flagged."""
    shape = structure.of(uppsala_2025.round.edition)
    plan, parts = shape.slot("KON_PLAN.sabo"), shape.slot("KON_PARTS.sabo")
    services.save_answer(
        response=uppsala_2025, slot=plan, value="nej", expected_version=0, by=anna
    )
    client.force_login(anna)
    choice = parts.question.choices[0]["code"]
    reply, _count = autosave(client, parts, value=choice)
    assert "inte ställs" in reply.content.decode()


def test_an_unknown_slot_is_a_404(client, uppsala_2025, anna):
    client.force_login(anna)
    assert client.post(f"{URL}answers/NO_SUCH/", {}).status_code == 404
    assert client.post(f"{URL}answers/GOV_REGIME/", {}).status_code == 404  # needs an activity
    assert client.post(f"{URL}answers/GOV_REGIME.nowhere/", {}).status_code == 404


def page(client):
    with CaptureQueriesContext(connection) as queries:
        reply = client.get(URL)
    assert reply.status_code == 200
    return reply.content, len(queries)


def test_the_page_has_a_fixed_number_of_queries_and_a_ceiling(client, uppsala_2025, anna):
    slots = yes_no_slots(uppsala_2025)
    client.force_login(anna)
    answer_yes(uppsala_2025, slots[:5], anna)
    _html, with_five = page(client)
    answer_yes(uppsala_2025, slots[5:100], anna)
    html, with_hundred = page(client)
    assert with_five == with_hundred == PAGE_QUERIES
    # Was 412 KiB (comment fields and a history link on every slot); the 150 KiB target
    # is not reached yet (docs/surveys.md, "What a save costs").
    assert len(html) <= 300 * 1024, f"{len(html) / 1024:.0f} KiB"


def test_the_structure_is_built_once_per_edition(uppsala_2025, django_assert_num_queries):
    edition = uppsala_2025.round.edition
    first = structure.of(edition)
    with django_assert_num_queries(0):
        assert structure.of(edition) is first
    assert len(first.slots) == 282
