"""Loading directions: the whole file is validated, every error is named with its item and
field, and a file with any error writes nothing; adopted versions never change."""

import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command

from beredskap.audit.models import Event
from beredskap.planning import services
from beredskap.planning.models import Assumption, Direction, Parameter, StartingPoint, TargetState

from .conftest import STARTER, starter_data, write

pytestmark = pytest.mark.django_db

CATALOGUE_2026 = STARTER.parents[2] / "catalogue" / "editions" / "2026.yaml"


def _broken(data: dict) -> dict:
    """A copy of the starter with one of each kind of error."""
    assumptions = {a["code"]: a for a in data["assumptions"]}
    assumptions["GA_POWER"]["category"] = "weather"
    assumptions["GA_STAFF"]["parameters"][1]["unit"] = "fortnights"
    assumptions["GA_STAFF"]["parameters"][0]["value"] = "twenty percent"
    assumptions["GA_WATER"]["parameters"][0]["value"] = True
    assumptions["GA_FOOD"]["parameters"].append(dict(assumptions["GA_FOOD"]["parameters"][0]))
    assumptions["GA_HEATING"]["parameters"][0]["value"] = -3
    del data["starting_points"][1]["text"]["en"]
    data["starting_points"][2]["code"] = data["starting_points"][0]["code"]
    data["target_states"][0]["title"]["sv"] = " "
    data["target_states"][1]["criteria"] = []
    data["target_states"][2]["indicators"] = ["not a code"]
    data["assumptions"][0]["sensitivity"] = "secret"
    return data


def test_the_shipped_direction_loads_with_its_items_and_parameters():
    result = services.load_direction(path=STARTER)
    direction = result.direction
    assert result.status == "created"
    assert (direction.version, direction.status) == ("2026.1", Direction.Status.ADOPTED)
    assert direction.valid_from == datetime.date(2026, 10, 1)
    codes = list(direction.starting_points.values_list("code", flat=True))
    assert codes[:3] == ["UP_RESPONSIBILITY", "UP_SIMILARITY", "UP_PROXIMITY"]
    staff = direction.assumptions.get(code="GA_STAFF")
    assert [(p.name, p.unit, p.value) for p in staff.parameters.all()] == [
        ("share", "share", 0.2),
        ("weeks", "weeks", 6),
        ("peak_share", "share", 0.4),
        ("peak_weeks", "weeks", 2),
    ]
    assert direction.assumptions.get(code="GA_POWER").parameters.get().value == 168
    assert direction.assumptions.get(code="GA_SUPPLIES").sensitivity == "restricted"
    assert direction.target_states.count() == 9
    assert all(direction.starting_points.values_list("placeholder", flat=True))
    assert Event.objects.filter(action="planning.direction_loaded").count() == 1


def test_the_target_states_link_to_codes_of_the_2026_catalogue():
    catalogue = yaml.safe_load(CATALOGUE_2026.read_text(encoding="utf-8"))
    areas = {a["code"] for a in catalogue["areas"]}
    activities = {a["code"] for a in catalogue["activities"]}
    indicators = {i["code"]: i["area"] for i in catalogue["indicators"]}
    questions = {q["code"]: q["area"] for q in catalogue["questions"]}
    for item in starter_data()["target_states"]:
        assert item["area"] in areas
        assert item.get("activity") in activities | {None}
        assert {indicators[code] for code in item["indicators"]} == {item["area"]}
        assert {questions[code] for code in item["questions"]} == {item["area"]}


def test_a_broken_copy_names_every_error_and_writes_nothing(tmp_path):
    path = write(tmp_path, _broken(starter_data()))
    with pytest.raises(services.DirectionInvalid) as caught:
        services.load_direction(path=path)
    problems = caught.value.problems
    found = {(location, message.split(":")[0]) for location, message in problems}
    assert found >= {
        ("assumption GA_POWER", "category"),
        ("assumption GA_STAFF", "parameters[1].unit"),
        ("assumption GA_STAFF", "parameters[0].value"),
        ("assumption GA_WATER", "parameters[0].value"),
        ("assumption GA_FOOD", "parameters"),
        ("assumption GA_HEATING", "parameters[0].value"),
        ("assumption GA_DURATION", "sensitivity"),
        ("starting point UP_SIMILARITY", "text"),
        ("starting point UP_RESPONSIBILITY", "code"),
        ("target state MB_A_GOVERNANCE", "title.sv"),
        ("target state MB_B_CONTINUITY", "criteria"),
        ("target state MB_C_VULNERABLE", "indicators"),
    }
    assert all(line.startswith(f"{path}: ") for line in caught.value.lines())
    assert not Direction.objects.exists()
    assert not (StartingPoint.objects.exists() or Assumption.objects.exists())
    assert not (Parameter.objects.exists() or TargetState.objects.exists())
    assert not Event.objects.filter(action="planning.direction_loaded").exists()


def test_a_file_that_is_not_yaml_names_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(services.DirectionInvalid) as caught:
        services.load_direction(path=path)
    assert caught.value.problems[0][0].startswith("line ")


def test_loading_the_same_file_again_changes_nothing(direction):
    loaded_at = direction.loaded_at
    result = services.load_direction(path=STARTER)
    assert result.status == "unchanged"
    assert Direction.objects.get().loaded_at == loaded_at
    assert Event.objects.filter(action="planning.direction_loaded").count() == 1


def test_a_changed_file_for_an_adopted_version_is_refused(tmp_path, direction):
    data = starter_data()
    data["assumptions"][1]["parameters"][0]["value"] = 72
    with pytest.raises(services.DirectionInvalid) as caught:
        services.load_direction(path=write(tmp_path, data))
    assert caught.value.problems[0][0] == "direction"
    power = Parameter.objects.get(assumption__code="GA_POWER", name="duration_hours")
    assert power.value == 168


def test_a_draft_file_may_be_loaded_again_with_changes(tmp_path):
    data = starter_data()
    data.update(version="2027.1", status="draft", valid_from=None)
    services.load_direction(path=write(tmp_path, data))
    data["starting_points"].pop()
    result = services.load_direction(path=write(tmp_path, data))
    assert result.status == "replaced"
    assert result.direction.starting_points.count() == 4


def test_copy_makes_a_draft_of_the_adopted_version(direction, nadia):
    copy = services.copy_direction(source=direction, version="2027.1", by=nadia)
    assert (copy.status, copy.copied_from, copy.valid_from) == ("draft", direction, None)
    for related in ("starting_points", "assumptions", "target_states"):
        before = list(getattr(direction, related).values_list("code", "title_sv", "position"))
        assert list(getattr(copy, related).values_list("code", "title_sv", "position")) == before
    assert Parameter.objects.filter(assumption__direction=copy).count() == (
        Parameter.objects.filter(assumption__direction=direction).count()
    )
    event = Event.objects.get(action="planning.direction_copied")
    assert event.actor == nadia


def test_copy_refuses_a_draft_source_and_a_taken_version(direction, nadia):
    with pytest.raises(services.DirectionInvalid, match="problem"):
        services.copy_direction(source=direction, version="2026.1", by=nadia)
    draft = services.copy_direction(source=direction, version="2027.1", by=nadia)
    with pytest.raises(services.DirectionInvalid):
        services.copy_direction(source=draft, version="2027.2", by=nadia)
    assert Direction.objects.count() == 2


def test_the_command_checks_without_loading(capsys):
    call_command("load_direction", "--check")
    assert "checked (25 items)" in capsys.readouterr().out
    assert not Direction.objects.exists()


def test_the_command_names_errors_and_fails(tmp_path, capsys):
    path = write(tmp_path, _broken(starter_data()))
    with pytest.raises(CommandError):
        call_command("load_direction", str(path), "--check")
    assert f"{path}: assumption GA_POWER: category" in capsys.readouterr().err


def test_the_command_loads_the_shipped_directions(capsys):
    call_command("load_direction")
    assert Direction.objects.get().version == "2026.1"


def test_each_shipped_file_is_named_by_its_version():
    for path in services.shipped_directions():
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == path.stem
