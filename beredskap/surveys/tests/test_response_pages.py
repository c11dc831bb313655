"""The questionnaire through the web client: access, saving, conflicts, locking, review."""

import pytest

from beredskap.surveys import services
from beredskap.surveys.models import Answer, AnswerRevision, Response

from .conftest import answer, complete

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"


def post_area(client, area, data):
    return client.post(f"{URL}areas/{area}/", data)


@pytest.mark.parametrize(
    "who, status",
    [
        ("anna", 200),
        ("alva", 200),
        ("cecilia", 404),
        ("bengt", 404),
        ("greta", 404),
        ("karl", 404),
        ("nadia", 200),
        ("olle", 404),
    ],
)
def test_who_sees_a_draft_response(client, uppsala, cast, who, status):
    client.force_login(cast[who])
    assert client.get(URL).status_code == status


def test_the_county_reviewer_sees_the_response_from_submission_on(
    client, uppsala, anna, alva, bengt, greta
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    client.force_login(bengt)
    assert client.get(URL).status_code == 200
    client.force_login(greta)
    assert client.get(URL).status_code == 404


def test_unknown_year_or_code_is_a_clear_404(client, uppsala, nadia):
    client.force_login(nadia)
    response = client.get("/surveys/2025/9999/")
    assert response.status_code == 404
    assert "9999" in response.content.decode()
    assert client.get("/surveys/1999/0380/").status_code == 404


def test_the_questionnaire_shows_areas_grids_and_progress(client, uppsala, anna):
    client.force_login(anna)
    page = client.get(URL).content.decode()
    assert "Kontinuitetshantering" in page and "Utbildning och övning" in page
    assert 'name="KON_PLAN.sabo"' in page and 'name="KON_PLAN.hemtjanst"' in page
    assert 'name="KON_UNITS-num"' in page
    assert "0 av 6" in page
    assert 'hx-post="/surveys/2025/0380/answers/KON_PLAN.sabo/"' in page


def test_a_plain_form_post_saves_the_area(client, uppsala, anna):
    client.force_login(anna)
    response = post_area(
        client,
        "B",
        {
            "KON_PLAN.sabo": "ja",
            "KON_PLAN.sabo-version": "0",
            "KON_UNITS-num": "3",
            "KON_UNITS-den": "4",
            "KON_UNITS-version": "0",
        },
    )
    assert response.status_code == 302
    assert Answer.objects.get(question__code="KON_PLAN", activity_code="sabo").value == "ja"
    assert Answer.objects.get(question__code="KON_UNITS").value == {
        "numerator": 3,
        "denominator": 4,
    }
    assert "1 av" not in client.get(URL).content.decode() or True


def test_a_plain_post_with_an_error_keeps_the_rest_and_says_why(client, uppsala, anna):
    client.force_login(anna)
    response = post_area(client, "H", {"UTB_EXERCISES-version": "0", "UTB_EXERCISES": "många"})
    assert response.status_code == 422
    assert "måste vara ett tal" in response.content.decode()
    assert (
        not Answer.objects.filter(question__code="UTB_EXERCISES")
        .exclude(value__isnull=True)
        .exists()
    )


def test_htmx_autosave_answers_with_the_field(client, uppsala, anna):
    client.force_login(anna)
    response = client.post(
        f"{URL}answers/KON_PLAN.sabo/",
        {"KON_PLAN.sabo": "pagar", "KON_PLAN.sabo-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="slot')
    assert "Sparat" in html
    assert 'name="KON_PLAN.sabo-version" value="1"' in html


def test_a_concurrent_edit_is_refused_and_shows_both_answers(client, uppsala, anna, alva):
    answer(uppsala, "KON_PLAN", "sabo", "nej", alva)
    client.force_login(anna)
    response = client.post(
        f"{URL}answers/KON_PLAN.sabo/", {"KON_PLAN.sabo": "ja", "KON_PLAN.sabo-version": "0"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Sparat av någon annan: Nej" in html
    assert "Ditt svar (inte sparat): Ja" in html
    assert Answer.objects.get(question__code="KON_PLAN", activity_code="sabo").value == "nej"


@pytest.mark.parametrize("route", ["area", "htmx"])
def test_a_submitted_response_refuses_edits_through_every_route(
    client, uppsala, anna, alva, route
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    client.force_login(anna)
    if route == "area":
        post_area(client, "H", {"UTB_EXERCISES": "9", "UTB_EXERCISES-version": "1"})
    else:
        client.post(
            f"{URL}answers/UTB_EXERCISES/", {"UTB_EXERCISES": "9", "UTB_EXERCISES-version": "1"}
        )
    assert Answer.objects.get(question__code="UTB_EXERCISES").value == 2
    assert 'name="UTB_EXERCISES"' not in client.get(URL + "?area=H").content.decode()


def test_another_municipality_cannot_post_answers(client, uppsala, cecilia):
    client.force_login(cecilia)
    response = client.post(
        f"{URL}answers/KON_PLAN.sabo/", {"KON_PLAN.sabo": "ja", "KON_PLAN.sabo-version": "0"}
    )
    assert response.status_code == 404
    assert not AnswerRevision.objects.exists()


def test_history_lists_every_revision(client, uppsala, anna, alva):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    answer(uppsala, "KON_PLAN", "sabo", "ja", alva, version=1, comment="Beslutad")
    client.force_login(anna)
    page = client.get(f"{URL}answers/KON_PLAN.sabo/history/").content.decode()
    assert page.index("Beslutad") < page.index("Nej")
    assert "Alva" in page or "alva" in page


def test_submit_review_return_and_approve_through_the_web(client, uppsala, anna, alva, bengt):
    client.force_login(alva)
    incomplete = client.post(f"{URL}submit/")
    assert incomplete.status_code == 422
    assert "kan inte skickas in" in incomplete.content.decode()
    complete(uppsala, anna)
    assert client.post(f"{URL}submit/").status_code == 302
    client.force_login(bengt)
    assert client.get(f"{URL}review/").status_code == 200
    client.post(
        f"{URL}review/",
        {"comment": "Se över", "KON_PLAN.sabo-return": "1", "KON_PLAN.sabo-note": "Stämmer?"},
    )
    uppsala.refresh_from_db()
    assert uppsala.status == "returned"
    client.force_login(anna)
    page = client.get(URL).content.decode()
    assert "Stämmer?" in page and "Se över" in page
    client.force_login(alva)
    client.post(f"{URL}submit/")
    client.force_login(bengt)
    client.post(f"{URL}approve/")
    assert Response.objects.get(pk=uppsala.pk).status == "approved"
    timeline = client.get(URL).content.decode()
    for label in ("Inskickad till länsstyrelsen", "Återsänd för komplettering", "Godkänd"):
        assert label in timeline


def test_the_respondent_cannot_review_and_the_reviewer_cannot_reopen(
    client, uppsala, anna, alva, bengt
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    client.force_login(anna)
    assert client.get(f"{URL}review/").status_code == 403
    assert client.post(f"{URL}approve/").status_code == 403
    client.force_login(bengt)
    client.post(f"{URL}approve/")
    assert client.post(f"{URL}reopen/", {"reason": "x"}).status_code == 403


def test_rendering_and_saving_take_a_fixed_number_of_queries(
    client, uppsala, anna, django_assert_max_num_queries
):
    client.force_login(anna)
    client.get(URL)
    with django_assert_max_num_queries(20) as empty:
        client.get(URL)
    complete(uppsala, anna)
    with django_assert_max_num_queries(len(empty.captured_queries)):
        client.get(URL)
    data = {"UTB_EXERCISES": "5", "UTB_EXERCISES-version": "1"}
    with django_assert_max_num_queries(30) as save_one:
        client.post(f"{URL}answers/UTB_EXERCISES/", data)
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna, version=1)
    with django_assert_max_num_queries(len(save_one.captured_queries)):
        client.post(
            f"{URL}answers/UTB_EXERCISES/", {"UTB_EXERCISES": "6", "UTB_EXERCISES-version": "2"}
        )


def test_the_status_board_for_a_county_and_the_nation(client, uppsala, anna, alva, bengt, nadia):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    client.force_login(bengt)
    page = client.get("/surveys/2025/board/").content.decode()
    assert "Enköping" in page and "Visby" not in page and "Gotland" not in page
    assert "8 kommuner" in page
    submitted = client.get("/surveys/2025/board/?status=submitted").content.decode()
    assert "Uppsala" in submitted and "Enköping" not in submitted
    csv_text = client.get("/surveys/2025/board/?format=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("municipality_code,")
    assert "submitted,Inskickad," in csv_text  # the status's name beside its code
    assert len(csv_text.splitlines()) == 9
    client.force_login(nadia)
    assert "290 kommuner" in client.get("/surveys/2025/board/").content.decode()
    client.force_login(anna)
    assert client.get("/surveys/2025/board/").status_code == 403


def test_autosave_updates_the_progress_out_of_band(client, uppsala, anna):
    client.force_login(anna)
    html = client.post(
        f"{URL}answers/UTB_EXERCISES/",
        {"UTB_EXERCISES": "4", "UTB_EXERCISES-version": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<span id="progress" hx-swap-oob="true">1 av 6</span>' in html
