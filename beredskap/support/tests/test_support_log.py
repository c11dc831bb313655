"""The county boards' support log: services, access, pages, conflicts, CSV, shared exchange.

Bengt reviews Uppsala län (03), Greta Gotlands län (09), Karl is the coordinator at
Kronoberg; the small test edition (2025) has the areas B and H and the indicators KON01
and KON02.
"""

import copy
import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.audit.models import Event
from beredskap.catalogue import services as catalogue
from beredskap.catalogue.models import Indicator
from beredskap.catalogue.tests.factories import small_edition, text, write
from beredskap.registry.models import County, Municipality
from beredskap.support import export, services
from beredskap.support.models import SupportActivity

pytestmark = pytest.mark.django_db

Kind = SupportActivity.Kind
LOG = "/support/03/"


def county(code="03"):
    return County.objects.get(code=code)


def municipalities(*codes):
    return list(Municipality.objects.filter(code__in=codes).order_by("code"))


def log(by, *, code="03", **values):
    """Log an activity of the county through the service, with sensible defaults."""
    values = {
        "held_on": datetime.date(2025, 3, 10),
        "kind": Kind.NETWORK,
        "title": "Nätverksträff om reservkraft",
        **values,
    }
    return services.create_activity(county=county(code), by=by, **values)


def posted(**overrides):
    """Form data of an activity (what the browser posts)."""
    data = {
        "held_on": "2025-03-10",
        "kind": "network",
        "title": "Nätverksträff om kontinuitet",
        "area_code": "B",
        "municipalities": [m.pk for m in municipalities("0380", "0381")],
        "participants": "14",
        "description": "Genomgång av planerna.",
        "lessons": "",
        "indicators": [Indicator.objects.get(code="KON01").pk],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- services ----------------------------------------------------------------------------


def test_logging_an_activity_keeps_its_links_and_leaves_an_audit_row(edition, bengt):
    kon01 = Indicator.objects.get(code="KON01")
    activity = log(
        bengt,
        area_code="B",
        municipalities=municipalities("0380", "0360"),
        participants=12,
        indicators=[kon01],
    )
    activity.refresh_from_db()
    assert activity.county.code == "03"
    assert activity.created_by == bengt
    assert activity.participants == 12
    assert sorted(m.code for m in activity.municipalities.all()) == ["0360", "0380"]
    assert list(activity.indicators.all()) == [kon01]
    event = Event.objects.for_target(activity).get()
    assert event.action == "support.created"
    assert event.actor == bengt
    assert event.details["county"] == "03"
    assert event.details["municipalities"] == ["0360", "0380"]
    assert event.details["indicators"] == ["KON01"]


def test_only_the_county_reviewers_may_log(edition, greta, karl, nadia):
    for user in (greta, karl, nadia):
        with pytest.raises(PermissionDenied):
            log(user)
    assert not SupportActivity.objects.exists()


def test_only_the_countys_own_municipalities_may_be_reached(edition, bengt):
    with pytest.raises(ValidationError) as caught:
        log(bengt, municipalities=municipalities("0380", "0980"))
    assert set(caught.value.error_dict) == {"municipalities"}
    assert not SupportActivity.objects.exists()


def test_the_topic_area_is_one_of_the_newest_edition(edition, bengt):
    assert log(bengt, area_code="H").area_code == "H"
    assert log(bengt, area_code="").area_code == ""
    with pytest.raises(ValidationError) as caught:
        log(bengt, area_code="Q")
    assert set(caught.value.error_dict) == {"area_code"}


def test_an_area_of_an_older_edition_is_kept_but_not_chosen_anew(edition, bengt, tmp_path):
    older = copy.deepcopy(small_edition(2024))
    older["areas"].append({"code": "Z", "name": text("Gammalt område", "Old area")})
    catalogue.load_edition(path=write(tmp_path, older, "2024.yaml"))
    with pytest.raises(ValidationError):
        log(bengt, area_code="Z")  # 2025 is the newest edition and has no Z
    activity = log(bengt)
    SupportActivity.objects.filter(pk=activity.pk).update(area_code="Z")
    activity.refresh_from_db()
    updated = services.update_activity(
        activity=activity, by=bengt, expected_updated_at=activity.updated_at, title="Ny rubrik"
    )
    assert (updated.area_code, updated.title) == ("Z", "Ny rubrik")


def test_only_experience_exchange_may_be_shared(edition, bengt):
    with pytest.raises(ValidationError) as caught:
        log(bengt, kind=Kind.TRAINING, shared=True, lessons="Något")
    assert set(caught.value.error_dict) == {"shared"}
    with pytest.raises(ValidationError) as caught:
        log(bengt, kind=Kind.EXCHANGE, shared=True, lessons="  ")
    assert set(caught.value.error_dict) == {"lessons"}
    shared = log(bengt, kind=Kind.EXCHANGE, shared=True, lessons="Gemensam övning hjälper.")
    assert shared.shared


def test_every_problem_is_reported_at_once(edition, bengt):
    with pytest.raises(ValidationError) as caught:
        log(bengt, title=" ", kind="party", participants=-1, held_on="yesterday")
    assert set(caught.value.error_dict) == {"title", "kind", "participants", "held_on"}


def test_an_update_changes_the_activity_and_names_the_changes(edition, bengt):
    activity = log(bengt, municipalities=municipalities("0380"))
    updated = services.update_activity(
        activity=activity,
        by=bengt,
        expected_updated_at=activity.updated_at,
        title="Övning om värmebölja",
        municipalities=municipalities("0380", "0381"),
        participants=20,
    )
    updated.refresh_from_db()
    assert updated.title == "Övning om värmebölja"
    assert updated.participants == 20
    assert updated.updated_at > activity.updated_at
    assert updated.municipalities.count() == 2
    event = Event.objects.filter(action="support.updated").get()
    assert event.target_id == str(activity.pk)
    assert event.details["changed"] == ["municipalities", "participants", "title"]


def test_a_stale_update_is_a_conflict_and_writes_nothing(edition, bengt, tove):
    activity = log(bengt)
    opened_at = activity.updated_at
    services.update_activity(
        activity=activity, by=tove, expected_updated_at=opened_at, title="Tove"
    )
    with pytest.raises(services.Conflict) as caught:
        services.update_activity(
            activity=activity, by=bengt, expected_updated_at=opened_at, title="Bengt"
        )
    assert caught.value.current.title == "Tove"
    activity.refresh_from_db()
    assert activity.title == "Tove"
    assert Event.objects.filter(action="support.updated").count() == 1


def test_update_refuses_unknown_fields_and_other_counties(edition, bengt, greta):
    activity = log(bengt)
    with pytest.raises(TypeError):
        services.update_activity(
            activity=activity, by=bengt, expected_updated_at=activity.updated_at, county=None
        )
    with pytest.raises(PermissionDenied):
        services.update_activity(
            activity=activity, by=greta, expected_updated_at=activity.updated_at, title="x"
        )


def test_delete_removes_the_activity_and_the_audit_row_keeps_what_it_was(edition, bengt, greta):
    activity = log(bengt, municipalities=municipalities("0380"), participants=7)
    with pytest.raises(PermissionDenied):
        services.delete_activity(activity=activity, by=greta)
    services.delete_activity(activity=activity, by=bengt)
    assert not SupportActivity.objects.exists()
    event = Event.objects.get(action="support.deleted")
    assert event.target_id == str(activity.pk)
    assert event.details["title"] == "Nätverksträff om reservkraft"
    assert event.details["municipalities"] == ["0380"]
    assert event.details["participants"] == 7


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 18 00", "'+46 18 00"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Vanlig text", "Vanlig text"),
        (12, "12"),
        (0, "0"),
        (datetime.date(2025, 3, 1), "2025-03-01"),
        (None, ""),
    ],
)
def test_csv_cells_never_become_formulas(value, cell):
    assert export.csv_cell(value) == cell


# --- access ------------------------------------------------------------------------------

ROUTES = ["", "shared/", "03/", "03/new/", "03/{pk}/", "03/{pk}/edit/", "03/{pk}/delete/"]


@pytest.fixture
def activity(edition, bengt):
    return log(bengt, municipalities=municipalities("0380"))


@pytest.mark.parametrize("route", [*ROUTES, "03/export.csv"])
def test_anonymous_visitors_are_sent_to_sign_in(client, activity, route):
    response = client.get(f"/support/{route.format(pk=activity.pk)}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["anna", "nadia", "olle"])
def test_without_a_county_board_role_the_support_pages_are_not_permitted(client, cast, who):
    client.force_login(cast[who])
    assert client.get("/support/").status_code == 403
    assert client.get("/support/shared/").status_code == 403
    assert client.get(LOG).status_code == 404


@pytest.mark.parametrize(
    "route", ["03/", "03/new/", "03/{pk}/", "03/{pk}/edit/", "03/{pk}/delete/", "03/export.csv"]
)
def test_another_countys_reviewer_finds_nothing(client, activity, greta, route):
    client.force_login(greta)
    url = f"/support/{route.format(pk=activity.pk)}"
    assert client.get(url).status_code == 404
    assert client.post(url, posted(title="Greta")).status_code == 404
    assert SupportActivity.objects.get().title == activity.title
    assert not Event.objects.filter(actor=greta, action__startswith="support.").exists()


def test_an_activity_is_found_only_under_its_own_county(client, activity, tove):
    client.force_login(tove)  # keeps Stockholm's log too, but the activity is Uppsala's
    assert client.get(f"/support/03/{activity.pk}/").status_code == 200
    assert client.get(f"/support/01/{activity.pk}/").status_code == 404
    assert client.post(f"/support/01/{activity.pk}/delete/").status_code == 404
    assert SupportActivity.objects.filter(pk=activity.pk).exists()


def test_a_reviewer_goes_straight_to_the_countys_log(client, bengt):
    client.force_login(bengt)
    response = client.get("/support/")
    assert response.status_code == 302
    assert response["Location"] == LOG


def test_a_reviewer_of_several_counties_picks_the_county(client, tove):
    client.force_login(tove)
    response = client.get("/support/")
    assert response.status_code == 200
    assert [c.code for c in response.context["counties"]] == ["01", "03"]
    page = response.content.decode()
    assert 'href="/support/01/"' in page and 'href="/support/03/"' in page


def test_the_coordinator_reads_shared_experience_but_keeps_no_log(client, karl, activity):
    client.force_login(karl)
    response = client.get("/support/")
    assert response.status_code == 200
    assert response.context["counties"] == []
    assert client.get("/support/shared/").status_code == 200
    assert client.get(LOG).status_code == 404
    assert client.get("/support/08/").status_code == 404  # Kronoberg: coordinator, not reviewer


# --- the log page ------------------------------------------------------------------------


def test_the_log_lists_the_countys_activities_with_totals(client, edition, bengt, greta):
    log(bengt, title="Uppsala ett", municipalities=municipalities("0380", "0381"), participants=5)
    log(bengt, title="Uppsala två", municipalities=municipalities("0380"), participants=7)
    log(greta, code="09", title="Gotland", municipalities=municipalities("0980"))
    client.force_login(bengt)
    response = client.get(LOG)
    assert response.status_code == 200
    titles = [a.title for a in response.context["page"].object_list]
    assert sorted(titles) == ["Uppsala ett", "Uppsala två"]
    assert response.context["totals"]["activities"] == 2
    assert response.context["totals"]["participants"] == 12
    assert response.context["reached_count"] == 2
    uppsala_county = Municipality.objects.filter(county__code="03").count()
    assert response.context["municipality_count"] == uppsala_county
    assert len(response.context["not_reached"]) == uppsala_county - 2
    page = response.content.decode()
    assert "Uppsala ett" in page and "Gotland</a>" not in page
    assert 'id="activities"' in page and 'id="export-csv"' in page


def test_the_log_filters_by_year_kind_area_and_municipality(client, edition, bengt):
    log(bengt, title="a", held_on=datetime.date(2024, 5, 1), kind=Kind.TRAINING)
    log(bengt, title="b", kind=Kind.EXERCISE, area_code="B")
    log(bengt, title="c", kind=Kind.EXERCISE, municipalities=municipalities("0360"))
    log(bengt, title="d", area_code="H", municipalities=municipalities("0360", "0380"))
    client.force_login(bengt)

    def titles(**query):
        response = client.get(LOG, query)
        assert response.status_code == 200
        return sorted(a.title for a in response.context["page"].object_list)

    assert titles() == ["a", "b", "c", "d"]
    assert titles(year="2024") == ["a"]
    assert titles(year="2025") == ["b", "c", "d"]
    assert titles(kind="exercise") == ["b", "c"]
    assert titles(area="B") == ["b"]
    assert titles(municipality="0360") == ["c", "d"]
    assert titles(kind="exercise", municipality="0360") == ["c"]
    assert titles(kind="nonsense", municipality="0980") == ["a", "b", "c", "d"]  # not choices


def test_the_log_is_paginated(client, edition, bengt):
    for day in range(1, 31):
        log(bengt, title=f"Träff {day:02}", held_on=datetime.date(2025, 1, day))
    client.force_login(bengt)
    first = client.get(LOG).context["page"]
    assert len(first.object_list) == 25
    assert first.object_list[0].title == "Träff 30"  # newest first
    second = client.get(LOG, {"page": 2}).context["page"]
    assert [a.title for a in second.object_list] == [f"Träff {d:02}" for d in range(5, 0, -1)]
    assert client.get(LOG, {"page": 99}).context["page"].number == 2


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_log_reads_a_fixed_number_of_queries(
    client, edition, bengt, django_assert_max_num_queries
):
    indicators = list(Indicator.objects.all())
    client.force_login(bengt)
    log(bengt, municipalities=municipalities("0380"), indicators=indicators[:1])
    one = _count_queries(client, LOG)
    for n in range(12):
        log(
            bengt,
            title=f"Aktivitet {n}",
            municipalities=municipalities("0380", "0381", "0360"),
            indicators=indicators,
            area_code="B",
        )
    many = _count_queries(client, LOG)
    assert one == many
    with django_assert_max_num_queries(20):
        client.get(LOG)
    log(bengt, kind=Kind.EXCHANGE, shared=True, lessons="x", municipalities=municipalities("0380"))
    shared_one = _count_queries(client, "/support/shared/")
    for n in range(4):
        log(
            bengt,
            kind=Kind.EXCHANGE,
            shared=True,
            lessons=f"Lärdom {n}",
            municipalities=municipalities("0380", "0381"),
            indicators=indicators,
        )
    assert _count_queries(client, "/support/shared/") == shared_one


# --- logging, editing and deleting through the pages -------------------------------------


def test_the_form_offers_only_the_countys_municipalities_and_the_newest_areas(
    client, edition, bengt
):
    client.force_login(bengt)
    response = client.get(f"{LOG}new/")
    assert response.status_code == 200
    form = response.context["form"]
    offered = list(form.fields["municipalities"].queryset)
    assert offered and {m.county.code for m in offered} == {"03"}
    assert [code for code, _label in form.fields["area_code"].choices] == ["", "B", "H"]
    assert {i.code for i in form.fields["indicators"].queryset} == {"KON01", "KON02"}
    page = response.content.decode()
    assert 'type="checkbox" name="municipalities"' in page
    assert '<select name="indicators"' in page and "multiple" in page
    assert 'id="activity-form"' in page


def test_logging_through_the_page(client, edition, bengt):
    client.force_login(bengt)
    response = client.post(f"{LOG}new/", posted())
    activity = SupportActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{LOG}{activity.pk}/"
    assert activity.title == "Nätverksträff om kontinuitet"
    assert activity.participants == 14
    assert activity.area_code == "B"
    assert sorted(m.code for m in activity.municipalities.all()) == ["0380", "0381"]
    assert [i.code for i in activity.indicators.all()] == ["KON01"]
    assert Event.objects.filter(action="support.created", actor=bengt).count() == 1
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "Nätverksträff om kontinuitet" in detail.content.decode()
    assert [e.action for e, _label in detail.context["timeline"]] == ["support.created"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind": "training", "shared": "on", "lessons": "x"}, "shared"),
        ({"municipalities": None}, None),  # none reached is allowed
        ({"title": ""}, "title"),
        ({"held_on": "10/3"}, "held_on"),
        ({"participants": "-3"}, "participants"),
        ({"area_code": "Q"}, "area_code"),
        ({"kind": "exchange", "shared": "on", "lessons": ""}, "lessons"),
    ],
)
def test_the_form_shows_each_problem_by_its_field(client, edition, bengt, overrides, field):
    client.force_login(bengt)
    response = client.post(f"{LOG}new/", posted(**overrides))
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert not SupportActivity.objects.exists()
    assert 'id="errors"' in response.content.decode()


def test_a_municipality_of_another_county_cannot_be_posted(client, edition, bengt):
    client.force_login(bengt)
    gotland = Municipality.objects.get(code="0980")
    response = client.post(f"{LOG}new/", posted(municipalities=[gotland.pk]))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["municipalities"]
    assert not SupportActivity.objects.exists()


def test_editing_through_the_page(client, activity, bengt):
    client.force_login(bengt)
    page = client.get(f"{LOG}{activity.pk}/edit/")
    assert page.status_code == 200
    opened_at = page.context["form"]["updated_at"].value()
    assert f'name="updated_at" value="{opened_at}"' in page.content.decode()
    response = client.post(
        f"{LOG}{activity.pk}/edit/",
        posted(
            title="Ändrad rubrik",
            kind="exchange",
            shared="on",
            lessons="Lärdom",
            updated_at=opened_at,
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.kind, activity.shared) == ("Ändrad rubrik", "exchange", True)
    assert Event.objects.filter(action="support.updated").count() == 1


def test_a_stale_edit_keeps_what_was_typed_and_shows_both(client, activity, bengt, tove):
    client.force_login(bengt)
    opened_at = client.get(f"{LOG}{activity.pk}/edit/").context["form"]["updated_at"].value()
    services.update_activity(
        activity=activity,
        by=tove,
        expected_updated_at=activity.updated_at,
        title="Toves rubrik",
        participants=99,
    )
    typed = posted(
        title="Bengts rubrik", description="Bengts långa beskrivning", updated_at=opened_at
    )
    response = client.post(f"{LOG}{activity.pk}/edit/", typed)
    assert response.status_code == 409
    activity.refresh_from_db()
    assert activity.title == "Toves rubrik"  # nothing was overwritten
    form = response.context["form"]
    assert form["title"].value() == "Bengts rubrik"  # nothing typed was lost
    assert form["description"].value() == "Bengts långa beskrivning"
    assert form["updated_at"].value() == activity.updated_at.isoformat()
    differences = {
        str(label): (theirs, yours) for label, theirs, yours in response.context["differences"]
    }
    assert len(differences) >= 2
    assert ("Toves rubrik", "Bengts rubrik") in differences.values()
    assert ("99", "14") in differences.values()
    page = response.content.decode()
    assert "Bengts rubrik" in page and "Toves rubrik" in page and 'id="conflict"' in page
    # Saving again, from the version now shown, keeps Bengt's text deliberately.
    again = client.post(
        f"{LOG}{activity.pk}/edit/", {**typed, "updated_at": form["updated_at"].value()}
    )
    assert again.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Bengts rubrik"


def test_an_edit_of_a_deleted_activity_keeps_what_was_typed(client, activity, bengt):
    client.force_login(bengt)
    opened_at = client.get(f"{LOG}{activity.pk}/edit/").context["form"]["updated_at"].value()
    services.delete_activity(activity=activity, by=bengt)
    response = client.post(
        f"{LOG}{activity.pk}/edit/", posted(title="Min text", updated_at=opened_at)
    )
    assert response.status_code == 409
    assert response.context["form"]["title"].value() == "Min text"
    assert f'action="{LOG}new/"' in response.content.decode()
    assert not SupportActivity.objects.exists()


def test_deleting_asks_first(client, activity, bengt):
    client.force_login(bengt)
    confirm = client.get(f"{LOG}{activity.pk}/delete/")
    assert confirm.status_code == 200
    assert 'id="delete-form"' in confirm.content.decode()
    assert SupportActivity.objects.filter(pk=activity.pk).exists()
    response = client.post(f"{LOG}{activity.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == LOG
    assert not SupportActivity.objects.exists()
    assert Event.objects.filter(action="support.deleted", actor=bengt).count() == 1
    assert client.post(f"{LOG}{activity.pk}/delete/").status_code == 404


# --- CSV -----------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_holds_the_filtered_log_safely(client, edition, bengt, greta):
    log(
        bengt,
        title='=HYPERLINK("http://example.org")',
        description="-2+3",
        municipalities=municipalities("0380", "0381"),
        indicators=list(Indicator.objects.filter(code="KON01")),
        participants=9,
        kind=Kind.EXERCISE,
    )
    log(bengt, title="Äldre", held_on=datetime.date(2024, 2, 2))
    log(greta, code="09", title="Gotlands", municipalities=municipalities("0980"))
    client.force_login(bengt)
    response = client.get(f"{LOG}export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert len(rows) == 3  # header + Uppsala's two
    body = rows[1:]
    exercise = next(r for r in body if "0380 0381" in r)
    assert '\'=HYPERLINK("http://example.org")' in exercise
    assert "'-2+3" in exercise
    assert "9" in exercise and "KON01" in exercise and "2025-03-10" in exercise
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert not any("Gotlands" in cell for row in rows for cell in row)

    filtered = _rows(client.get(f"{LOG}export.csv", {"year": "2024"}))
    assert [r for r in filtered[1:] if "Äldre" in r] == filtered[1:]
    assert len(filtered) == 2
    events = Event.objects.filter(action="support.exported").order_by("id")
    assert [e.details["rows"] for e in events] == [2, 1]
    assert events[1].details["year"] == 2024
    assert events[0].target_id == str(county("03").pk)


# --- shared experience ---------------------------------------------------------------------


def test_shared_exchange_is_readable_by_every_county_board(client, edition, bengt, greta, karl):
    log(bengt, title="Delat utbyte", kind=Kind.EXCHANGE, shared=True, lessons="Öva tillsammans.")
    log(bengt, title="Eget utbyte", kind=Kind.EXCHANGE, lessons="Internt.")
    log(bengt, title="Nätverk")
    log(
        greta,
        code="09",
        title="Gotlands utbyte",
        kind=Kind.EXCHANGE,
        shared=True,
        lessons="Färja.",
    )
    for user in (greta, karl, bengt):
        client.force_login(user)
        response = client.get("/support/shared/")
        assert response.status_code == 200
        titles = sorted(a.title for a in response.context["page"].object_list)
        assert titles == ["Delat utbyte", "Gotlands utbyte"]
        page = response.content.decode()
        assert "Öva tillsammans." in page and "Internt." not in page
        assert "/edit/" not in page  # read-only
    by_county = client.get("/support/shared/", {"county": "09"}).context["page"].object_list
    assert [a.title for a in by_county] == ["Gotlands utbyte"]


def test_an_activity_can_no_longer_be_shared_once_it_is_not_exchange(edition, bengt):
    activity = log(bengt, kind=Kind.EXCHANGE, shared=True, lessons="Lärdom")
    with pytest.raises(ValidationError) as caught:
        services.update_activity(
            activity=activity, by=bengt, expected_updated_at=activity.updated_at, kind=Kind.VISIT
        )
    assert set(caught.value.error_dict) == {"shared"}
    unshared = services.update_activity(
        activity=activity,
        by=bengt,
        expected_updated_at=activity.updated_at,
        kind=Kind.VISIT,
        shared=False,
    )
    assert not unshared.shared
