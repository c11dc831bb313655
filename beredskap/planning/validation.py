"""Validation of a direction file's content (already parsed from YAML). No database.

`validate_direction(data)` returns every problem as (location, message), where location
names the item and the field, e.g. ("assumption GA_POWER", "parameters[0].unit").
Links to catalogue codes are checked for their form here; whether they exist in an
edition is the catalogue's check (planning sits below the catalogue).
"""

import datetime
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .models import Category, Direction, Sensitivity, Unit

VERSION = re.compile(r"^[0-9]{4}\.[0-9]{1,2}$")
ITEM_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9_]{1,28}$")
PARAMETER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
AREA_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
ACTIVITY_CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
CATALOGUE_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
#: Units whose values are counted, so must be whole numbers.
WHOLE_UNITS = {Unit.COUNT}
TOP_KEYS = {"version", "status", "valid_from", "valid_until", "title", "starting_points",
            "assumptions", "target_states"}  # fmt: skip
ITEM_KEYS = {"code", "title", "text", "placeholder"}
KIND_KEYS = {
    "starting_points": ITEM_KEYS,
    "assumptions": ITEM_KEYS | {"category", "sensitivity", "parameters"},
    "target_states": ITEM_KEYS | {"area", "activity", "criteria", "indicators", "questions"},
}
#: How a kind's item is named in an error location.
KIND_NAMES = {
    "starting_points": "starting point",
    "assumptions": "assumption",
    "target_states": "target state",
}
PARAMETER_KEYS = {"name", "unit", "value", "note"}

Problem = tuple[str, str]


def _text(value: Any, location: str, field: str, out: list, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, Mapping) or set(value) != {"sv", "en"}:
        out.append((location, f"{field}: needs exactly the keys sv and en"))
        return
    for language in ("sv", "en"):
        if not isinstance(value[language], str) or not value[language].strip():
            out.append((location, f"{field}.{language}: must be non-empty text"))


def _unknown_keys(item: Mapping, allowed: set[str], location: str, out: list) -> None:
    for key in sorted(set(item) - allowed, key=str):
        out.append((location, f"{key}: unknown field"))


def _head(data: Mapping, out: list) -> None:
    if not isinstance(data.get("version"), str) or not VERSION.match(data["version"]):
        out.append(("direction", 'version: must be text like "2026.1" (quote it in YAML)'))
    if data.get("status") not in Direction.Status.values:
        out.append(("direction", f"status: must be one of {Direction.Status.values}"))
    valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
    if valid_from is not None and not isinstance(valid_from, datetime.date):
        out.append(("direction", "valid_from: must be a date (YYYY-MM-DD)"))
    if data.get("status") in Direction.PUBLIC_STATUSES and valid_from is None:
        out.append(("direction", "valid_from: an adopted version needs a start date"))
    if valid_until is not None and not isinstance(valid_until, datetime.date):
        out.append(("direction", "valid_until: must be a date (YYYY-MM-DD) or empty"))
    elif isinstance(valid_from, datetime.date) and valid_until and valid_until < valid_from:
        out.append(("direction", "valid_until: is before valid_from"))
    _text(data.get("title"), "direction", "title", out)
    _unknown_keys(data, TOP_KEYS, "direction", out)


def _items(data: Mapping, kind: str, out: list) -> list[tuple[str, Mapping]]:
    """The kind's items with their locations; codes checked for form and uniqueness."""
    items = data.get(kind)
    if not isinstance(items, list) or not items:
        out.append((kind, "must be a non-empty list"))
        return []
    counts = Counter(item.get("code") for item in items if isinstance(item, Mapping))
    located = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            out.append((f"{kind}[{index}]", "must be a mapping"))
            continue
        code = item.get("code")
        if not isinstance(code, str) or not ITEM_CODE.match(code):
            out.append((f"{kind}[{index}]", f"code: {code!r} does not match {ITEM_CODE.pattern}"))
            continue
        location = f"{KIND_NAMES[kind]} {code}"
        if counts[code] > 1:
            out.append((location, "code: used more than once"))
        located.append((location, item))
    return located


def _item(item: Mapping, kind: str, location: str, out: list) -> None:
    _unknown_keys(item, KIND_KEYS[kind], location, out)
    _text(item.get("title"), location, "title", out)
    _text(item.get("text"), location, "text", out)
    if not isinstance(item.get("placeholder", False), bool):
        out.append((location, "placeholder: must be true or false"))


def _parameter(parameter: Any, where: str, location: str, out: list) -> str | None:
    if not isinstance(parameter, Mapping):
        out.append((location, f"{where}: must be a mapping"))
        return None
    _unknown_keys(parameter, PARAMETER_KEYS, f"{location} {where}", out)
    name, unit, value = parameter.get("name"), parameter.get("unit"), parameter.get("value")
    if not isinstance(name, str) or not PARAMETER_NAME.match(name):
        out.append((location, f"{where}.name: {name!r} does not match {PARAMETER_NAME.pattern}"))
        name = None
    if unit not in Unit.values:
        out.append((location, f"{where}.unit: {unit!r} is not one of {Unit.values}"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        out.append((location, f"{where}.value: must be a number, not {value!r}"))
    elif value < 0:
        out.append((location, f"{where}.value: must not be negative"))
    elif unit == Unit.SHARE and value > 1:
        out.append((location, f"{where}.value: a share is between 0 and 1"))
    elif unit in WHOLE_UNITS and not float(value).is_integer():
        out.append((location, f"{where}.value: a {unit} must be a whole number"))
    _text(parameter.get("note"), location, f"{where}.note", out, required=False)
    return name


def _assumption(item: Mapping, location: str, out: list) -> None:
    if item.get("category") not in Category.values:
        out.append((location, f"category: {item.get('category')!r} is not one of "
                              f"{Category.values}"))  # fmt: skip
    if item.get("sensitivity") not in Sensitivity.values:
        out.append((location, f"sensitivity: must be one of {Sensitivity.values}"))
    parameters = item.get("parameters", [])
    if not isinstance(parameters, list):
        out.append((location, "parameters: must be a list"))
        return
    names = Counter(
        _parameter(parameter, f"parameters[{index}]", location, out)
        for index, parameter in enumerate(parameters)
    )
    for name, count in names.items():
        if name is not None and count > 1:
            out.append((location, f"parameters: {name} is named more than once"))


def _codes(value: Any, pattern: re.Pattern, field: str, location: str, out: list) -> None:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        out.append((location, f"{field}: must be a list of codes"))
        return
    for code in value:
        if not pattern.match(code):
            out.append((location, f"{field}: {code!r} does not match {pattern.pattern}"))


def _target_state(item: Mapping, location: str, out: list) -> None:
    if not isinstance(item.get("area"), str) or not AREA_CODE.match(item["area"]):
        out.append((location, f"area: {item.get('area')!r} is not a catalogue area code"))
    activity = item.get("activity")
    if activity is not None and not (isinstance(activity, str) and ACTIVITY_CODE.match(activity)):
        out.append((location, f"activity: {activity!r} is not a catalogue activity code"))
    criteria = item.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        out.append((location, "criteria: must be a non-empty list"))
    else:
        for index, criterion in enumerate(criteria):
            _text(criterion, location, f"criteria[{index}]", out)
    _codes(item.get("indicators", []), CATALOGUE_CODE, "indicators", location, out)
    _codes(item.get("questions", []), CATALOGUE_CODE, "questions", location, out)


CHECKS = {"assumptions": _assumption, "target_states": _target_state}


def validate_direction(data: Any) -> list[Problem]:
    """Every problem of a parsed direction file, in file order; [] when it may be loaded."""
    if not isinstance(data, Mapping):
        return [("file", "must be a mapping with version, status, title and the items")]
    out: list[Problem] = []
    _head(data, out)
    for kind in KIND_KEYS:
        for location, item in _items(data, kind, out):
            _item(item, kind, location, out)
            if kind in CHECKS:
                CHECKS[kind](item, location, out)
    return out
