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
from beredskap.surveys import questionnaire, services, structure
from beredskap.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"

#: An edit of an answered slot no condition reads: session, user, response, grants;
#: savepoint, locked response, the slot's answer (locked), answer update, revision, release.
#: The response's last activity was written within the minute (the fixtures' saves), so it
#: is not written again (`test_last_activity_is_written_...`), and the progress cannot have
#: moved, so it is not counted.
AUTOSAVE_QUERIES = 10
#: Answering an empty slot (or emptying one) moves the progress: the values of the answers
#: that decide what is asked, and the count.
PROGRESS_QUERIES = 2
#: A slot a condition reads locks the deciding answers with its own in one query, and
#: always counts the progress.
DECIDING_AUTOSAVE_QUERIES = AUTOSAVE_QUERIES + 1
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
    assert 'id="progress"' not in reply.content.decode()  # 5 of 282 before and after
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
    # + the new row, in a savepoint; a first answer moves the progress
    assert with_five == with_hundred == AUTOSAVE_QUERIES + PROGRESS_QUERIES + 3
    assert 'id="progress" hx-swap-oob="true">102 av 282' in reply.content.decode()


def test_emptying_an_answer_moves_the_progress(client, uppsala_2025, anna):
    slots = yes_no_slots(uppsala_2025)
    answer_yes(uppsala_2025, slots[:3], anna)
    client.force_login(anna)
    reply, count = autosave(client, slots[1], value="", version=1)
    assert count == AUTOSAVE_QUERIES + PROGRESS_QUERIES
    assert 'id="progress" hx-swap-oob="true">2 av 282' in reply.content.decode()
    reply, count = autosave(client, slots[1], value="nej", version=2)
    assert count == AUTOSAVE_QUERIES + PROGRESS_QUERIES
    assert 'id="progress" hx-swap-oob="true">3 av 282' in reply.content.decode()
    reply, count = autosave(client, slots[1], value="ja", version=3)
    assert count == AUTOSAVE_QUERIES
    assert 'id="progress"' not in reply.content.decode()


def test_the_autosave_refuses_a_question_not_asked(client, uppsala_2025, anna):
    """KON_PARTS is asked only if KON_PLAN is ja: answering it after a nej is refused."""
    shape = structure.of(uppsala_2025.round.edition)
    plan, parts = shape.slot("KON_PLAN.sabo"), shape.slot("KON_PARTS.sabo")
    services.save_answer(
        response=uppsala_2025, slot=plan, value="nej", expected_version=0, by=anna
    )
    client.force_login(anna)
    choice = parts.question.choices[0]["code"]
    reply = client.post(
        f"{URL}answers/KON_PARTS.sabo/", {"KON_PARTS.sabo": choice}, HTTP_HX_REQUEST="true"
    )
    assert reply.status_code == 422
    assert "Frågan ställs inte, utifrån svaret på" in reply.content.decode()


def test_clearing_moot_answers_costs_queries_only_when_there_is_something_to_clear(
    client, uppsala_2025, anna
):
    shape = structure.of(uppsala_2025.round.edition)
    regime = shape.slot("GOV_REGIME.sabo")
    services.save_answer(
        response=uppsala_2025, slot=regime, value="egen_regi", expected_version=0, by=anna
    )
    client.force_login(anna)
    _reply, plain = autosave(client, regime, value="blandad", version=1)
    assert plain == DECIDING_AUTOSAVE_QUERIES
    for code in ("FOR_MED_STOCK_DAYS.sabo", "FOR_FOOD_DAYS.sabo"):
        services.save_answer(
            response=uppsala_2025, slot=shape.slot(code), value=7, expected_version=0, by=anna
        )
    reply, clearing = autosave(client, regime, value="privat", version=2)
    # Two answers cleared: an update and a revision each, and one audit event.
    assert clearing == DECIDING_AUTOSAVE_QUERIES + 2 * 2 + 1
    assert "tömdes eftersom frågorna inte längre ställs" in reply.content.decode()


def test_last_activity_is_written_once_a_minute_at_most(client, uppsala_2025, anna):
    """The status board reads "last activity" to the minute: an autosave rewrites the
    response's row only when the mark is older than that."""
    slot = yes_no_slots(uppsala_2025)[0]
    client.force_login(anna)
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    Response.objects.filter(pk=uppsala_2025.pk).update(last_activity_at=an_hour_ago)
    _reply, first = autosave(client, slot, value="ja", version=0)
    marked = Response.objects.get(pk=uppsala_2025.pk).last_activity_at
    assert marked > an_hour_ago + datetime.timedelta(minutes=59)
    _reply, second = autosave(client, slot, value="nej", version=1)
    assert Response.objects.get(pk=uppsala_2025.pk).last_activity_at == marked
    # it creates the row, answers an empty slot, and writes the mark
    assert first == AUTOSAVE_QUERIES + 3 + PROGRESS_QUERIES + 1
    assert second == AUTOSAVE_QUERIES


def test_an_unknown_slot_is_a_404(client, uppsala_2025, anna):
    client.force_login(anna)
    assert client.post(f"{URL}answers/NO_SUCH/", {}).status_code == 404
    assert client.post(f"{URL}answers/GOV_REGIME/", {}).status_code == 404  # needs an activity
    assert client.post(f"{URL}answers/GOV_REGIME.nowhere/", {}).status_code == 404


def page(client, area=""):
    with CaptureQueriesContext(connection) as queries:
        reply = client.get(URL + (f"?area={area}" if area else ""))
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
    # Was 412 KiB with every slot's comment fields, then 297 KiB with all areas on one
    # page; now one area at a time (docs/surveys.md, "What a save costs").
    assert len(html) <= 150 * 1024, f"{len(html) / 1024:.0f} KiB"
    areas = {q.area.code for q in structure.of(uppsala_2025.round.edition).questions}
    for code in sorted(areas):
        html, count = page(client, code)
        assert count == PAGE_QUERIES
        assert len(html) <= 150 * 1024, f"area {code}: {len(html) / 1024:.0f} KiB"
        assert f'id="area-{code}-heading"' in html.decode()


def test_the_structure_is_built_once_per_edition(uppsala_2025, django_assert_num_queries):
    edition = uppsala_2025.round.edition
    first = structure.of(edition)
    with django_assert_num_queries(0):
        assert structure.of(edition) is first
    assert len(first.slots) == 282


def test_progress_of_the_2025_edition_counts_only_what_is_asked(client, uppsala_2025, anna):
    """Without a plan, its parts are not asked: the total shrinks by the parts' places."""
    shape = structure.of(uppsala_2025.round.edition)
    assert questionnaire.progress(uppsala_2025) == {"answered": 0, "total": 282}
    services.save_answer(
        response=uppsala_2025,
        slot=shape.slot("GOV_REGIME.sabo"),
        value="privat",
        expected_version=0,
        by=anna,
    )
    # Neither stock days nor food days are asked of a service run only by private providers.
    assert questionnaire.progress(uppsala_2025) == {"answered": 1, "total": 280}
