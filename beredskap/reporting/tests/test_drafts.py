"""The data-generated drafts of the county reports and the national compilation.

Built on the small test edition (KON01 yes/no public per activity, KON02 a share
aggregate-only, UTB01 a restricted count) in two rounds, 2024 and 2025, with a series
break for KON01 in 2025. In Uppsala län (8 municipalities) four are approved in 2025,
Tierp is submitted and three have not started; Stockholm (Stockholms län) is approved.
"""

import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from beredskap.catalogue import services as catalogue
from beredskap.catalogue.tests.factories import small_edition, text, write
from beredskap.registry.access import ValueViewer
from beredskap.registry.models import County, Municipality
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.results.presentation import CELL_FIELDS, SUPPRESSED, Cell, show
from beredskap.support.models import SupportActivity
from beredskap.surveys import services as surveys
from beredskap.surveys.models import Answer, Response, Round
from beredskap.surveys.tests.conftest import answer
from beredskap.tests.cast import stand_in

from .. import drafts
from ..models import COUNTY_SECTIONS, CountyReport

pytestmark = pytest.mark.django_db

YEAR = 2025
RESTRICTED = {
    "code": "UTB01",
    "area": "H",
    "kind": "count",
    "title": text("Antal övningar", "Number of exercises"),
    "description": text("Övningar under året.", "Exercises in the year."),
    "sensitivity": "restricted",
    "direction": "higher_is_better",
    "formula": {"value": {"value": "UTB_EXERCISES"}},
    "classification": {"method": "tertiles"},
}
BREAK_NOTE = "Planen ska nu vara övad."


def load_edition(tmp_path, year: int, *, breaks: bool):
    data = copy.deepcopy(small_edition(year))
    data["indicators"].append(copy.deepcopy(RESTRICTED))
    for indicator in data["indicators"]:
        indicator["comparable_with_previous"] = True
    if breaks:
        kon01 = next(i for i in data["indicators"] if i["code"] == "KON01")
        kon01["comparable_with_previous"] = False
        kon01["change_note"] = text(BREAK_NOTE, "The plan must now be exercised.")
    return catalogue.load_edition(path=write(tmp_path, data, f"{year}.yaml")).edition


def finish(year: int, code: str, plan: str, *, units=(3, 4), exercises=3, status="approved"):
    """Answer for the municipality and set its status (approved unless said otherwise)."""
    response = Response.objects.get(round__year=year, municipality__code=code)
    Response.objects.filter(pk=response.pk).update(status=Response.Status.DRAFT)
    by = stand_in("respondent", municipality=code)
    given = {
        ("KON_PLAN", "sabo"): plan,
        ("KON_PLAN", "hemtjanst"): plan,
        ("KON_UNITS", ""): {"numerator": units[0], "denominator": units[1]},
        ("UTB_EXERCISES", ""): exercises,
    }
    for (question, activity), value in given.items():
        current = Answer.objects.filter(
            response=response, question__code=question, activity_code=activity
        ).first()
        answer(response, question, activity, value, by, version=current.version if current else 0)
    moment = timezone.make_aware(datetime.datetime(year, 3, 1, 10))
    Response.objects.filter(pk=response.pk).update(
        status=status,
        first_submitted_at=moment,
        submitted_at=moment,
        approved_at=moment if status == "approved" else None,
    )
    return response


def open_round(year: int, edition, by):
    return surveys.open_round(
        year=year,
        edition=edition,
        opens_on=datetime.date(year, 1, 20),
        deadline=datetime.date(year, 3, 15),
        by=by,
    )


@pytest.fixture
def rounds(tmp_path, reference, nadia):
    """The 2024 and 2025 rounds with approved answers and computed values."""
    old = open_round(2024, load_edition(tmp_path, 2024, breaks=False), nadia)
    for code, plan in [("0380", "nej"), ("0381", "nej"), ("0382", "ja"), ("0305", "nej")]:
        finish(2024, code, plan, units=(1, 4))
    finish(2024, "0180", "ja")
    results.compute_round(survey_round=old)
    new = open_round(YEAR, load_edition(tmp_path, YEAR, breaks=True), nadia)
    finish(YEAR, "0380", "ja", exercises=5)
    finish(YEAR, "0381", "nej", units=(1, 4), exercises=1)
    finish(YEAR, "0382", "ja", exercises=2)
    finish(YEAR, "0305", "pagar", units=(2, 4), exercises=0)
    finish(YEAR, "0360", "ja", status="submitted")
    finish(YEAR, "0180", "ja")
    results.compute_round(survey_round=new)
    return old, new


def activity(county: str, *, kind="network", title="Nätverksträff", on=None, area="", reach=(),
             indicators=(), participants=10, shared=False, lessons=""):  # fmt: skip
    made = SupportActivity.objects.create(
        county=County.objects.get(code=county),
        held_on=on or datetime.date(YEAR, 5, 4),
        kind=kind,
        title=title,
        area_code=area,
        participants=participants,
        shared=shared,
        lessons=lessons,
    )
    made.municipalities.set(Municipality.objects.filter(code__in=reach))
    made.indicators.set([v.indicator for v in _versions(indicators)])
    return made


def _versions(codes):
    from beredskap.catalogue.models import IndicatorVersion

    return IndicatorVersion.objects.filter(edition__year=YEAR, indicator__code__in=codes)


@pytest.fixture
def supported(rounds):
    """Uppsala län's support log for 2025 (and one activity in 2024, not counted)."""
    return [
        activity("03", title="Kontinuitet i äldreomsorgen", reach=["0381"], indicators=["KON01"]),
        activity("03", kind="exercise", title="Övning strömavbrott", area="H", reach=["0380"],
                 participants=25),
        activity("03", kind="exchange", title="Erfarenhetsutbyte", shared=True,
                 lessons="Samverka tidigt med regionen.", participants=12),
        activity("03", title="Förra året", on=datetime.date(2024, 6, 1), reach=["0305"],
                 participants=99),
    ]  # fmt: skip


def county_draft(code="03", year=YEAR):
    with translation.override("sv"):
        return drafts.county_draft(County.objects.get(code=code), year)


def cell(code: str, level: str, unit: str, year=YEAR, activity="*") -> Cell:
    row = (
        Value.objects.filter(
            round__year=year,
            basis="approved",
            indicator__indicator__code=code,
            level=level,
            unit_code=unit,
            activity_code__in=[activity, ""],
        )
        .values_list(*CELL_FIELDS)
        .get()
    )
    return Cell(*row)


def shown_text(code, level, unit, kind, sensitivity="public", year=YEAR) -> str:
    """A value as the pages would show it to the county board, in Swedish."""
    with translation.override("sv"):
        shown = show(
            cell(code, level, unit, year),
            kind=kind,
            sensitivity=sensitivity,
            viewer=ValueViewer(boards=frozenset({"03"})),
        )
        return shown.text


def sheet(draft, name):
    with translation.override("sv"):
        wanted = translation.gettext(name)
    return next(s for s in draft.numbers if s.name == wanted)


def rows_by_first(found) -> dict:
    return {row[0]: row for row in found.rows}


# --- the county draft --------------------------------------------------------------------


def test_a_county_draft_has_the_five_sections_in_order(supported):
    draft = county_draft()
    assert [s.key for s in draft.sections] == [key for key, _h in COUNTY_SECTIONS]
    with translation.override("sv"):
        assert [str(s.heading) for s in draft.sections] == [str(h) for _k, h in COUNTY_SECTIONS]
    assert draft.year == YEAR and draft.county.code == "03"
    assert "Uppsala län" in draft.title and "2025" in draft.title


def test_completeness_counts_the_municipalities_of_the_county(supported):
    draft = county_draft()
    counts = {row[0]: row[1] for row in sheet(draft, "Completeness").rows}
    with translation.override("sv"):
        labels = {k: str(v) for k, v in drafts.PROGRESS_LABELS.items()}
    assert counts[labels["approved"]] == 4
    assert counts[labels["submitted"]] == 1
    assert counts[labels["not_started"]] == 3
    total = Municipality.objects.filter(county__code="03").count()
    assert sum(counts[labels[s]] for s in drafts.PROGRESS) == total == 8
    # The response rate: five of eight submitted at least once.
    assert drafts.percent(5, 8) == pytest.approx(62.5)
    assert "5" in draft.section("preparedness").paragraphs[0]


def test_county_values_match_the_computed_results_with_the_nation_beside(supported):
    draft = county_draft()
    values = rows_by_first(sheet(draft, "County and nation"))
    kon01 = cell("KON01", "county", "03")
    assert kon01.value == 50  # met in 2 of the 4 approved municipalities where it applies
    assert values["KON01"][3] == kon01.value
    assert values["KON01"][5] == cell("KON01", "nation", "SE").value
    table = draft.section("preparedness").tables[1]
    row = next(r for r in table.rows if r[0] == "KON01")
    assert shown_text("KON01", "county", "03", "yes_no") in row[2]


def test_restricted_values_only_at_the_county_level_and_never_for_municipalities(supported):
    draft = county_draft()
    values = rows_by_first(sheet(draft, "County and nation"))
    # The county's own restricted aggregate is there; the nation's is not (Socialstyrelsen only).
    assert values["UTB01"][3] == cell("UTB01", "county", "03").value
    assert values["UTB01"][5] is None
    with translation.override("sv"):
        assert values["UTB01"][6] == str(drafts.NOT_REPORTED)
    # Municipality values: public indicators only.
    municipalities = sheet(draft, "Municipalities")
    assert "KON01" in municipalities.headers
    assert not {"KON02", "UTB01"} & set(municipalities.headers)
    for found in draft.numbers:
        if "Kommun" in found.headers or "Municipality" in found.headers:
            assert not {"KON02", "UTB01"} & set(found.headers)
    needs = sheet(draft, "Needs by municipality")
    assert {row[2] for row in needs.rows} <= {"KON01"}


def test_small_aggregates_are_suppressed(supported):
    draft = county_draft("01")  # Stockholms län: one approved municipality
    values = rows_by_first(sheet(draft, "County and nation"))
    with translation.override("sv"):
        suppressed = str(SUPPRESSED)
    assert values["KON01"][3] is None and values["KON01"][4] == suppressed
    assert values["KON02"][3] is None


def test_the_trend_breaks_where_the_edition_is_not_comparable(supported):
    draft = county_draft()
    trend = sheet(draft, "Trend")
    assert trend.headers[-2:] == ["2024", "2025"]
    kon01 = rows_by_first(trend)["KON01"]
    assert kon01[2] == cell("KON01", "county", "03", 2024).value
    table = next(t for t in draft.section("preparedness").tables if "2024" in t.headers)
    shown = next(r for r in table.rows if r[0] == "KON01")
    assert shown[3].startswith("┆")  # the break
    assert not next(r for r in table.rows if r[0] == "KON02")[3].startswith("┆")
    paragraphs = " ".join(draft.section("preparedness").paragraphs)
    assert BREAK_NOTE in paragraphs
    assert draft.section("preparedness").figures  # trend charts and the map
    for figure in draft.section("preparedness").figures:
        assert figure.svg.startswith("<svg") and 'role="img"' in figure.svg and figure.alt


def test_support_statistics_count_the_year(supported):
    draft = county_draft()
    kinds = rows_by_first(sheet(draft, "Support by kind"))
    with translation.override("sv"):
        network = str(SupportActivity.Kind.NETWORK.label)
        exercise = str(SupportActivity.Kind.EXERCISE.label)
    assert kinds[network][1:] == [1, 10, 1]
    assert kinds[exercise][1:] == [1, 25, 1]
    areas = sheet(draft, "Support by area")
    assert [row[1] for row in areas.rows] == [1, 2]  # area H, then no particular area
    text = draft.section("support").paragraphs[0]
    assert "3" in text and "47" in text and "2" in text  # activities, participants, reached
    assert draft.section("support").figures


def test_needs_are_addressed_by_activities_naming_them_or_their_area(supported):
    draft = county_draft()
    local = sheet(draft, "Needs by municipality")
    by_unit = {(row[1], row[2]): row for row in local.rows}
    # Enköping fails KON01; the network meeting reached it and named KON01.
    assert "Kontinuitet i äldreomsorgen" in by_unit[("0381", "KON01")][5]
    # Håbo only partly: still a need, and no activity reached it.
    with translation.override("sv"):
        still_open = str(translation.gettext("Still open"))
    assert by_unit[("0305", "KON01")][5] == still_open
    county = rows_by_first(sheet(draft, "County needs"))
    assert "Kontinuitet i äldreomsorgen" in county["KON01"][3]
    assert "Förra året" not in str(draft.numbers)
    points = rows_by_first(sheet(draft, "Development"))
    assert points["KON01"][3] == 1  # Håbo's need is open


def test_cooperation_lists_shared_experience(supported):
    draft = county_draft()
    shared = sheet(draft, "Shared experience")
    assert shared.rows[0][2] == "Erfarenhetsutbyte"
    assert shared.rows[0][4] == "Samverka tidigt med regionen."


def test_information_lists_each_municipality_with_dates(supported):
    draft = county_draft()
    responses = {row[1]: row for row in sheet(draft, "Responses").rows}
    assert len(responses) == 8
    assert responses["0380"][5] == datetime.date(YEAR, 3, 1)
    assert responses["0360"][5] is None and responses["0360"][3] == datetime.date(YEAR, 3, 1)
    assert responses["0319"][3] is None


def test_a_year_without_a_round_says_so(supported):
    draft = county_draft(year=2030)
    with translation.override("sv"):
        expected = drafts.no_round(2030)
    assert draft.section("preparedness").paragraphs == [expected]
    assert draft.section("information").paragraphs == [expected]
    assert all(s.key for s in draft.sections)


def test_a_round_without_results_says_so(tmp_path, reference, nadia):
    open_round(YEAR, load_edition(tmp_path, YEAR, breaks=False), nadia)
    draft = county_draft()
    assert len(draft.section("preparedness").tables) == 1  # completeness only
    assert "2025" in draft.section("preparedness").paragraphs[-1]


def test_a_county_draft_reads_a_fixed_number_of_queries(supported):
    county = County.objects.get(code="03")
    drafts.county_draft(county, YEAR)  # warm: the editions' versions are read once a process
    with CaptureQueriesContext(connection) as first:
        drafts.county_draft(county, YEAR)
    # Every municipality of the county approved, and reached by more activities.
    for code in Municipality.objects.filter(county=county).values_list("code", flat=True):
        finish(YEAR, code, "nej", exercises=4)
        activity("03", title=f"Besök {code}", kind="visit", reach=[code], area="H")
    results.compute_round(survey_round=Round.objects.get(year=YEAR))
    with CaptureQueriesContext(connection) as second:
        drafts.county_draft(county, YEAR)
    assert len(second) == len(first), [q["sql"][:60] for q in second.captured_queries]
    assert len(first) <= 25


# --- the national compilation ----------------------------------------------------------


def report(county: str, status: str, *, development="", revision=1, days_late=0):
    deadline = datetime.datetime(YEAR + 1, 2, 1, 12)
    sent = timezone.make_aware(deadline + datetime.timedelta(days=days_late - 10))
    return CountyReport.objects.create(
        county=County.objects.get(code=county),
        year=YEAR,
        status=status,
        revision=revision,
        development=development,
        submitted_at=sent if revision else None,
        accepted_at=sent if status == "accepted" else None,
    )


@pytest.fixture
def reports(supported):
    activity(
        "01",
        kind="conference",
        title="Stockholmskonferens",
        reach=["0180"],
        area="B",
        participants=40,
    )
    activity("05", kind="training", title="Östgötautbildning", participants=7)
    return {
        "03": report("03", "submitted", development="Fler övningar behövs i hemtjänsten."),
        "01": report("01", "accepted", development="Stockholm vill öva krigsplacering.",
                     days_late=20),
        "05": report("05", "draft", development="Utkast som inte ska synas.", revision=0),
        "04": report("04", "returned", development="Återsänd text.", revision=1),
    }  # fmt: skip


def national_draft(**kwargs):
    with translation.override("sv"):
        return drafts.national_draft(YEAR, **kwargs)


def test_the_national_draft_has_its_sections(reports):
    draft = national_draft()
    assert [s.key for s in draft.sections] == [k for k, _h in drafts.NATIONAL_SECTIONS]
    assert draft.county is None and draft.year == YEAR


def test_the_overview_has_every_county_with_its_report(reports):
    draft = national_draft()
    overview = rows_by_first(sheet(draft, "Overview"))
    assert len(overview) == 21
    with translation.override("sv"):
        submitted = str(CountyReport.Status.SUBMITTED.label)
        not_started = str(translation.gettext("Not started"))
        yes = str(translation.gettext("Yes"))
    assert overview["Uppsala län"][1] == submitted
    assert overview["Stockholms län"][4] is True  # late
    assert overview["Gotlands län"][1] == not_started
    key_values = rows_by_first(sheet(draft, "Key values"))
    assert len(key_values) == 22  # Sweden and the counties
    with translation.override("sv"):
        assert next(iter(key_values)) == str(translation.gettext("Sweden"))
    table = draft.section("overview").tables[0]
    assert any(yes in row for row in table.rows)
    kon01 = sheet(draft, "Key values").headers.index("KON01")
    assert key_values["Uppsala län"][kon01] == cell("KON01", "county", "03").value
    # Stockholms län stands on one municipality: suppressed for the Government Offices.
    assert key_values["Stockholms län"][kon01] is None


def test_the_compilation_takes_support_and_texts_only_from_sent_reports(reports):
    draft = national_draft()
    counties = rows_by_first(sheet(draft, "Support by county"))
    assert set(counties) == {"Stockholms län", "Uppsala län"}
    assert counties["Uppsala län"][1] == 3
    assert "Östgötautbildning" not in str(draft.numbers)
    texts = " ".join(draft.section("development").paragraphs)
    assert "Fler övningar behövs i hemtjänsten." in texts
    assert "Stockholm vill öva krigsplacering." in texts
    assert "Utkast som inte ska synas." not in texts
    assert "Återsänd text." not in texts


def test_the_needs_most_often_open_across_counties(reports):
    draft = national_draft()
    needs = rows_by_first(sheet(draft, "Needs"))
    assert needs, "Uppsala län has needs"
    assert not {"UTB01"} & set(needs)  # restricted: not in a compilation for the government


def test_the_national_draft_reports_progress_per_county(reports):
    steps = []
    national_draft(progress=steps.append)
    assert len(steps) == 1 + 21
    assert steps[1] == "Stockholms län"


def test_the_national_draft_without_reports_or_round(reference):
    draft = national_draft()
    assert len(sheet(draft, "Overview").rows) == 21
    assert draft.section("support").paragraphs
