"""Who may see which indicator values (DESIGN.md §5 and the sensitivity rules)."""

import pytest

from beredskap.registry import access

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who, sensitivity, level, unit, visible",
    [
        ("olle", "public", "municipality", "0380", True),
        ("olle", "aggregate", "municipality", "0380", False),
        ("olle", "aggregate", "county", "03", True),
        ("anna", "aggregate", "municipality", "0380", True),  # her own municipality
        ("cecilia", "aggregate", "municipality", "0380", False),  # another municipality
        ("bengt", "aggregate", "municipality", "0381", True),  # his county's municipality
        ("greta", "aggregate", "municipality", "0380", False),
        ("anna", "restricted", "municipality", "0380", True),
        ("cecilia", "restricted", "municipality", "0380", False),
        ("bengt", "restricted", "municipality", "0380", True),
        ("bengt", "restricted", "county", "03", True),
        ("bengt", "restricted", "county", "09", False),
        ("bengt", "restricted", "nation", "SE", False),
        ("anna", "restricted", "county", "03", False),
        ("olle", "restricted", "nation", "SE", False),
        ("karl", "restricted", "municipality", "0780", True),  # Kronoberg's own county
        ("nadia", "restricted", "nation", "SE", True),
        ("nadia", "restricted", "municipality", "0980", True),
    ],
)
def test_value_visibility_follows_sensitivity(cast, who, sensitivity, level, unit, visible):
    assert (
        access.may_see_value(cast[who], sensitivity=sensitivity, level=level, unit_code=unit)
        is visible
    )


@pytest.mark.parametrize(
    "who, level, unit, sees",
    [
        ("olle", "group", "B3", False),
        ("bengt", "county", "03", True),
        ("bengt", "county", "09", False),
        ("nadia", "group", "B3", True),
    ],
)
def test_who_sees_the_members_of_a_small_aggregate(cast, who, level, unit, sees):
    assert access.sees_all_members(cast[who], level=level, unit_code=unit) is sees


@pytest.mark.parametrize(
    "who, level, unit, sees",
    [
        ("olle", "nation", "SE", False),  # the public never sees preliminary values
        ("anna", "municipality", "0380", False),  # respondents see approved results only
        ("bengt", "municipality", "0380", True),  # he reviews Uppsala län
        ("bengt", "municipality", "0980", False),
        ("bengt", "nation", "SE", True),
        ("karl", "municipality", "0780", False),  # coordinator, not a reviewer
        ("nadia", "municipality", "0980", True),
    ],
)
def test_preliminary_values_follow_who_reads_submitted_answers(cast, who, level, unit, sees):
    viewer = access.value_viewer(cast[who])
    assert viewer.may_see_preliminary_value(level=level, unit_code=unit) is sees


def test_the_viewer_is_decided_in_one_query(cast, django_assert_num_queries):
    user = cast["bengt"]
    with django_assert_num_queries(1):
        viewer = access.value_viewer(user)
        for code in ("0380", "0381", "0980") * 100:
            viewer.may_see(sensitivity="restricted", level="municipality", unit_code=code)
