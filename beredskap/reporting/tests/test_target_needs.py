"""The county report draft counts a målbild's gaps among the support needs, as the results
pages do: a maturity indicator falls short wherever its målbild is not reached."""

import pytest

from beredskap.registry.models import County
from beredskap.reporting.drafts import reading
from beredskap.results.tests import targets_setup as setup

pytestmark = pytest.mark.django_db


def test_the_county_needs_count_the_municipalities_short_of_a_målbild(tmp_path, nadia):
    survey_round = setup.open_round(tmp_path, nadia)
    setup.approve(survey_round, {**setup.UPPSALA_LEVELS, **setup.OTHER_LEVELS})
    setup.compute(survey_round)
    context = reading.read_county(County.objects.get(code="03"), 2025)
    assert context.results.targets["MAL01"] == "MB_B_PLAN"
    county = {n.indicator: n for n in context.county_needs}
    # Uppsala at level 2 and Tierp at 1 have not reached the målbild: 2 of the 4 answering
    assert county["MAL01"].priority >= 50
    local = {(n.indicator, n.unit) for n in context.municipality_needs}
    assert ("MAL01", "0380") in local and ("MAL01", "0381") not in local
