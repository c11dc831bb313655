"""The training services: loading the national trainings, regional trainings,
completions (all or nothing, plausible counts), participants and the plan."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from beredskap.audit.models import Event
from beredskap.learning.models import Completion, PlanItem, Training
from beredskap.learning.training import calculations as calc
from beredskap.learning.training import services
from beredskap.registry.models import County, Municipality

from .training_fixtures import ENKOPING

pytestmark = pytest.mark.django_db


def test_national_trainings_load_idempotently_with_both_languages(reference, tmp_path):
    assert services.load_national_trainings() == (4, 0)
    assert services.load_national_trainings() == (0, 0)
    intro = Training.objects.get(code="introduktion-till-beredskap")
    assert intro.name_sv == "Introduktion till beredskap"
    assert intro.name_en == "Introduction to preparedness"
    assert intro.format == Training.Format.WEB_COURSE
    assert "H" in intro.areas and "MB_H_TRAINING" in intro.target_states
    assert Training.objects.get(code="digital-motesplats").recurring
    changed = services.NATIONAL_FILE.read_text().replace(
        "duration_minutes: 60", "duration_minutes: 75"
    )
    path = tmp_path / "t.yaml"
    path.write_text(changed)
    assert services.load_national_trainings(path=path) == (0, 1)
    assert Training.objects.get(code="introduktion-till-beredskap").duration_minutes == 75
    assert Event.objects.filter(action="training.national_loaded").count() == 2


def test_a_bad_national_file_loads_nothing(reference, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "trainings:\n"
        "  - {code: a, name: {sv: A}, format: web_course, audiences: [staff], duration_minutes: 5}\n"
        "  - {code: b, name: {sv: B}, format: podcast, audiences: [staff], duration_minutes: 5}\n"
    )
    with pytest.raises(ValidationError) as error:
        services.load_national_trainings(path=path)
    assert "b: välj ett format." in error.value.messages[0].lower()
    assert not Training.objects.exists()


def _enkoping():
    return Municipality.objects.get(code=ENKOPING)


def test_completions_are_recorded_and_corrected(trainings, edition, cecilia):
    intro = trainings["introduktion-till-beredskap"]
    rows = [services.Count(intro, "", 2025, 12), services.Count(intro, "sabo", 2025, 3)]
    assert services.record_completions(municipality=_enkoping(), rows=rows, by=cecilia) == 2
    services.record_completions(
        municipality=_enkoping(), rows=[services.Count(intro, "", 2025, 14)], by=cecilia
    )
    stored = dict(Completion.objects.values_list("activity_code", "count"))
    assert stored == {"": 14, "sabo": 3}
    assert Event.objects.filter(action="training.completions_recorded").count() == 2


def test_negative_and_implausible_counts_store_nothing(trainings, cecilia, h_round):
    intro = trainings["introduktion-till-beredskap"]
    # Enköping's survey says 25 staff in sabo (40 in all): 1.5 completions each at most.
    rows = [
        services.Count(intro, "", 2025, 5),
        services.Count(intro, "hemtjanst", 2025, -1),
        services.Count(intro, "sabo", 2025, 39),
    ]
    with pytest.raises(ValidationError) as error:
        services.record_completions(municipality=_enkoping(), rows=rows, by=cecilia)
    text = " ".join(error.value.messages)
    assert "0 eller fler" in text
    assert "39 är mer än kommunens personal gör rimligt (högst 38" in text
    assert not Completion.objects.exists()
    services.record_completions(
        municipality=_enkoping(), rows=[services.Count(intro, "sabo", 2025, 38)], by=cecilia
    )
    assert Completion.objects.get().count == 38


def test_only_the_municipality_records_its_completions(trainings, anna, bengt):
    intro = trainings["introduktion-till-beredskap"]
    for someone in (anna, bengt):
        with pytest.raises(PermissionDenied):
            services.record_completions(
                municipality=_enkoping(), rows=[services.Count(intro, "", 2025, 1)], by=someone
            )
    assert not Completion.objects.exists()


def _regional(bengt) -> Training:
    return services.create_regional_training(
        county=County.objects.get(code="03"),
        by=bengt,
        code="natverk",
        name={"sv": "Länets beredskapsnätverk"},
        format="workshop",
        audiences=["coordinators"],
        duration_minutes=180,
        areas=["H"],
    )


def test_a_county_board_records_participants_of_its_own_training(trainings, bengt, cecilia):
    training = _regional(bengt)
    assert training.code == "03-natverk" and training.county.code == "03"
    uppsala = Municipality.objects.get(code="0380")
    services.record_participants(
        training=training, year=2025, counts={_enkoping(): 4, uppsala: 6}, by=bengt
    )
    assert Completion.objects.filter(source=Completion.Source.COUNTY).count() == 2
    stockholm = Municipality.objects.get(code="0180")
    with pytest.raises(ValidationError, match="ligger inte i länet"):
        services.record_participants(training=training, year=2025, counts={stockholm: 1}, by=bengt)
    with pytest.raises(ValidationError, match="registreras av länsstyrelsen"):
        services.record_completions(
            municipality=_enkoping(), rows=[services.Count(training, "", 2025, 1)], by=cecilia
        )
    with pytest.raises(PermissionDenied):
        services.record_participants(training=training, year=2025, counts={}, by=cecilia)


def test_a_regional_training_needs_its_values(bengt, reference):
    with pytest.raises(ValidationError) as error:
        services.create_regional_training(
            county=County.objects.get(code="03"), by=bengt, code="x", name={"sv": ""},
            format="lecture", audiences=[], duration_minutes=0,
        )  # fmt: skip
    assert len(error.value.messages) == 4
    assert not Training.objects.exists()


def test_plan_items_belong_to_their_term_and_lock_optimistically(trainings, cecilia):
    item = services.add_plan_item(
        municipality=_enkoping(), year=2028, kind="exercise", exercise_type="tabletop",
        title="Elavbrott", by=cecilia,
    )  # fmt: skip
    assert item.term_start == 2027
    done = services.set_plan_item_status(item=item, status="done", version=1, by=cecilia)
    assert done.status == PlanItem.Status.DONE and done.version == 2
    with pytest.raises(services.Conflict):
        services.set_plan_item_status(item=item, status="cancelled", version=1, by=cecilia)
    assert PlanItem.objects.get().status == PlanItem.Status.DONE
    with pytest.raises(ValidationError):
        services.add_plan_item(municipality=_enkoping(), year=2025, kind="training", by=cecilia)


@given(st.integers(min_value=1900, max_value=2400))
def test_every_year_falls_in_one_four_year_term(year):
    start = calc.term_start(year)
    assert year in calc.term_years(start)
    assert (start - 2023) % 4 == 0
    assert calc.term_start(start + 3) == start


def test_terms_of_office_follow_the_elections():
    assert calc.term_label(calc.term_start(2026)) == "2023–2026"
    assert calc.term_label(calc.term_start(2027)) == "2027–2030"


@given(st.integers(min_value=-5, max_value=100_000))
def test_the_ceiling_is_never_below_the_staff(staff):
    ceiling = calc.plausible_ceiling(staff)
    assert ceiling >= max(staff, 10)
    if staff <= 0:
        assert ceiling == calc.UNKNOWN_STAFF_CEILING


def test_the_command_loads_the_shipped_file_and_refuses_a_bad_one(reference, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("load_trainings", stdout=out)
    assert "4 created, 0 updated" in out.getvalue()
    bad = tmp_path / "bad.yaml"
    bad.write_text("trainings:\n  - {code: x, name: {sv: X}}\n")
    with pytest.raises(CommandError, match="not loaded"):
        call_command("load_trainings", str(bad), stderr=StringIO())
    assert Training.objects.count() == 4
