"""The questionnaire as the page shows it: areas → questions → slots with answers and state.

Built from three queries (questions with activities, answers, activities), so the number of
queries does not grow with the number of questions or answers.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from beredskap.catalogue.models import Activity, Question

from . import services, validation
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
    questions = services.edition_questions(response.round.edition)
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
            seen = services.values_for(grouped, slot.activity_code)
            slot.problem = validation.consistency_problem(rule, slot.value, seen) or ""
            slot.asked = validation.is_asked(rule, seen)
            slot_views.append(slot)
        area = areas.setdefault(question.area_id, AreaView(question.area))
        area.questions.append(QuestionView(question, slot_views))
    return list(areas.values())


def find_slot(areas: list[AreaView], key: str) -> SlotView | None:
    return next((s for a in areas for s in a.slots if s.key == key), None)
