"""The 2026 edition assesses each målbild (target state) of direction 2026.1 with a maturity
question; the loader checks those links against the direction and nothing loads on an error."""

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from beredskap.catalogue import services, targets
from beredskap.catalogue.models import Edition, IndicatorVersion, Question
from beredskap.planning import services as planning
from beredskap.planning.models import TargetState

pytestmark = pytest.mark.django_db

EDITION_2026 = services.EDITIONS_DIR / "2026.yaml"
DIRECTION_2026 = planning.DIRECTIONS_DIR / "2026.1.yaml"


def edition_data() -> dict:
    return yaml.safe_load(EDITION_2026.read_text(encoding="utf-8"))


def write(tmp_path, data, name="2026.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_each_target_state_of_2026_1_has_one_maturity_question_and_indicator():
    planning.load_direction(path=DIRECTION_2026)
    services.load_edition(path=EDITION_2026)
    edition = Edition.objects.get(year=2026)
    assert edition.direction == "2026.1"
    linked = Question.objects.filter(edition=edition).exclude(target_state="")
    states = set(TargetState.objects.values_list("code", flat=True))
    assert len(states) == 9
    assert {q.target_state for q in linked} == states
    assert {q.kind for q in linked} == {"maturity"}
    assert all(not q.activities.exists() for q in linked)
    for question in linked:
        version = IndicatorVersion.objects.get(edition=edition, questions=question)
        assert (version.kind, version.formula) == ("maturity", {"value": {"value": question.code}})


def test_the_edition_checks_against_the_shipped_file_when_the_direction_is_not_loaded():
    result = services.load_edition(path=EDITION_2026, check_only=True)
    assert (result.status, result.questions) == ("checked", 65)


def test_an_unknown_target_state_is_located_and_nothing_is_loaded(tmp_path):
    data = edition_data()
    question = next(q for q in data["questions"] if q.get("target_state") == "MB_B_CONTINUITY")
    question["target_state"] = "MB_B_CONTINUANCE"
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=write(tmp_path, data))
    lines = caught.value.lines()
    where = str(tmp_path / "2026.yaml")
    assert (
        f"{where}: question MAL_CONTINUITY: target_state: 'MB_B_CONTINUANCE' is not a target "
        "state of direction 2026.1"
    ) in lines
    assert (
        f"{where}: direction 2026.1: target state MB_B_CONTINUITY: questions: no maturity "
        "question of the edition assesses it"
    ) in lines
    assert not Edition.objects.exists() and not Question.objects.exists()


def test_a_link_on_a_yes_no_question_and_an_unknown_direction_are_refused(tmp_path):
    data = edition_data()
    gov_plan = next(q for q in data["questions"] if q["code"] == "GOV_PLAN")
    gov_plan["target_state"] = "MB_A_GOVERNANCE"
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=write(tmp_path, data))
    lines = "\n".join(caught.value.lines())
    assert "question GOV_PLAN: target_state: only maturity questions assess" in lines
    assert "question GOV_PLAN: target_state: MB_A_GOVERNANCE is assessed by more than one" in lines
    data = edition_data()
    data["direction"] = "2031.4"
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=write(tmp_path, data))
    assert "edition: direction: version 2031.4 is neither loaded nor shipped" in (
        "\n".join(caught.value.lines())
    )
    assert not Edition.objects.exists()


def test_dangling_links_of_the_loaded_direction_are_reported(tmp_path):
    direction = yaml.safe_load(DIRECTION_2026.read_text(encoding="utf-8"))
    direction["target_states"][0]["indicators"].append("GOV99")
    direction["target_states"][0]["questions"].append("GOV_GONE")
    planning.load_direction(path=write(tmp_path, direction, name="2026.1.yaml"))
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=EDITION_2026)
    assert caught.value.problems == [
        (
            "direction 2026.1: target state MB_A_GOVERNANCE",
            "indicators: GOV99 is not an indicator of the edition",
        ),
        (
            "direction 2026.1: target state MB_A_GOVERNANCE",
            "questions: GOV_GONE is not a question of the edition",
        ),
    ]
    assert not Edition.objects.exists()


codes = st.lists(
    st.from_regex(r"MB_[A-Z]{2,6}", fullmatch=True), min_size=1, max_size=6, unique=True
)


@given(states=codes, dropped=st.integers(min_value=0, max_value=5))
def test_the_link_check_names_exactly_the_target_states_left_without_a_question(states, dropped):
    questions = [
        {"code": f"Q_{n}", "kind": "maturity", "target_state": code}
        for n, code in enumerate(states)
    ]
    data = {"questions": questions, "indicators": []}
    known = {code: ([], []) for code in states}
    assert targets.target_state_problems(data, "2026.1", known) == []
    gone = questions.pop(dropped % len(questions))["target_state"]
    assert targets.target_state_problems(data, "2026.1", known) == [
        (
            f"direction 2026.1: target state {gone}",
            "questions: no maturity question of the edition assesses it",
        )
    ]
