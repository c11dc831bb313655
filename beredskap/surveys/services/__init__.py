"""Every change of state in the survey: rounds, answers, and the review workflow.

Each function takes keyword-only arguments with `by=user`, runs in a transaction and
leaves an audit row. Views, the spreadsheet import, the API, commands and tests all
call these functions, so the same rules hold on every route.

- `answers.py`: `save_answer`, the one door for every write of an answer, with its
  conflicts (`ConcurrentEdit`, `Locked`) and revisions, and the questionnaire's slots;
- `workflow.py`: submit, return, approve and reopen a response, on top of `_transition`;
- `rounds.py`: opening a round and pre-filling its drafts from last year;
- `importing.py`: saving the rows of an uploaded spreadsheet, all or nothing.

The public names are re-exported here: `from beredskap.surveys import services` and
`services.save_answer(...)` is how the rest of the project calls them.
"""

from ..structure import Slot, edition_questions, slots
from .answers import (
    ConcurrentEdit,
    Locked,
    NotAsked,
    Saved,
    answers_by_activity,
    check_slot,
    clear_moot_answers,
    is_stored,
    save_answer,
    save_answer_outcome,
    values_for,
)
from .importing import IMPORT_ERRORS, ImportFailed, ImportRow, RowProblem, import_answers
from .rounds import open_round, prefill_response, prefill_round
from .workflow import (
    Problem,
    approve_response,
    problems_before_submit,
    reopen_response,
    return_response,
    submit_response,
)

__all__ = [
    "IMPORT_ERRORS",
    "ConcurrentEdit",
    "ImportFailed",
    "ImportRow",
    "Locked",
    "NotAsked",
    "Problem",
    "RowProblem",
    "Saved",
    "Slot",
    "answers_by_activity",
    "approve_response",
    "check_slot",
    "clear_moot_answers",
    "edition_questions",
    "import_answers",
    "is_stored",
    "open_round",
    "prefill_response",
    "prefill_round",
    "problems_before_submit",
    "reopen_response",
    "return_response",
    "save_answer",
    "save_answer_outcome",
    "slots",
    "submit_response",
    "values_for",
]
