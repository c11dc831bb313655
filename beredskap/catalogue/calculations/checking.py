"""Checking formulas from the catalogue's YAML before anything is stored.

`check_formula` (and `check_condition` for a question's `asked_if`) lists every problem
with its path, so an edition file is refused with all its mistakes at once;
`referenced_questions` tells which questions a checked formula reads.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .language import (
    CONDITION_OPERATORS,
    EXPRESSION_OPERATORS,
    VALUE_TESTS,
    YES_NO_STATES,
    Problems,
    QuestionSpec,
)

_TEST_KINDS = {
    "is": {"yes_no", "single_choice"},
    "in": {"yes_no", "single_choice"},
    "has_all": {"multiple_choice"},
    "has_any": {"multiple_choice"},
    "at_least": {"number", "maturity"},
    "at_most": {"number", "maturity"},
}


def _single_key(node: Any, path: str, allowed: set[str], problems: Problems) -> str | None:
    if not isinstance(node, Mapping) or len(node) != 1:
        problems.add(path, f"expected a mapping with one of {sorted(allowed)}")
        return None
    (operator,) = node.keys()
    if operator not in allowed:
        problems.add(path, f"unknown operator {operator!r}; expected one of {sorted(allowed)}")
        return None
    return operator


def _question(code: Any, path: str, ctx: "_Context") -> QuestionSpec | None:
    spec = ctx.questions.get(code) if isinstance(code, str) else None
    if spec is None:
        ctx.problems.add(path, f"unknown question {code!r}")
        return None
    if ctx.activities and spec.activities and not ctx.activities <= spec.activities:
        missing = sorted(ctx.activities - spec.activities)
        ctx.problems.add(path, f"question {code} is not asked for activities {missing}")
    if not ctx.activities and spec.activities:
        ctx.problems.add(
            path, f"question {code} is asked per activity, but this is municipality-wide"
        )
    return spec


@dataclass
class _Context:
    questions: Mapping[str, QuestionSpec]
    activities: frozenset[str]
    problems: Problems


def _check_value_test(operator: str, args: Any, path: str, ctx: _Context) -> None:
    arity_ok = isinstance(args, list) and len(args) == 2
    if not arity_ok:
        ctx.problems.add(path, f"{operator} takes [question, value]")
        return
    spec = _question(args[0], f"{path}[0]", ctx)
    if spec is None:
        return
    if spec.kind not in _TEST_KINDS[operator]:
        ctx.problems.add(path, f"{operator} cannot test a {spec.kind} question ({spec.code})")
        return
    wanted = args[1]
    if operator in {"at_least", "at_most"}:
        if isinstance(wanted, bool) or not isinstance(wanted, int | float):
            ctx.problems.add(f"{path}[1]", f"{operator} needs a number, not {wanted!r}")
        return
    values = [wanted] if operator == "is" else wanted
    if operator != "is" and (not isinstance(values, list) or not values):
        ctx.problems.add(f"{path}[1]", f"{operator} needs a non-empty list of values")
        return
    allowed = set(YES_NO_STATES) if spec.kind == "yes_no" else spec.choices
    for value in values:
        if not isinstance(value, str) or value not in allowed:
            ctx.problems.add(
                f"{path}[1]", f"{value!r} is not an answer of {spec.code} ({sorted(allowed)})"
            )


def _check_condition(node: Any, path: str, ctx: _Context) -> None:
    operator = _single_key(node, path, CONDITION_OPERATORS, ctx.problems)
    if operator is None:
        return
    args = node[operator]
    sub = f"{path}.{operator}"
    if operator in {"all", "any"}:
        if not isinstance(args, list) or not args:
            ctx.problems.add(sub, f"{operator} needs a non-empty list of conditions")
            return
        for index, child in enumerate(args):
            _check_condition(child, f"{sub}[{index}]", ctx)
    elif operator == "not":
        _check_condition(args, sub, ctx)
    elif operator == "answered":
        _question(args, sub, ctx)
    else:
        _check_value_test(operator, args, sub, ctx)


def _check_expression(node: Any, path: str, ctx: _Context) -> None:
    if isinstance(node, int | float) and not isinstance(node, bool):
        return
    operator = _single_key(node, path, EXPRESSION_OPERATORS, ctx.problems)
    if operator is None:
        return
    spec = _question(node[operator], f"{path}.{operator}", ctx)
    if spec is None:
        return
    wanted = {"share"} if operator != "value" else {"number", "maturity"}
    if spec.kind not in wanted:
        ctx.problems.add(
            f"{path}.{operator}", f"{operator} needs a {'/'.join(sorted(wanted))} question"
        )


_FORMULA_KEYS = {
    "yes_no": ({"met"}, {"not_applicable", "partly"}),
    "share": ({"numerator", "denominator"}, {"not_applicable"}),
    "count": ({"value"}, {"not_applicable"}),
    "maturity": ({"value"}, {"not_applicable"}),
}


def check_formula(
    kind: str,
    formula: Any,
    questions: Mapping[str, QuestionSpec],
    activities: frozenset[str] = frozenset(),
    path: str = "formula",
) -> list[tuple[str, str]]:
    """Every problem in `formula` for an indicator of `kind`, as (path, message) pairs."""
    problems = Problems()
    if kind not in _FORMULA_KEYS:
        problems.add(path, f"unknown indicator kind {kind!r}")
        return problems.items
    if not isinstance(formula, Mapping):
        problems.add(path, "expected a mapping")
        return problems.items
    required, optional = _FORMULA_KEYS[kind]
    for key in sorted(required - formula.keys()):
        problems.add(path, f"missing {key!r}")
    for key in sorted(formula.keys() - required - optional):
        problems.add(f"{path}.{key}", f"not allowed in a {kind} formula")
    ctx = _Context(questions, activities, problems)
    for key in sorted(formula.keys() & (required | optional)):
        if key in {"met", "partly", "not_applicable"}:
            _check_condition(formula[key], f"{path}.{key}", ctx)
        else:
            _check_expression(formula[key], f"{path}.{key}", ctx)
    if kind == "maturity" and not problems.items:
        _check_maturity_value(formula["value"], questions, f"{path}.value", problems)
    return problems.items


def _check_maturity_value(node: Any, questions, path: str, problems: Problems) -> None:
    spec = questions.get(node.get("value")) if isinstance(node, Mapping) else None
    if spec is None or spec.kind != "maturity":
        problems.add(path, "a maturity indicator needs {value: <maturity question>}")


def check_condition(
    condition: Any,
    questions: Mapping[str, QuestionSpec],
    activities: frozenset[str] = frozenset(),
    path: str = "condition",
) -> list[tuple[str, str]]:
    """Every problem in a stand-alone condition (a question's `asked_if`)."""
    problems = Problems()
    _check_condition(condition, path, _Context(questions, activities, problems))
    return problems.items


def referenced_questions(formula: Any) -> set[str]:
    """The question codes a (checked) formula reads."""
    return set(_walk_codes(formula))


def _walk_codes(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        for operator, args in node.items():
            if operator in VALUE_TESTS and isinstance(args, list) and args:
                if isinstance(args[0], str):
                    yield args[0]
            elif operator in EXPRESSION_OPERATORS | {"answered"} and isinstance(args, str):
                yield args
            else:
                yield from _walk_codes(args)
    elif isinstance(node, list):
        for child in node:
            yield from _walk_codes(child)
