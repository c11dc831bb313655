"""The link from an edition to a planning direction's target states (målbilder).

An edition names the direction version it assesses (`direction: "2026.1"`); each of its
maturity questions that assesses a target state names it (`target_state: MB_B_CONTINUITY`).
The catalogue sits above planning, so the check lives here: `target_state_problems` reads
the direction (loaded, or else the shipped file of that version) and reports, as
(location, message) like `validation.validate_edition`,

- a question linked to a code the direction does not have, a link on a question that is
  not a municipality-wide maturity question, or two questions linked to one target state;
- a target state without a maturity question in the edition;
- a target state's indicator or question codes that the edition does not have (its
  dangling links, which the direction's own loader can only check for their form).

`target_state_problems` is pure; `direction_target_states` reads the direction.
"""

from collections import Counter
from collections.abc import Mapping
from typing import Any

import yaml

from beredskap.planning.models import Direction
from beredskap.planning.services import DIRECTIONS_DIR
from beredskap.planning.validation import VERSION

Problem = tuple[str, str]
#: A direction's target states: code → (indicator codes, question codes).
TargetStates = dict[str, tuple[list[str], list[str]]]


def direction_target_states(version: str) -> TargetStates | None:
    """The target states of a direction version: loaded, or else its shipped file."""
    direction = Direction.objects.filter(version=version).first()
    if direction is not None:
        rows = direction.target_states.values_list("code", "indicators", "questions")
        return {code: (list(indicators), list(questions)) for code, indicators, questions in rows}
    path = DIRECTIONS_DIR / f"{version}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {
            item["code"]: (list(item.get("indicators", [])), list(item.get("questions", [])))
            for item in data["target_states"]
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None


def _links(data: Mapping) -> list[tuple[str, Any, Any, Any]]:
    """(question code, target state, kind, activities) of each question with a link."""
    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    return [
        (q.get("code"), q["target_state"], q.get("kind"), q.get("activities"))
        for q in questions
        if isinstance(q, Mapping) and "target_state" in q
    ]


def problems(data: Any) -> list[Problem]:
    """Every problem of an edition's links to its direction (reads the direction)."""
    if not isinstance(data, Mapping):
        return []
    version = data.get("direction")
    if version is None:
        return [
            (f"question {code}", "target_state: the edition names no direction")
            for code, *_rest in _links(data)
        ]
    if not isinstance(version, str) or not VERSION.match(version):
        return [("edition", f"direction: {version!r} is not a version such as '2026.1'")]
    states = direction_target_states(version)
    if states is None:
        return [
            (
                "edition",
                f"direction: version {version} is neither loaded nor shipped "
                "(load it first with load_direction)",
            )
        ]
    return target_state_problems(data, version, states)


def _codes(data: Mapping, key: str) -> set[str]:
    items = data.get(key)
    if not isinstance(items, list):
        return set()
    return {i.get("code") for i in items if isinstance(i, Mapping)}


def target_state_problems(data: Mapping, version: str, states: TargetStates) -> list[Problem]:
    """The problems of an edition's links to the target states `states` of `version`."""
    found: list[Problem] = []
    links = _links(data)
    used = Counter(target for _code, target, _kind, _scope in links)
    for code, target, kind, scope in links:
        where = f"question {code}"
        if kind != "maturity":
            found.append((where, "target_state: only maturity questions assess a target state"))
        if scope:
            found.append((where, "target_state: the question must be municipality-wide"))
        if not isinstance(target, str) or target not in states:
            found.append(
                (where, f"target_state: {target!r} is not a target state of direction {version}")
            )
        elif used[target] > 1:
            found.append((where, f"target_state: {target} is assessed by more than one question"))
    indicators, questions = _codes(data, "indicators"), _codes(data, "questions")
    for state, (linked_indicators, linked_questions) in states.items():
        where = f"direction {version}: target state {state}"
        if not used[state]:
            found.append((where, "questions: no maturity question of the edition assesses it"))
        for code in linked_indicators:
            if code not in indicators:
                found.append((where, f"indicators: {code} is not an indicator of the edition"))
        for code in linked_questions:
            if code not in questions:
                found.append((where, f"questions: {code} is not a question of the edition"))
    return found
