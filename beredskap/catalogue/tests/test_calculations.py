"""The formula language: a table per construct, and Hypothesis for never raising."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beredskap.catalogue.calculations import (
    QuestionSpec,
    Reason,
    Verdict,
    check_formula,
    compile_formula,
    evaluate,
    holds,
    referenced_questions,
)

PARTS = ["reserv", "aterstallning", "atergang", "kontakt"]
QUESTIONS = {
    "PLAN": QuestionSpec("PLAN", "yes_no", frozenset({"sabo", "hemtjanst"})),
    "PARTS": QuestionSpec("PARTS", "multiple_choice", frozenset({"sabo", "hemtjanst"}), frozenset(PARTS)),
    "UNITS": QuestionSpec("UNITS", "share", frozenset({"sabo"})),
    "DAYS": QuestionSpec("DAYS", "number"),
    "LEVEL": QuestionSpec("LEVEL", "maturity"),
    "REGIME": QuestionSpec("REGIME", "single_choice", choices=frozenset({"egen", "upphandlad"})),
    "OWN_PLAN": QuestionSpec("OWN_PLAN", "yes_no"),
}  # fmt: skip

CONTINUITY_2024 = {
    "not_applicable": {"is": ["PLAN", "ej_aktuellt"]},
    "met": {"all": [{"is": ["PLAN", "ja"]}, {"has_all": ["PARTS", PARTS]}]},
    "partly": {"any": [{"is": ["PLAN", "pagar"]}, {"is": ["PLAN", "ja"]}]},
}


@pytest.mark.parametrize(
    "answers, expected",
    [
        ({"PLAN": "ja", "PARTS": PARTS}, Verdict.MET),
        ({"PLAN": "ja", "PARTS": ["reserv"]}, Verdict.PARTLY),
        ({"PLAN": "pagar"}, Verdict.PARTLY),
        ({"PLAN": "nej"}, Verdict.NOT_MET),
        ({"PLAN": "vet_ej"}, Verdict.NOT_MET),
        ({"PLAN": "ej_aktuellt"}, Verdict.NOT_APPLICABLE),
        ({"PLAN": "ja"}, None),  # parts unanswered: cannot decide
        ({}, None),
    ],
)
def test_continuity_plan_2024(answers, expected):
    outcome = evaluate("yes_no", CONTINUITY_2024, answers)
    assert outcome.verdict == expected
    if expected is None:
        assert outcome.reason == Reason.NOT_ANSWERED


@pytest.mark.parametrize(
    "condition, answers, expected",
    [
        ({"answered": "DAYS"}, {"DAYS": 0}, True),
        ({"answered": "DAYS"}, {}, False),
        ({"is": ["PLAN", "ja"]}, {"PLAN": "ja"}, True),
        ({"is": ["PLAN", "ja"]}, {"PLAN": "nej"}, False),
        ({"is": ["PLAN", "ja"]}, {}, None),
        ({"in": ["REGIME", ["egen", "upphandlad"]]}, {"REGIME": "egen"}, True),
        ({"in": ["REGIME", ["upphandlad"]]}, {"REGIME": "egen"}, False),
        ({"has_all": ["PARTS", ["reserv", "kontakt"]]}, {"PARTS": ["kontakt", "reserv"]}, True),
        ({"has_all": ["PARTS", ["reserv", "kontakt"]]}, {"PARTS": ["reserv"]}, False),
        ({"has_any": ["PARTS", ["reserv", "kontakt"]]}, {"PARTS": ["reserv"]}, True),
        ({"has_any": ["PARTS", ["kontakt"]]}, {"PARTS": []}, False),
        ({"at_least": ["DAYS", 7]}, {"DAYS": 7}, True),
        ({"at_least": ["DAYS", 7]}, {"DAYS": "6.5"}, False),
        ({"at_most": ["LEVEL", 2]}, {"LEVEL": 3}, False),
        ({"at_most": ["LEVEL", 2]}, {"LEVEL": "many"}, None),
        ({"not": {"is": ["PLAN", "ja"]}}, {"PLAN": "nej"}, True),
        ({"not": {"is": ["PLAN", "ja"]}}, {}, None),
        # three-valued logic: one False decides all, one True decides any
        ({"all": [{"is": ["PLAN", "ja"]}, {"answered": "DAYS"}]}, {"PLAN": "nej"}, False),
        ({"all": [{"is": ["PLAN", "ja"]}, {"is": ["OWN_PLAN", "ja"]}]}, {"PLAN": "ja"}, None),
        ({"any": [{"is": ["PLAN", "ja"]}, {"is": ["OWN_PLAN", "ja"]}]}, {"OWN_PLAN": "ja"}, True),
        ({"any": [{"is": ["PLAN", "ja"]}, {"is": ["OWN_PLAN", "ja"]}]}, {"PLAN": "nej"}, None),
    ],
)
def test_each_condition(condition, answers, expected):
    assert holds(condition, answers) is expected


@pytest.mark.parametrize(
    "answer, value, reason",
    [
        ({"numerator": 3, "denominator": 4}, Decimal(75), None),
        ({"numerator": 0, "denominator": 5}, Decimal(0), None),
        ({"numerator": 0, "denominator": 0}, None, Reason.NOT_APPLICABLE),
        ({"numerator": 5, "denominator": 4}, None, Reason.INVALID_ANSWER),
        ({"numerator": 3}, None, Reason.NOT_ANSWERED),
        (None, None, Reason.NOT_ANSWERED),
    ],
)
def test_share(answer, value, reason):
    formula = {"numerator": {"numerator_of": "UNITS"}, "denominator": {"denominator_of": "UNITS"}}
    outcome = evaluate("share", formula, {"UNITS": answer})
    assert (outcome.value, outcome.reason) == (value, reason)
    if value is not None:
        assert outcome.denominator == Decimal(answer["denominator"])


def test_count_and_maturity_values():
    assert evaluate("count", {"value": {"value": "DAYS"}}, {"DAYS": 14}).value == 14
    assert evaluate("maturity", {"value": {"value": "LEVEL"}}, {"LEVEL": 3}).value == 3
    assert evaluate("count", {"value": {"value": "DAYS"}}, {}).reason == Reason.NOT_ANSWERED
    na = {"value": {"value": "DAYS"}, "not_applicable": {"is": ["OWN_PLAN", "nej"]}}
    assert evaluate("count", na, {"OWN_PLAN": "nej", "DAYS": 3}).reason == Reason.NOT_APPLICABLE


def test_a_valid_formula_has_no_problems():
    activities = frozenset({"sabo", "hemtjanst"})
    assert check_formula("yes_no", CONTINUITY_2024, QUESTIONS, activities) == []
    assert referenced_questions(CONTINUITY_2024) == {"PLAN", "PARTS"}


@pytest.mark.parametrize(
    "kind, formula, activities, expected",
    [
        ("yes_no", {"met": {"is": ["NOPE", "ja"]}}, {"sabo"}, "formula.met.is[0]: unknown question 'NOPE'"),
        ("yes_no", {"met": {"is": ["PLAN", "yes"]}}, {"sabo"}, "formula.met.is[1]: 'yes' is not an answer"),
        ("yes_no", {"met": {"has_all": ["PLAN", ["ja"]]}}, {"sabo"}, "has_all cannot test a yes_no"),
        ("yes_no", {"met": {"is": ["PLAN", "ja"]}}, {"khsv"}, "not asked for activities ['khsv']"),
        ("yes_no", {"met": {"is": ["PLAN", "ja"]}}, set(), "asked per activity, but this is municipality-wide"),
        ("yes_no", {"met": {"xor": []}}, set(), "formula.met: unknown operator 'xor'"),
        ("yes_no", {"partly": {"answered": "DAYS"}}, set(), "formula: missing 'met'"),
        ("yes_no", {"met": {"all": []}}, set(), "all needs a non-empty list"),
        ("share", {"numerator": {"value": "UNITS"}, "denominator": 1}, {"sabo"}, "value needs a maturity/number"),
        ("count", {"value": {"value": "DAYS"}, "met": {}}, set(), "formula.met: not allowed"),
        ("maturity", {"value": {"value": "DAYS"}}, set(), "needs {value: <maturity question>}"),
        ("ratio", {}, set(), "unknown indicator kind"),
    ],
)  # fmt: skip
def test_each_formula_problem_is_reported_with_its_path(kind, formula, activities, expected):
    problems = check_formula(kind, formula, QUESTIONS, frozenset(activities))
    assert any(expected in f"{path}: {message}" for path, message in problems), problems


# --- Hypothesis: evaluation never raises, whatever the formula and answers --------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["ja", "nej", "pagar", "ej_aktuellt", "vet_ej", "reserv", "egen"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
codes = st.sampled_from(sorted(QUESTIONS))
answers = st.dictionaries(
    codes, values | st.fixed_dictionaries({"numerator": values, "denominator": values})
)
conditions = st.recursive(
    st.one_of(
        st.builds(lambda c: {"answered": c}, codes),
        st.builds(
            lambda op, c, v: {op: [c, v]},
            st.sampled_from(["is", "in", "has_all", "has_any", "at_least", "at_most"]),
            codes,
            values,
        ),
        values,
    ),
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=10,
)
expressions = st.one_of(
    values,
    st.builds(
        lambda op, c: {op: c},
        st.sampled_from(["value", "numerator_of", "denominator_of"]),
        codes | values,
    ),
)
formulas = st.one_of(
    values,
    st.fixed_dictionaries(
        {"met": conditions}, optional={"partly": conditions, "not_applicable": conditions}
    ),
    st.fixed_dictionaries(
        {"numerator": expressions, "denominator": expressions},
        optional={"not_applicable": conditions},
    ),
    st.fixed_dictionaries({"value": expressions}),
)


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(["yes_no", "share", "count", "maturity", "other"]),
    formula=formulas,
    answers=answers,
)
def test_evaluation_never_raises(kind, formula, answers):
    outcome = evaluate(kind, formula, answers)
    if outcome.reason is None:
        assert outcome.verdict is not None or outcome.value is not None
    else:
        assert outcome.value is None
        assert outcome.verdict in (None, Verdict.NOT_APPLICABLE)


@settings(max_examples=300, deadline=None)
@given(
    formula=st.fixed_dictionaries(
        {"met": conditions}, optional={"partly": conditions, "not_applicable": conditions}
    ),
    answers=answers,
)
def test_checking_never_raises_and_checked_formulas_give_a_verdict_or_a_reason(formula, answers):
    problems = check_formula("yes_no", formula, QUESTIONS, frozenset({"sabo"}))
    outcome = evaluate("yes_no", formula, answers)
    assert isinstance(problems, list)
    assert outcome.verdict is not None or outcome.reason == Reason.NOT_ANSWERED


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["yes_no", "share", "count", "maturity", "other"]),
    formula=formulas,
    many=st.lists(answers, max_size=5),
)
def test_a_compiled_formula_gives_each_answer_set_its_own_outcome(kind, formula, many):
    """The engine compiles a formula once and evaluates it per municipality."""
    compiled = compile_formula(kind, formula)
    assert [compiled(a) for a in many] == [evaluate(kind, formula, a) for a in many]


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(["yes_no", "share", "count", "maturity", "other"]),
    formula=formulas,
    answers=answers,
)
def test_an_outcome_depends_only_on_the_referenced_questions(kind, formula, answers):
    """What the engine's memo of outcomes relies on (results.calculations._local)."""
    referenced = referenced_questions(formula)
    read = {code: value for code, value in answers.items() if code in referenced}
    assert evaluate(kind, formula, answers) == evaluate(kind, formula, read)
