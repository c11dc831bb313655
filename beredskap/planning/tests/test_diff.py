"""The diff of two directions: pure, item by code, field by field, parameter by parameter."""

import copy

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import given, settings
from hypothesis import strategies as st

from beredskap.planning import queries
from beredskap.planning.calculations import KINDS, diff

CODES = st.sampled_from([f"GA_{n}" for n in range(6)])
TEXTS = st.text(min_size=1, max_size=8)
PARAMETER = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["hours", "days", "share"]),
        "value": st.floats(min_value=0, max_value=1000, allow_nan=False),
        "note_sv": st.text(max_size=4),
        "note_en": st.text(max_size=4),
    }
)
ITEM = st.fixed_dictionaries(
    {
        "title_sv": TEXTS,
        "title_en": TEXTS,
        "placeholder": st.booleans(),
        "indicators": st.lists(st.sampled_from(["GOV01", "KON01"]), max_size=2),
        "parameters": st.dictionaries(st.sampled_from(["days", "share"]), PARAMETER, max_size=2),
    }
)
SNAPSHOTS = st.fixed_dictionaries(
    {kind: st.dictionaries(CODES, ITEM, max_size=4) for kind in KINDS}
).map(lambda s: {k: {c: {"code": c, **i} for c, i in items.items()} for k, items in s.items()})


def _item(code: str, **fields) -> dict:
    return {"code": code, "position": 0, "title": code, "title_sv": code, **fields}


@settings(deadline=None)  # a shared, busy machine: time is not what is tested
@given(SNAPSHOTS)
def test_the_diff_of_a_version_with_itself_is_empty(snapshot):
    assert diff(snapshot, copy.deepcopy(snapshot)).is_empty


@settings(deadline=None)
@given(SNAPSHOTS, SNAPSHOTS)
def test_every_code_is_added_removed_changed_or_the_same(a, b):
    result = diff(a, b)
    for kind in result.kinds:
        added = {item["code"] for item in kind.added}
        removed = {item["code"] for item in kind.removed}
        changed = {change.code for change in kind.changed}
        assert added == set(b[kind.kind]) - set(a[kind.kind])
        assert removed == set(a[kind.kind]) - set(b[kind.kind])
        same = set(a[kind.kind]) & set(b[kind.kind])
        assert changed == {code for code in same if a[kind.kind][code] != b[kind.kind][code]}


def test_fields_and_parameters_are_named_one_by_one():
    a = {"assumptions": {"GA_STAFF": _item("GA_STAFF", parameters={
        "share": {"unit": "share", "value": 0.2, "note_sv": "", "note_en": ""},
        "weeks": {"unit": "weeks", "value": 6, "note_sv": "", "note_en": ""},
    })}}  # fmt: skip
    b = copy.deepcopy(a)
    staff = b["assumptions"]["GA_STAFF"]
    staff["title_sv"] = "Personalbortfall"
    staff["position"] = 7  # moved: not a change of content
    staff["parameters"]["share"]["value"] = 0.3
    del staff["parameters"]["weeks"]
    staff["parameters"]["peak_share"] = {
        "unit": "share",
        "value": 0.4,
        "note_sv": "",
        "note_en": "",
    }
    [change] = diff(a, b).kinds[1].changed
    assert [(f.field, f.before, f.after) for f in change.fields] == [
        ("title_sv", "GA_STAFF", "Personalbortfall")
    ]
    assert [(p.name, p.kind) for p in change.parameters] == [
        ("share", "changed"),
        ("weeks", "removed"),
        ("peak_share", "added"),
    ]
    assert diff(a, b).counts() == {"added": 0, "removed": 0, "changed": 1}


def test_moving_an_item_is_not_a_change():
    a = {"starting_points": {"UP_A": _item("UP_A"), "UP_B": _item("UP_B")}}
    b = {"starting_points": {"UP_B": _item("UP_B", position=0), "UP_A": _item("UP_A", position=1)}}
    assert diff(a, b).is_empty


@pytest.mark.django_db
def test_the_loaded_starter_diffed_with_itself_is_empty(direction):
    snapshot = queries.snapshot(queries.items(direction, AnonymousUser()))
    assert len(snapshot["assumptions"]) == 9  # the two restricted ones are left out
    assert diff(snapshot, snapshot).is_empty
