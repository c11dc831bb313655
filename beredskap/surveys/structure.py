"""An edition's questionnaire structure, built once per process and reused.

Every autosave and every page of the questionnaire needs the edition's questions with their
areas, activities and conditions (`asked_if`): about 350 objects for the 2025 edition,
which used to be loaded from the database on each save. The structure cannot change once a
round is open (`catalogue.services.load_edition` refuses to replace an edition a round
uses; a replaced edition is a new row), so it is built once and kept.

Where it is kept: a small memo in each process, keyed on the edition's id, load time and
checksum, so a reloaded edition (before its round opens) is built afresh. A shared cache
(Redis or the database table) was the alternative; it was not chosen because unpickling the
structure on every request costs about what loading it from the database does, and because
model instances in a shared cache outlive deployments of changed code. With several
gunicorn workers each builds the structure once, in two queries, on its first request.
"""

import threading
from dataclasses import dataclass, field
from typing import Any

from beredskap.catalogue.calculations.checking import referenced_questions
from beredskap.catalogue.models import Edition, Question

from .services import Slot, edition_questions, slots

#: How many editions a process keeps (rounds of a few years are open for reading at once).
KEEP = 8

_memo: dict[tuple, "Structure"] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Structure:
    """The questions of one edition in order, with what a single slot needs to be found,
    validated and checked against the answers it depends on."""

    questions: tuple[Question, ...]
    by_code: dict[str, Question] = field(repr=False)
    slots: tuple[Slot, ...] = field(repr=False)
    depends_on: dict[str, frozenset[str]] = field(repr=False)

    def slot(self, key: str) -> Slot | None:
        """The slot a form field or URL names: KON_PLAN.sabo, or KON_UNITS municipality-wide."""
        code, _sep, activity = key.partition(".")
        question = self.by_code.get(code)
        if question is None:
            return None
        activities = {a.code for a in question.activities.all()}
        if (activity or activities) and activity not in activities:
            return None
        return Slot(question, activity)

    def codes_read_by(self, question: Question) -> frozenset[str]:
        """The question's own code and the codes its condition reads."""
        return self.depends_on[question.code] | {question.code}


def _key(edition: Edition) -> tuple[Any, ...]:
    return (edition.pk, edition.loaded_at, edition.checksum)


def _build(edition: Edition) -> Structure:
    questions = tuple(edition_questions(edition))
    return Structure(
        questions=questions,
        by_code={q.code: q for q in questions},
        slots=tuple(slots(list(questions))),
        depends_on={
            q.code: frozenset(referenced_questions(q.asked_if) if q.asked_if else ())
            for q in questions
        },
    )


def of(edition: Edition) -> Structure:
    """The edition's structure: built on first use in this process, then reused."""
    key = _key(edition)
    found = _memo.get(key)
    if found is None:
        found = _build(edition)
        with _lock:
            while len(_memo) >= KEEP:
                _memo.pop(next(iter(_memo)))
            _memo[key] = found
    return found
