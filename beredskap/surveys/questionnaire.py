"""The questionnaire as the page shows it: areas → questions → slots with answers and state.

The edition's structure comes from `structure.of` (built once per process), so the whole
questionnaire costs one query for the answers, and one slot (an autosave) costs one query
for its answer and the answers its condition reads, plus one aggregate for the progress.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from beredskap.catalogue.models import Activity, Question

from . import services, structure, validation
from .models import Answer, Response


@dataclass
class SlotView:
    question: Question
    activity: Activity | None
    answer: Answer | None
    editable: bool
    error: str = ""
    problem: str = ""
    conflict: Any = None  # the value someone else saved, when a save was refused
    attempted: Any = None
    saved: bool = False
    conflicted: bool = False
    asked: bool | None = True  # False: the answers it depends on say it is not asked
    seen: dict[str, Any] | None = None  # one_slot: the answers its condition reads

    @property
    def label(self) -> str:
        return self.activity.name if self.activity else gettext("Answer")

    @property
    def activity_code(self) -> str:
        return self.activity.code if self.activity else ""

    @property
    def key(self) -> str:
        """Form field and URL name of the slot: KON_PLAN.sabo, or KON_UNITS municipality-wide."""
        code = self.question.code
        return f"{code}.{self.activity_code}" if self.activity_code else code

    @property
    def value(self) -> Any:
        return self.answer.value if self.answer else None

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass
class QuestionView:
    question: Question
    slots: list[SlotView]


@dataclass
class AreaView:
    area: Any
    questions: list[QuestionView] = field(default_factory=list)

    @property
    def slots(self) -> list[SlotView]:
        return [s for q in self.questions for s in q.slots]

    @property
    def answered(self) -> int:
        return sum(1 for s in self.slots if s.answered)

    @property
    def total(self) -> int:
        return len(self.slots)


def slot_editable(response: Response, answer: Answer | None, may_edit: bool) -> bool:
    if not may_edit:
        return False
    if response.status == Response.Status.DRAFT:
        return True
    return response.status == Response.Status.RETURNED and bool(answer and answer.reopened)


def build(response: Response, *, may_edit: bool) -> list[AreaView]:
    questions = structure.of(response.round.edition).questions
    answers = {
        (a.question_id, a.activity_code): a for a in response.answers.select_related("question")
    }
    grouped = services.answers_by_activity(response, answers.values())
    areas: dict[int, AreaView] = {}
    for question in questions:
        rule = validation.Rule.of(question)
        slot_views = []
        for activity in list(question.activities.all()) or [None]:
            answer = answers.get((question.pk, activity.code if activity else ""))
            slot = SlotView(question, activity, answer, slot_editable(response, answer, may_edit))
            check(slot, services.values_for(grouped, slot.activity_code), rule)
            slot_views.append(slot)
        area = areas.setdefault(question.area_id, AreaView(question.area))
        area.questions.append(QuestionView(question, slot_views))
    return list(areas.values())


def check(slot: SlotView, seen: dict[str, Any], rule: validation.Rule | None = None) -> None:
    """Whether the slot is asked, and any contradiction, given the answers it sees."""
    rule = rule or validation.Rule.of(slot.question)
    seen = {**seen, slot.question.code: slot.value}
    slot.problem = validation.consistency_problem(rule, slot.value, seen) or ""
    slot.asked = validation.is_asked(rule, seen)


def one_slot(response: Response, key: str, *, may_edit: bool) -> SlotView | None:
    """The slot `key` names, with its answer, in one query that also reads the answers its
    condition depends on (for its activity and municipality-wide); None if there is none."""
    shape = structure.of(response.round.edition)
    slot = shape.slot(key)
    if slot is None:
        return None
    answers = list(
        response.answers.filter(
            question__code__in=shape.codes_read_by(slot.question),
            activity_code__in={"", slot.activity_code},
        ).select_related("question")
    )
    own = next(
        (
            a
            for a in answers
            if a.question_id == slot.question.pk and a.activity_code == slot.activity_code
        ),
        None,
    )
    activity = next(
        (a for a in slot.question.activities.all() if a.code == slot.activity_code), None
    )
    view = SlotView(slot.question, activity, own, slot_editable(response, own, may_edit))
    view.seen = services.values_for(
        services.answers_by_activity(response, answers), view.activity_code
    )
    check(view, view.seen)
    return view


def progress(response: Response) -> dict[str, int]:
    """Answered and total slots of the response: one aggregate query."""
    total = len(structure.of(response.round.edition).slots)
    answered = response.answers.filter(value__isnull=False).count()
    return {"answered": answered, "total": total}


def find_slot(areas: list[AreaView], key: str) -> SlotView | None:
    return next((s for a in areas for s in a.slots if s.key == key), None)
