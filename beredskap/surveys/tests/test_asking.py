"""A questionnaire that never contradicts itself: a question not asked given the answers
above cannot be answered on any route, an answer made moot is cleared as a revision with
notice, and progress counts only what is asked."""

import pytest

from beredskap.audit.models import Event
from beredskap.surveys import questionnaire, services
from beredskap.surveys.models import Answer

from .conftest import answer, complete

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"


def stored(code, activity=""):
    return Answer.objects.get(question__code=code, activity_code=activity)


def test_a_value_for_a_question_not_asked_is_refused_naming_what_it_depends_on(uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    with pytest.raises(services.NotAsked) as refused:
        answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    message = " ".join(refused.value.messages)
    assert "Finns en aktuell kontinuitetsplan?" in message
    assert "Särskilt boende för äldre" in message
    assert "KON_PLAN" not in message
    assert not Answer.objects.filter(question__code="KON_PARTS", value__isnull=False).exists()
    # Hemtjänst's plan is not answered yet: its parts may be answered first.
    answer(uppsala, "KON_PARTS", "hemtjanst", ["kontakt"], anna)


def test_a_changed_answer_clears_the_answers_it_makes_moot(uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna, comment="Se bilaga")
    saved = services.save_answer_outcome(
        response=uppsala,
        slot=services.Slot(stored("KON_PLAN", "sabo").question, "sabo"),
        value="nej",
        expected_version=1,
        by=anna,
    )
    assert [s.key for s in saved.cleared] == ["KON_PARTS.sabo"]
    parts = stored("KON_PARTS", "sabo")
    assert (parts.value, parts.comment, parts.version) == (None, "", 2)
    history = list(parts.revisions.order_by("version").values_list("value", "source"))
    assert history == [(["reserv"], "form"), (None, "cleared")]
    event = Event.objects.get(action="response.answers_cleared")
    assert event.details["answers"] == ["KON_PARTS.sabo"]
    assert event.details["because"] == "KON_PLAN.sabo"
    assert not [p for p in services.problems_before_submit(uppsala) if "ställs" in p.message]


def test_nothing_is_cleared_when_nothing_is_moot(uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    saved = services.save_answer_outcome(
        response=uppsala,
        slot=services.Slot(stored("KON_PLAN", "sabo").question, "sabo"),
        value="nej",
        expected_version=1,
        by=anna,
    )
    assert saved.cleared == []
    assert not Event.objects.filter(action="response.answers_cleared").exists()


def test_progress_counts_only_what_is_asked(uppsala, anna, alva):
    assert questionnaire.progress(uppsala) == {"answered": 0, "total": 6}
    answer(uppsala, "KON_PLAN", "hemtjanst", "nej", anna)
    assert questionnaire.progress(uppsala) == {"answered": 1, "total": 5}
    answer(uppsala, "KON_PLAN", "hemtjanst", "ja", anna, version=1)
    answer(uppsala, "KON_PARTS", "hemtjanst", ["kontakt"], anna)
    assert questionnaire.progress(uppsala) == {"answered": 2, "total": 6}
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    answer(uppsala, "KON_UNITS", "", {"numerator": 3, "denominator": 4}, anna)
    answer(uppsala, "UTB_EXERCISES", "", "2", anna)
    answer(uppsala, "KON_PLAN", "hemtjanst", "nej", anna, version=2)  # clears its parts
    assert questionnaire.progress(uppsala) == {"answered": 5, "total": 5}
    services.submit_response(response=uppsala, by=alva)
    uppsala.refresh_from_db()
    areas = questionnaire.build(uppsala, may_edit=False)
    assert (sum(a.answered for a in areas), sum(a.total for a in areas)) == (5, 5)


def test_the_page_reads_n_of_n_after_a_successful_submit(client, uppsala, anna, alva):
    complete(uppsala, anna)
    answer(uppsala, "KON_PLAN", "hemtjanst", "nej", anna, version=1)
    services.submit_response(response=uppsala, by=alva)
    client.force_login(anna)
    assert '<span id="progress">5 av 5</span>' in client.get(URL).content.decode()


def test_a_question_not_asked_is_disabled_with_the_reason(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    client.force_login(anna)
    html = client.get(URL).content.decode()
    slot = html[html.index('id="slot-KON_PARTS.sabo"') :]
    slot = slot[: slot.index("</div>")]
    assert "disabled" in slot and "hx-post" not in slot
    assert 'aria-describedby="KON_PARTS.sabo-why"' in slot
    assert "Ställs inte, utifrån svaret på ”Finns en aktuell kontinuitetsplan?”" in slot


def test_the_autosave_refuses_a_question_not_asked(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    client.force_login(anna)
    reply = client.post(
        f"{URL}answers/KON_PARTS.sabo/", {"KON_PARTS.sabo": "reserv"}, HTTP_HX_REQUEST="true"
    )
    assert reply.status_code == 422
    assert "Finns en aktuell kontinuitetsplan?" in reply.content.decode()
    assert not Answer.objects.filter(question__code="KON_PARTS", value__isnull=False).exists()


def test_the_autosave_names_what_it_cleared_and_swaps_the_places_it_changed(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    client.force_login(anna)
    reply = client.post(
        f"{URL}answers/KON_PLAN.sabo/",
        {"KON_PLAN.sabo": "nej", "KON_PLAN.sabo-version": "1", "area": "B"},
        HTTP_HX_REQUEST="true",
    )
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Svaret på ”Vad innehåller planen?” (Särskilt boende för äldre) tömdes" in html
    assert "KON_PARTS" not in html.split("tömdes")[0].split("Sparat")[-1]
    oob = html[html.index('id="slot-KON_PARTS.sabo"') :]
    assert oob.split(">")[0].count('hx-swap-oob="true"') == 1
    assert "disabled" in oob.split("</div>")[0]
    # And back: a plan again makes the parts editable without a reload.
    reply = client.post(
        f"{URL}answers/KON_PLAN.sabo/",
        {"KON_PLAN.sabo": "ja", "KON_PLAN.sabo-version": "2", "area": "B"},
        HTTP_HX_REQUEST="true",
    )
    oob = reply.content.decode().split('id="slot-KON_PARTS.sabo"')[1].split("</div>")[0]
    assert "hx-post" in oob and "disabled" not in oob


def test_without_the_area_nothing_is_swapped_out_of_band(client, uppsala, anna):
    """The slot's own page shows no other place: an out-of-band swap would find no target."""
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    client.force_login(anna)
    reply = client.post(
        f"{URL}answers/KON_PLAN.sabo/",
        {"KON_PLAN.sabo": "nej", "KON_PLAN.sabo-version": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "slot-KON_PARTS" not in reply.content.decode()


def test_a_plain_post_of_the_area_clears_moot_answers_and_says_which(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    client.force_login(anna)
    reply = client.post(
        f"{URL}areas/B/",
        {
            "KON_PLAN.sabo": "nej",
            "KON_PLAN.sabo-version": "1",
            "KON_PARTS.sabo": "reserv",  # as the page showed it
            "KON_PARTS.sabo-version": "1",
        },
        follow=True,
    )
    html = reply.content.decode()
    assert reply.redirect_chain[-1][0] == f"{URL}?area=B#area-B"
    assert "Svaret på ”Vad innehåller planen?” (Särskilt boende för äldre) tömdes" in html
    assert stored("KON_PARTS", "sabo").value is None


def test_a_returned_answer_that_makes_a_question_asked_opens_it_too(
    client, uppsala, anna, alva, bengt
):
    """The board returns the plan; with a plan now, its parts must be answerable, or the
    response could never be submitted again."""
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    answer(uppsala, "KON_PLAN", "hemtjanst", "nej", anna)
    answer(uppsala, "KON_UNITS", "", {"numerator": 3, "denominator": 4}, anna)
    answer(uppsala, "UTB_EXERCISES", "", "2", anna)
    services.submit_response(response=uppsala, by=alva)
    plan = services.Slot(stored("KON_PLAN", "hemtjanst").question, "hemtjanst")
    services.return_response(response=uppsala, by=bengt, comment="", items=[(plan, "Säker?")])
    client.force_login(anna)
    reply = client.post(
        f"{URL}answers/KON_PLAN.hemtjanst/",
        {"KON_PLAN.hemtjanst": "ja", "KON_PLAN.hemtjanst-version": "1", "area": "B"},
        HTTP_HX_REQUEST="true",
    )
    oob = reply.content.decode().split('id="slot-KON_PARTS.hemtjanst"')[1].split("</div>")[0]
    assert "hx-post" in oob and "disabled" not in oob
    uppsala.refresh_from_db()
    answer(uppsala, "KON_PARTS", "hemtjanst", ["kontakt"], anna, version=0)
    services.submit_response(response=uppsala, by=alva)
    assert stored("KON_PARTS", "hemtjanst").value == ["kontakt"]


def test_the_history_shows_a_cleared_answer_by_name(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna, version=1)
    client.force_login(anna)
    html = client.get(f"{URL}answers/KON_PARTS.sabo/history/").content.decode()
    assert "Vad innehåller planen? (Särskilt boende för äldre)" in html
    assert "Tömd: ställs inte längre" in html
    assert "?area=B" in html


def test_a_returned_response_opens_on_the_area_with_returned_questions(
    client, uppsala, anna, alva, bengt
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    exercises = services.Slot(stored("UTB_EXERCISES").question, "")
    services.return_response(response=uppsala, by=bengt, comment="", items=[(exercises, "")])
    client.force_login(anna)
    html = client.get(URL).content.decode()
    assert 'id="area-H-heading"' in html and 'id="area-B-heading"' not in html
    assert "1 återsänd fråga" in html
