"""Releases: what a release holds, numbering and errata, immutability, withdrawal, commands."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from beredskap.audit.models import Event
from beredskap.publication import services
from beredskap.publication.models import Release, ReleasedValue
from beredskap.results.models import Value
from beredskap.surveys.models import Response

from .conftest import approve, released

pytestmark = pytest.mark.django_db


def test_a_release_holds_only_what_anyone_may_see(approved_round, nadia):
    release = services.release_round(survey_round=approved_round, notes="Första", by=nadia)
    assert (release.label, release.number, release.notes) == ("2025.1", 1, "Första")
    cells = released(release)
    assert release.value_count == len(cells) > 0
    # Public yes/no: municipality verdicts are there.
    assert cells["KON01", "municipality", "0380", "sabo"].verdict == "met"
    assert cells["KON01", "municipality", "0381", "sabo"].verdict == "not_met"
    # Aggregate-only share: no municipality values, but the nation's.
    assert not any(k[0] == "KON02" and k[1] == "municipality" for k in cells)
    assert cells["KON02", "nation", "SE", ""].value == Decimal("58.3333")  # 7 / 12
    # Restricted count: nothing at any level.
    assert not any(k[0] == "UTB01" for k in cells)
    # Uppsala county stands on 2 municipalities: suppressed, without numbers.
    county = cells["KON02", "county", "03", ""]
    assert (county.reason, county.value, county.numerator, county.units) == (
        "suppressed",
        None,
        None,
        2,
    )
    stored = Value.objects.filter(round=approved_round, basis="approved")
    assert stored.filter(indicator__indicator__code="UTB01").exists()  # computed, not released
    assert Event.objects.filter(action="release.made").count() == 1


def test_only_the_national_analyst_releases(approved_round, anna, bengt):
    for user in (anna, bengt):
        with pytest.raises(PermissionDenied):
            services.release_round(survey_round=approved_round, by=user)
    assert not Release.objects.exists()


def test_a_round_without_approved_responses_cannot_be_released(survey_round, nadia):
    with pytest.raises(ValidationError, match="inga godkända svar"):
        services.release_round(survey_round=survey_round, by=nadia)
    assert not Release.objects.exists()


def test_a_correction_is_a_new_release_with_errata_and_the_first_is_unchanged(
    approved_round, nadia
):
    first = services.release_round(survey_round=approved_round, by=nadia)
    with pytest.raises(ValidationError, match="errata"):
        services.release_round(survey_round=approved_round, by=nadia)
    # Enköping's answer is corrected after the release (reopened and approved again).
    approve("0381", "ja")
    second = services.release_round(
        survey_round=approved_round, errata="Enköpings svar rättat", by=nadia
    )
    assert (second.label, second.is_correction, second.errata) == (
        "2025.2",
        True,
        "Enköpings svar rättat",
    )
    key = ("KON01", "municipality", "0381", "sabo")
    assert released(first)[key].verdict == "not_met"
    assert released(second)[key].verdict == "met"
    assert services.latest_release(approved_round) == second


def test_withdrawing_the_latest_falls_back_and_the_only_one_restores_the_embargo(
    approved_round, nadia, anna
):
    first = services.release_round(survey_round=approved_round, by=nadia)
    second = services.release_round(survey_round=approved_round, errata="Rättelse", by=nadia)
    with pytest.raises(PermissionDenied):
        services.withdraw_release(release=second, reason="Fel", by=anna)
    with pytest.raises(ValidationError):
        services.withdraw_release(release=second, reason=" ", by=nadia)
    services.withdraw_release(release=second, reason="Publicerad av misstag", by=nadia)
    assert services.latest_release(approved_round) == first
    with pytest.raises(ValidationError, match="redan dragits tillbaka"):
        services.withdraw_release(release=second, reason="igen", by=nadia)
    services.withdraw_release(release=first, reason="Embargo", by=nadia)
    assert services.latest_release(approved_round) is None
    assert ReleasedValue.objects.filter(release=first).exists()  # kept for the record
    assert Event.objects.filter(action="release.withdrawn").count() == 2


def test_latest_per_round_skips_withdrawn_releases(approved_round, nadia):
    first = services.release_round(survey_round=approved_round, by=nadia)
    second = services.release_round(survey_round=approved_round, errata="Rättelse", by=nadia)
    assert list(Release.objects.latest_per_round()) == [second]
    services.withdraw_release(release=second, reason="Fel", by=nadia)
    assert list(Release.objects.latest_per_round()) == [first]


def test_the_commands_release_and_withdraw(approved_round, nadia):
    out = StringIO()
    call_command("release_round", "2025", "--by", "nadia", "--notes", "Första", stdout=out)
    assert "Released 2025.1:" in out.getvalue()
    with pytest.raises(CommandError, match="errata"):
        call_command("release_round", "2025", "--by", "nadia")
    with pytest.raises(CommandError, match="No survey round 2019"):
        call_command("release_round", "2019", "--by", "nadia")
    with pytest.raises(CommandError, match="may not release"):
        call_command("release_round", "2025", "--by", "anna")
    with pytest.raises(CommandError, match="not a release label"):
        call_command("withdraw_release", "2025", "--by", "nadia", "--reason", "x")
    call_command("withdraw_release", "2025.1", "--by", "nadia", "--reason", "Fel", stdout=out)
    assert "Withdrew 2025.1." in out.getvalue()
    assert Release.objects.get().withdrawn


def test_the_release_reads_approved_answers_only(approved_round, nadia):
    Response.objects.filter(round=approved_round, municipality__code="0360").update(
        status=Response.Status.SUBMITTED
    )
    cells = released(services.release_round(survey_round=approved_round, by=nadia))
    tierp = [v for k, v in cells.items() if k[1:3] == ("municipality", "0360")]
    assert tierp and all(v.verdict == "" and v.value is None and v.reason for v in tierp)


def test_the_preview_counts_what_the_release_then_copies(approved_round, nadia):
    from beredskap.publication import calculations as calc
    from beredskap.results import services as results

    results.compute_round(survey_round=approved_round, basis=Value.Basis.APPROVED, by=nadia)
    preview = services.preview_release(survey_round=approved_round)
    release = services.release_round(survey_round=approved_round, by=nadia)
    assert preview.total == release.value_count == release.values.count()
    copied = release.values.values_list("indicator__sensitivity", "reason")
    assert preview.copied == Counter(sensitivity for sensitivity, _reason in copied)
    assert preview.reasons == Counter(reason for _sensitivity, reason in copied)
    assert preview.reasons[calc.SUPPRESSED] > 0  # Uppsala county: 2 municipalities
    # What it withholds is every approved value it did not copy, with the rule's reason.
    computed = Value.objects.filter(round=approved_round, basis=Value.Basis.APPROVED).count()
    assert preview.total + preview.total_withheld == computed
    assert preview.withheld[("restricted", calc.RESTRICTED_INDICATOR)] > 0
    assert preview.withheld[("aggregate", calc.AGGREGATE_ONLY_MUNICIPALITY)] > 0


def test_a_release_copies_every_publishable_cell_as_stored_in_a_fixed_number_of_queries(
    approved_round, nadia, django_assert_max_num_queries
):
    """The copy reads and writes plain rows (issue 12): each released cell is the stored
    value through `calculations.publishable`, field for field, however many there are."""
    from dataclasses import astuple

    from beredskap.publication import calculations as calc
    from beredskap.results.presentation import CELL_FIELDS

    release = services.release_round(survey_round=approved_round, by=nadia)
    stored = Value.objects.filter(round=approved_round, basis="approved")
    expected = set()
    for row in stored.values_list(*CELL_FIELDS, "indicator__sensitivity"):
        cell = calc.publishable(calc.Cell(*row[:-1]), row[-1])
        if cell is not None:
            expected.add(astuple(cell))
    copied = set(release.values.values_list(*CELL_FIELDS))
    assert copied == expected and release.value_count == len(expected)
    ReleasedValue.objects.filter(release=release).delete()
    with django_assert_max_num_queries(5):  # read; on PostgreSQL a temporary table and COPY
        assert services._copy_public_values(release) == len(expected)
