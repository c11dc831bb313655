"""Validation of an edition file's content (already parsed from YAML). No database.

`validate_edition(data, previous_codes)` returns every problem as (location, message),
where location names the item and field, e.g. ("indicator KON01", "formula.met.is").
"""

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from . import calculations as calc
from .calculations import QuestionSpec

SENSITIVITIES = ("public", "aggregate", "restricted")
DIRECTIONS = ("higher_is_better", "lower_is_better")
CLASSIFICATIONS = ("verdict", "thresholds", "tertiles")
QUESTION_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
INDICATOR_CODE = re.compile(r"^[A-Z]{2,5}[0-9]{2,3}$")
LOWER_CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
AREA_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
TOP_KEYS = {
    "edition", "title", "notes", "direction", "areas", "activities", "questions", "indicators",
}  # fmt: skip
QUESTION_KEYS = {
    "code", "area", "kind", "text", "help", "activities", "required", "evidence",
    "choices", "min", "max", "unit", "integer", "asked_if", "target_state",
}  # fmt: skip
INDICATOR_KEYS = {
    "code", "area", "kind", "title", "description", "activities", "sensitivity", "direction",
    "comparable_with_previous", "change_note", "formula", "classification",
}  # fmt: skip

Problem = tuple[str, str]


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, location: str, message: str) -> None:
        self.problems.append((location, message))


def _text(value: Any, location: str, field: str, out: _Collector, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, Mapping) or set(value) != {"sv", "en"}:
        out.add(location, f"{field}: needs exactly the keys sv and en")
        return
    for language in ("sv", "en"):
        if not isinstance(value[language], str) or not value[language].strip():
            out.add(location, f"{field}.{language}: must be non-empty text")


def _items(data: Mapping, key: str, out: _Collector) -> list[Mapping]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        out.add(key, "must be a non-empty list")
        return []
    good = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            good.append(item)
        else:
            out.add(f"{key}[{index}]", "must be a mapping")
    return good


def _codes(items: list[Mapping], kind: str, pattern: re.Pattern, out: _Collector) -> set[str]:
    counts = Counter(item.get("code") for item in items)
    for index, item in enumerate(items):
        code = item.get("code")
        if not isinstance(code, str) or not pattern.match(code):
            out.add(f"{kind}[{index}]", f"code: {code!r} does not match {pattern.pattern}")
        elif counts[code] > 1:
            out.add(f"{kind} {code}", "code: used more than once")
    return {c for c in counts if isinstance(c, str)}


def _unknown_keys(item: Mapping, allowed: set[str], location: str, out: _Collector) -> None:
    for key in sorted(set(item) - allowed, key=str):
        out.add(location, f"{key}: unknown field")


def _activity_list(
    value: Any, known: set[str], location: str, out: _Collector
) -> frozenset[str] | None:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        out.add(location, "activities: must be a non-empty list of activity codes")
        return None
    for code in value:
        if code not in known:
            out.add(location, f"activities: unknown activity {code!r}")
    if len(set(value)) != len(value):
        out.add(location, "activities: listed more than once")
    return frozenset(value)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _question(
    item: Mapping, areas: set[str], activities: set[str], out: _Collector
) -> QuestionSpec | None:
    code = item.get("code")
    where = f"question {code}"
    _unknown_keys(item, QUESTION_KEYS, where, out)
    kind = item.get("kind")
    if kind not in calc.QUESTION_KINDS:
        out.add(where, f"kind: {kind!r} is not one of {list(calc.QUESTION_KINDS)}")
    if item.get("area") not in areas:
        out.add(where, f"area: unknown area {item.get('area')!r}")
    _text(item.get("text"), where, "text", out)
    _text(item.get("help"), where, "help", out, required=False)
    _text(item.get("unit"), where, "unit", out, required=False)
    for flag in ("required", "evidence", "integer"):
        if flag in item and not isinstance(item[flag], bool):
            out.add(where, f"{flag}: must be true or false")
    scope = _activity_list(item.get("activities"), activities, where, out)
    choices = _choices(item, kind, where, out)
    if kind != "number":
        for key in ("min", "max", "integer"):
            if key in item:
                out.add(where, f"{key}: only number questions have {key}")
    else:
        for key in ("min", "max"):
            if key in item and not _number(item[key]):
                out.add(where, f"{key}: must be a number")
        if _number(item.get("min")) and _number(item.get("max")) and item["min"] > item["max"]:
            out.add(where, "min: is greater than max")
    if "unit" in item and kind not in {"number", "share"}:
        out.add(where, "unit: only number and share questions have a unit")
    if scope is None or kind not in calc.QUESTION_KINDS or not isinstance(code, str):
        return None
    return QuestionSpec(code=code, kind=kind, activities=scope, choices=choices)


def _choices(item: Mapping, kind: Any, where: str, out: _Collector) -> frozenset[str]:
    choices = item.get("choices")
    if kind not in {"single_choice", "multiple_choice"}:
        if choices is not None:
            out.add(where, "choices: only choice questions have choices")
        return frozenset()
    if not isinstance(choices, list) or len(choices) < 2:
        out.add(where, "choices: a choice question needs at least two choices")
        return frozenset()
    codes = []
    for index, choice in enumerate(choices):
        if not isinstance(choice, Mapping) or not LOWER_CODE.match(str(choice.get("code", ""))):
            out.add(where, f"choices[{index}]: needs a lower-case code and a label")
            continue
        _text(choice.get("label"), where, f"choices[{index}].label", out)
        codes.append(choice["code"])
    if len(set(codes)) != len(codes):
        out.add(where, "choices: a choice code is used more than once")
    return frozenset(codes)


def _classification(item: Mapping, kind: Any, where: str, out: _Collector) -> None:
    rule = item.get("classification")
    if not isinstance(rule, Mapping) or rule.get("method") not in CLASSIFICATIONS:
        out.add(where, f"classification: needs method, one of {list(CLASSIFICATIONS)}")
        return
    method = rule["method"]
    if (method == "verdict") != (kind == "yes_no"):
        out.add(where, "classification: method verdict is for yes/no indicators, and only them")
    allowed = {"method", "green", "yellow"} if method == "thresholds" else {"method"}
    _unknown_keys(rule, allowed, where, out)
    if method == "thresholds":
        green, yellow = rule.get("green"), rule.get("yellow")
        if not (_number(green) and _number(yellow)):
            out.add(where, "classification: thresholds need numbers green and yellow")
        elif item.get("direction") == "lower_is_better" and green > yellow:
            out.add(where, "classification: lower is better, so green must be ≤ yellow")
        elif item.get("direction") != "lower_is_better" and green < yellow:
            out.add(where, "classification: higher is better, so green must be ≥ yellow")


def _indicator(
    item: Mapping,
    areas: set[str],
    activities: set[str],
    questions: Mapping[str, QuestionSpec],
    previous_codes: set[str] | None,
    out: _Collector,
) -> None:
    code = item.get("code")
    where = f"indicator {code}"
    _unknown_keys(item, INDICATOR_KEYS, where, out)
    kind = item.get("kind")
    if kind not in calc.INDICATOR_KINDS:
        out.add(where, f"kind: {kind!r} is not one of {list(calc.INDICATOR_KINDS)}")
    if item.get("area") not in areas:
        out.add(where, f"area: unknown area {item.get('area')!r}")
    _text(item.get("title"), where, "title", out)
    _text(item.get("description"), where, "description", out)
    if item.get("sensitivity") not in SENSITIVITIES:
        out.add(where, f"sensitivity: must be one of {list(SENSITIVITIES)}")
    if item.get("direction") not in DIRECTIONS:
        out.add(where, f"direction: must be one of {list(DIRECTIONS)}")
    scope = _activity_list(item.get("activities"), activities, where, out)
    _comparability(item, code, previous_codes, where, out)
    _classification(item, kind, where, out)
    if scope is not None and kind in calc.INDICATOR_KINDS:
        for path, message in calc.check_formula(kind, item.get("formula"), questions, scope):
            out.add(where, f"{path}: {message}")


def _comparability(
    item: Mapping, code: Any, previous_codes: set[str] | None, where: str, out: _Collector
) -> None:
    flag = item.get("comparable_with_previous")
    if flag is not None and not isinstance(flag, bool):
        out.add(where, "comparable_with_previous: must be true or false")
        return
    if previous_codes is not None:
        if code in previous_codes and flag is None:
            out.add(where, "comparable_with_previous: required, the previous edition has it")
        if code not in previous_codes and flag is not None:
            out.add(where, "comparable_with_previous: the previous edition has no such indicator")
    if flag is False:
        _text(item.get("change_note"), where, "change_note", out)
    elif "change_note" in item and flag is None:
        out.add(where, "change_note: only a revised indicator has a change note")


def validate_edition(data: Any, previous_codes: set[str] | None = None) -> list[Problem]:
    """Every problem in an edition, as (location, message). Empty means valid."""
    out = _Collector()
    if not isinstance(data, Mapping):
        return [("file", "must be a mapping with edition, title, areas, …")]
    _unknown_keys(data, TOP_KEYS, "file", out)
    year = data.get("edition")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        out.add("edition", f"must be a year, not {year!r}")
    _text(data.get("title"), "edition", "title", out)
    _text(data.get("notes"), "edition", "notes", out, required=False)
    areas, activities = _items(data, "areas", out), _items(data, "activities", out)
    questions, indicators = _items(data, "questions", out), _items(data, "indicators", out)
    area_codes = _codes(areas, "area", AREA_CODE, out)
    activity_codes = _codes(activities, "activity", LOWER_CODE, out)
    for item in areas + activities:
        _text(item.get("name"), f"area/activity {item.get('code')}", "name", out)
    _codes(questions, "question", QUESTION_CODE, out)
    _codes(indicators, "indicator", INDICATOR_CODE, out)
    specs = {}
    for item in questions:
        spec = _question(item, area_codes, activity_codes, out)
        if spec is not None:
            specs[spec.code] = spec
    for item in questions:
        _asked_if(item, specs, out)
    for item in indicators:
        _indicator(item, area_codes, activity_codes, specs, previous_codes, out)
    return out.problems


def _asked_if(item: Mapping, specs: Mapping[str, QuestionSpec], out: _Collector) -> None:
    """`asked_if` is a condition on other questions (same activities or municipality-wide)."""
    if "asked_if" not in item or item.get("code") not in specs:
        return
    spec = specs[item["code"]]
    for path, message in calc.check_condition(
        item["asked_if"], specs, spec.activities, "asked_if"
    ):
        out.add(f"question {spec.code}", f"{path}: {message}")
    if spec.code in calc.referenced_questions(item["asked_if"]):
        out.add(f"question {spec.code}", "asked_if: cannot depend on the question itself")
