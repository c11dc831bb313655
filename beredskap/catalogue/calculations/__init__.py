"""The formula language of the indicator catalogue: checking and evaluation.

Formulas are plain data (from YAML): conditions such as `{"is": ["KON_PLAN", "ja"]}`
combined with `all`, `any` and `not`, and numeric expressions such as
`{"numerator_of": "KON_UNITS"}`. Nothing here touches the database, and nothing from
data is ever executed. The vocabulary is in `language.py`; `checking.py` lists every
problem of a formula with its path (`check_formula`), when an edition is loaded;
`evaluation.py` computes outcomes (`evaluate`, `compile_formula`) and never raises,
whatever the answers are (three-valued logic: a test of an unanswered or malformed
answer is unknown). The public names are re-exported here, so
`from beredskap.catalogue import calculations` is all an importer needs.
"""

from .checking import check_condition, check_formula, referenced_questions
from .evaluation import (
    Answers,
    Condition,
    Evaluator,
    Expression,
    compile_condition,
    compile_formula,
    evaluate,
    holds,
)
from .language import (
    INDICATOR_KINDS,
    MATURITY_LEVELS,
    QUESTION_KINDS,
    YES_NO_STATES,
    Outcome,
    Problems,
    QuestionSpec,
    Reason,
    Verdict,
)

__all__ = [
    "INDICATOR_KINDS",
    "MATURITY_LEVELS",
    "QUESTION_KINDS",
    "YES_NO_STATES",
    "Answers",
    "Condition",
    "Evaluator",
    "Expression",
    "Outcome",
    "Problems",
    "QuestionSpec",
    "Reason",
    "Verdict",
    "check_condition",
    "check_formula",
    "compile_condition",
    "compile_formula",
    "evaluate",
    "holds",
    "referenced_questions",
]
