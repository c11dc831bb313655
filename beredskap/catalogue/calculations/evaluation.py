"""Evaluating formulas: three-valued logic over one municipality's answers.

A formula is compiled once into nested closures (`compile_formula`), each of which reads
one answer and knows its operator and arguments already. The results engine evaluates
every formula for every municipality and activity, tens of thousands of times a round;
walking the formula's dictionaries each time was most of a recompute's cost.
`evaluate` and `holds` compile and call, so there is one implementation of the rules.

Whatever the answers are, nothing here raises: a test of an unanswered or malformed
answer is unknown, and an unknown `met` is an outcome without a value.
"""

import math
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .language import VALUE_TESTS, Outcome, Reason, Verdict

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
        return _is(code, wanted)
    if operator in {"in", "has_all", "has_any"} and not isinstance(wanted, list):
        return _unknown
    if operator == "in":
        return _in(code, wanted)
    if operator in {"has_all", "has_any"}:
        return _has(code, wanted, every=operator == "has_all")
    limit = _number(wanted)
    if limit is None:
        return _unknown
    return _compare(code, limit, at_least=operator == "at_least")


def _is(code: str, wanted: Any) -> Condition:
    def is_(answers: Answers) -> bool | None:
        answer = answers.get(code)
        return answer == wanted if isinstance(answer, str) else None

    return is_


def _in(code: str, wanted: list) -> Condition:
    def in_(answers: Answers) -> bool | None:
        answer = answers.get(code)
        return answer in wanted if isinstance(answer, str) else None

    return in_


def _has(code: str, wanted: list, *, every: bool) -> Condition:
    def has(answers: Answers) -> bool | None:
        chosen = _choices(answers.get(code))
        if chosen is None:
            return None
        hits = [isinstance(w, str) and w in chosen for w in wanted]
        return all(hits) if every else any(hits)

    return has


def _compare(code: str, limit: Decimal, *, at_least: bool) -> Condition:
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
        return _negation(compile_condition(args))
    if operator in {"all", "any"}:
        if not isinstance(args, list) or not args:
            return _unknown
        children = tuple(compile_condition(child) for child in args)
        return _combination(children, decisive=operator == "any")
    if operator in VALUE_TESTS:
        return _compile_test(operator, args)
    return _unknown


def _negation(inner: Condition) -> Condition:
    def negation(answers: Answers) -> bool | None:
        result = inner(answers)
        return None if result is None else not result

    return negation


def _combination(children: tuple[Condition, ...], *, decisive: bool) -> Condition:
    """`all` (decisive False: one False decides) or `any` (decisive True: one True decides)."""

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

    Compile once and call per municipality and activity (see the module docstring).
    """
    if not isinstance(formula, Mapping):
        return lambda answers: _NOT_ANSWERED
    not_applicable = (
        compile_condition(formula["not_applicable"]) if "not_applicable" in formula else None
    )
    if kind != "yes_no":
        return _valued_evaluator(_compile_values(kind, formula), not_applicable)
    return _verdict_evaluator(formula, not_applicable)


def _valued_evaluator(values: Evaluator, not_applicable: Condition | None) -> Evaluator:
    def evaluator(answers: Answers) -> Outcome:
        if not _is_mapping(answers):
            return _NOT_ANSWERED
        if not_applicable is not None and not_applicable(answers) is True:
            return _NOT_APPLICABLE
        return values(answers)

    return evaluator


def _verdict_evaluator(formula: Mapping, not_applicable: Condition | None) -> Evaluator:
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
