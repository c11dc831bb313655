"""The formula language of the indicator catalogue: checking and evaluation.

Formulas are plain data (from YAML): conditions such as `{"is": ["KON_PLAN", "ja"]}`
combined with `all`, `any` and `not`, and numeric expressions such as
`{"numerator_of": "KON_UNITS"}`. Nothing here touches the database, and nothing from
data is ever executed. `check_formula` lists every problem with its path;
`evaluate` never raises, whatever the answers are (three-valued logic: a test of an
unanswered or malformed answer is unknown).
"""

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

YES_NO_STATES = ("ja", "nej", "pagar", "ej_aktuellt", "vet_ej")
MATURITY_LEVELS = (0, 1, 2, 3, 4)
QUESTION_KINDS = (
    "yes_no",
    "number",
    "share",
    "single_choice",
    "multiple_choice",
    "maturity",
    "text",
)
INDICATOR_KINDS = ("yes_no", "share", "count", "maturity")


class Verdict(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class Reason(StrEnum):
    """Why an outcome has no value."""

    NOT_APPLICABLE = "not_applicable"
    NOT_ANSWERED = "not_answered"
    INVALID_ANSWER = "invalid_answer"


@dataclass(frozen=True)
class QuestionSpec:
    """What the formula checker needs to know about a question."""

    code: str
    kind: str
    activities: frozenset[str] = frozenset()  # empty: asked once for the municipality
    choices: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Outcome:
    """One indicator's result for one municipality (and activity)."""

    verdict: Verdict | None = None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reason: Reason | None = None

    @property
    def has_value(self) -> bool:
        return self.reason is None


@dataclass
class Problems:
    """Collects (path, message) pairs while checking."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))


# --- checking -------------------------------------------------------------------

_VALUE_TESTS = {"is", "in", "has_all", "has_any", "at_least", "at_most"}
_LOGIC = {"all", "any", "not"}
_CONDITION_OPERATORS = _VALUE_TESTS | _LOGIC | {"answered"}
_EXPRESSION_OPERATORS = {"value", "numerator_of", "denominator_of"}
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
    operator = _single_key(node, path, _CONDITION_OPERATORS, ctx.problems)
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
    operator = _single_key(node, path, _EXPRESSION_OPERATORS, ctx.problems)
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
        node = formula["value"]
        spec = questions.get(node.get("value")) if isinstance(node, Mapping) else None
        if spec is None or spec.kind != "maturity":
            problems.add(
                f"{path}.value", "a maturity indicator needs {value: <maturity question>}"
            )
    return problems.items


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
            if operator in _VALUE_TESTS and isinstance(args, list) and args:
                if isinstance(args[0], str):
                    yield args[0]
            elif operator in _EXPRESSION_OPERATORS | {"answered"} and isinstance(args, str):
                yield args
            else:
                yield from _walk_codes(args)
    elif isinstance(node, list):
        for child in node:
            yield from _walk_codes(child)


# --- evaluation -----------------------------------------------------------------
#
# A formula is compiled once into nested closures (`compile_formula`), each of which reads
# one answer and knows its operator and arguments already. The results engine evaluates
# every formula for every municipality and activity, tens of thousands of times a round;
# walking the formula's dictionaries each time was most of a recompute's cost.
# `evaluate` and `holds` compile and call, so there is one implementation of the rules.

Answers = Mapping[str, Any]
Condition = Callable[[Answers], bool | None]
Expression = Callable[[Answers], Decimal | None]
Evaluator = Callable[[Answers], Outcome]

# Outcomes without numbers are the same every time; frozen, so they can be shared.
_NOT_ANSWERED = Outcome(reason=Reason.NOT_ANSWERED)
_INVALID = Outcome(reason=Reason.INVALID_ANSWER)
_NOT_APPLICABLE = Outcome(reason=Reason.NOT_APPLICABLE)
_NOT_APPLICABLE_VERDICT = Outcome(verdict=Verdict.NOT_APPLICABLE, reason=Reason.NOT_APPLICABLE)
_MET = Outcome(verdict=Verdict.MET)
_PARTLY = Outcome(verdict=Verdict.PARTLY)
_NOT_MET = Outcome(verdict=Verdict.NOT_MET)


def _number(value: Any) -> Decimal | None:
    if type(value) is int:  # the common case; exact, as Decimal(str(value)) would be
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _is_mapping(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)  # dict first: an ABC check is slow


def _choices(value: Any) -> set[str] | None:
    if isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(v, str) for v in value
    ):
        return set(value)
    return None


def _unknown(answers: Answers) -> None:
    """A malformed condition or expression: unknown, whatever the answers."""
    return None


def _compile_test(operator: str, args: Any) -> Condition:
    """A value test; unknown when its question is unanswered or the answer does not fit."""
    if not isinstance(args, list) or len(args) != 2 or not isinstance(args[0], str):
        return _unknown
    code, wanted = args
    if operator == "is":

        def is_(answers: Answers) -> bool | None:
            answer = answers.get(code)
            return answer == wanted if isinstance(answer, str) else None

        return is_
    if operator == "in":
        if not isinstance(wanted, list):
            return _unknown

        def in_(answers: Answers) -> bool | None:
            answer = answers.get(code)
            return answer in wanted if isinstance(answer, str) else None

        return in_
    if operator in {"has_all", "has_any"}:
        if not isinstance(wanted, list):
            return _unknown
        every = operator == "has_all"

        def has(answers: Answers) -> bool | None:
            chosen = _choices(answers.get(code))
            if chosen is None:
                return None
            hits = [isinstance(w, str) and w in chosen for w in wanted]
            return all(hits) if every else any(hits)

        return has
    limit = _number(wanted)
    if limit is None:
        return _unknown
    at_least = operator == "at_least"

    def compare(answers: Answers) -> bool | None:
        number = _number(answers.get(code))
        if number is None:
            return None
        return number >= limit if at_least else number <= limit

    return compare


def compile_condition(condition: Any) -> Condition:
    """`holds` for one condition: a function of the answers. Never raises."""
    if not isinstance(condition, Mapping) or len(condition) != 1:
        return _unknown
    ((operator, args),) = condition.items()
    if operator == "answered":
        if not isinstance(args, str):
            return _unknown
        return lambda answers: answers.get(args) is not None
    if operator == "not":
        inner = compile_condition(args)

        def negation(answers: Answers) -> bool | None:
            result = inner(answers)
            return None if result is None else not result

        return negation
    if operator in {"all", "any"}:
        if not isinstance(args, list) or not args:
            return _unknown
        children = tuple(compile_condition(child) for child in args)
        decisive = operator == "any"  # any: one True decides; all: one False decides

        def combination(answers: Answers) -> bool | None:
            unknown = False
            for child in children:
                result = child(answers)
                if result is None:
                    unknown = True
                elif result == decisive:
                    return decisive
            return None if unknown else not decisive

        return combination
    if operator in _VALUE_TESTS:
        return _compile_test(operator, args)
    return _unknown


def holds(condition: Any, answers: Answers) -> bool | None:
    """Three-valued truth of a condition: True, False, or None (unknown)."""
    return compile_condition(condition)(answers)


def _compile_expression(node: Any) -> Expression:
    if isinstance(node, int | float) and not isinstance(node, bool):
        constant = _number(node)
        return lambda answers: constant
    if not isinstance(node, Mapping) or len(node) != 1:
        return _unknown
    ((operator, code),) = node.items()
    if not isinstance(code, str):
        return _unknown
    if operator == "value":
        return lambda answers: _number(answers.get(code))
    if operator in {"numerator_of", "denominator_of"}:
        part = operator.removesuffix("_of")

        def part_of(answers: Answers) -> Decimal | None:
            answer = answers.get(code)
            return _number(answer.get(part)) if _is_mapping(answer) else None

        return part_of
    return _unknown


def _compile_values(kind: str, formula: Mapping) -> Evaluator:
    """The outcome of a share, count or maturity formula that is applicable."""
    if kind != "share":
        value = _compile_expression(formula.get("value"))

        def valued(answers: Answers) -> Outcome:
            result = value(answers)
            return _NOT_ANSWERED if result is None else Outcome(value=result)

        return valued
    numerator_of = _compile_expression(formula.get("numerator"))
    denominator_of = _compile_expression(formula.get("denominator"))

    def share(answers: Answers) -> Outcome:
        numerator, denominator = numerator_of(answers), denominator_of(answers)
        if numerator is None or denominator is None:
            return _NOT_ANSWERED
        if numerator < 0 or denominator < 0 or numerator > denominator:
            return _INVALID
        if denominator == 0:
            return Outcome(reason=Reason.NOT_APPLICABLE, numerator=numerator, denominator=0)
        value = numerator / denominator * 100
        return Outcome(value=value, numerator=numerator, denominator=denominator)

    return share


def compile_formula(kind: str, formula: Any) -> Evaluator:
    """`evaluate` for one formula: a function of the answers. Never raises.

    Compile once and call per municipality and activity (see the note above).
    """
    if not isinstance(formula, Mapping):
        return lambda answers: _NOT_ANSWERED
    not_applicable = (
        compile_condition(formula["not_applicable"]) if "not_applicable" in formula else None
    )
    if kind != "yes_no":
        values = _compile_values(kind, formula)

        def evaluator(answers: Answers) -> Outcome:
            if not _is_mapping(answers):
                return _NOT_ANSWERED
            if not_applicable is not None and not_applicable(answers) is True:
                return _NOT_APPLICABLE
            return values(answers)

        return evaluator
    met = compile_condition(formula.get("met"))
    partly = compile_condition(formula["partly"]) if "partly" in formula else None

    def verdict(answers: Answers) -> Outcome:
        if not _is_mapping(answers):
            return _NOT_ANSWERED
        if not_applicable is not None and not_applicable(answers) is True:
            return _NOT_APPLICABLE_VERDICT
        result = met(answers)
        if result is None:
            return _NOT_ANSWERED
        if result:
            return _MET
        if partly is not None and partly(answers) is True:
            return _PARTLY
        return _NOT_MET

    return verdict


def evaluate(kind: str, formula: Any, answers: Answers) -> Outcome:
    """Evaluate a formula for one municipality (and activity). Never raises.

    `answers` maps question codes to answer values as stored: a yes/no state or choice
    code (str), a list of choice codes, a number, or {"numerator": n, "denominator": d}.
    To evaluate one formula many times, `compile_formula` it once instead.
    """
    return compile_formula(kind, formula)(answers)
