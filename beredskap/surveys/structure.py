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
from beredskap.catalogue.models import Activity, Edition, Question

#: How many editions a process keeps (rounds of a few years are open for reading at once).
KEEP = 8

_memo: dict[tuple, "Structure"] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Slot:
    """One answer's place: a question, and an activity ('' for the municipality as a whole)."""

    question: Question
    activity_code: str = ""

    @property
    def key(self) -> str:
        """Form field and URL name: KON_PLAN.sabo, or KON_UNITS municipality-wide."""
        code = self.question.code
        return f"{code}.{self.activity_code}" if self.activity_code else code


def edition_questions(edition: Edition) -> list[Question]:
    """The edition's questions with their activities and areas, in two queries."""
    return list(
        edition.questions.select_related("area")
        .prefetch_related("activities")
        .order_by("position")
    )


def slots(questions: list[Question]) -> list[Slot]:
    """Every answer place of a questionnaire, in order."""
    result = []
    for question in questions:
        codes = [a.code for a in question.activities.all()] or [""]
        result.extend(Slot(question, code) for code in codes)
    return result


@dataclass(frozen=True)
class Structure:
    """The questions of one edition in order, with what a single slot needs to be found,
    validated and checked against the answers it depends on."""

    questions: tuple[Question, ...]
    by_code: dict[str, Question] = field(repr=False)
    by_id: dict[int, Question] = field(repr=False)
    slots: tuple[Slot, ...] = field(repr=False)
    depends_on: dict[str, frozenset[str]] = field(repr=False)
    #: question code → the questions whose condition reads it (asked only if …)
    dependents: dict[str, tuple[Question, ...]] = field(repr=False)
    #: the questions a condition reads or that have one: the answers that decide what is
    #: asked (about 70 places of the 2025 edition's 282), read together by every save
    deciding: frozenset[int] = field(repr=False)

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

    def activity(self, question: Question, code: str) -> Activity | None:
        return next((a for a in question.activities.all() if a.code == code), None)


def _key(edition: Edition) -> tuple[Any, ...]:
    return (edition.pk, edition.loaded_at, edition.checksum)


def _build(edition: Edition) -> Structure:
    questions = tuple(edition_questions(edition))
    by_code = {q.code: q for q in questions}
    depends_on = {
        q.code: frozenset(referenced_questions(q.asked_if) if q.asked_if else ())
        for q in questions
    }
    dependents: dict[str, list[Question]] = {}
    for question in questions:
        for code in depends_on[question.code]:
            dependents.setdefault(code, []).append(question)
    deciding = {by_code[c].pk for c in dependents if c in by_code}
    deciding |= {q.pk for q in questions if depends_on[q.code]}
    return Structure(
        questions=questions,
        by_code=by_code,
        by_id={q.pk: q for q in questions},
        slots=tuple(slots(list(questions))),
        depends_on=depends_on,
        dependents={code: tuple(found) for code, found in dependents.items()},
        deciding=frozenset(deciding),
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
