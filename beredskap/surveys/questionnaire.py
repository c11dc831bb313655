"""The questionnaire as the page shows it: areas → questions → slots with answers and state.

The edition's structure comes from `structure.of` (built once per process), so the whole
questionnaire costs one query for the answers, and one slot costs one query for its
answer and the answers that decide what is asked; progress after an autosave is one
aggregate beside the deciding answers the save read anyway.

A slot is *open* when the status and the person's role allow changing it, and *editable*
when it is open and asked: a place its conditions say is not asked is shown disabled with
the reason (`reason`), and `save_answer` refuses a value for it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from beredskap.catalogue.models import Activity, Question

from . import asking, structure, validation
from .models import Answer, Response


@dataclass
class SlotView:
    question: Question
    activity: Activity | None
    answer: Answer | None
    open: bool  # the status and the role allow a change
    error: str = ""
    problem: str = ""
    conflict: Any = None  # the value someone else saved, when a save was refused
    attempted: Any = None
    saved: bool = False
    conflicted: bool = False
    asked: bool | None = True  # False: the answers it depends on say it is not asked
    reason: str = ""  # why it is not asked, naming the answers it depends on
    raw: Any = None  # what was sent when it was refused: shown again until corrected
    cleared: list[str] = field(default_factory=list)  # answers this save made moot, by name
    oob: bool = False  # swapped in beside the saved slot (htmx out of band)

    @property
    def editable(self) -> bool:
        return self.open and self.asked is not False

    @property
    def disabled(self) -> bool:
        """Open, but not asked: shown disabled with the reason."""
        return self.open and self.asked is False

    @property
    def shown(self) -> Any:
        """The value in the field: what was sent while it is refused, else the saved one."""
        return self.raw if self.error and self.raw is not None else self.value

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
        return sum(1 for s in self.slots if s.answered and s.asked is not False)

    @property
    def returned(self) -> int:
        """Places the county board returned for completion."""
        return sum(1 for s in self.slots if s.answer is not None and s.answer.reopened)

    @property
    def total(self) -> int:
        """The places that are asked (or not yet known to be skipped)."""
        return sum(1 for s in self.slots if s.asked is not False)


def slot_editable(response: Response, answer: Answer | None, may_edit: bool) -> bool:
    if not may_edit:
        return False
    if response.status == Response.Status.DRAFT:
        return True
    return response.status == Response.Status.RETURNED and bool(answer and answer.reopened)


def build(response: Response, *, may_edit: bool) -> list[AreaView]:
    shape = structure.of(response.round.edition)
    answers = {(a.question_id, a.activity_code): a for a in response.answers.all()}
    values = {(shape.by_id[qid].code, activity): a.value for (qid, activity), a in answers.items()}
    areas: dict[int, AreaView] = {}
    for question in shape.questions:
        slot_views = []
        for activity in list(question.activities.all()) or [None]:
            answer = answers.get((question.pk, activity.code if activity else ""))
            slot = SlotView(question, activity, answer, slot_editable(response, answer, may_edit))
            check(slot, shape, values)
            slot_views.append(slot)
        area = areas.setdefault(question.area_id, AreaView(question.area))
        area.questions.append(QuestionView(question, slot_views))
    return list(areas.values())


def check(slot: SlotView, shape: structure.Structure, values) -> None:
    """Whether the slot is asked (and why not), and any contradiction, given `values`."""
    place = structure.Slot(slot.question, slot.activity_code)
    slot.asked = asking.asked(place, values)
    slot.reason = asking.not_asked_reason(shape, place) if slot.asked is False else ""
    slot.problem = ""
    if slot.value is not None and slot.asked is False:
        rule = validation.Rule.of(slot.question)
        slot.problem = validation.consistency_problem(rule, slot.value, {}) or ""
        slot.problem = slot.problem or slot.reason


def view_of(response, shape, place, answer, *, may_edit: bool, values) -> SlotView:
    """The view of one place with its answer, checked against `values`."""
    activity = shape.activity(place.question, place.activity_code)
    view = SlotView(place.question, activity, answer, slot_editable(response, answer, may_edit))
    check(view, shape, values)
    return view


def one_slot(response: Response, key: str, *, may_edit: bool) -> SlotView | None:
    """The slot `key` names, with its answer, in one query that also reads the answers
    that decide what is asked; None if there is none."""
    shape = structure.of(response.round.edition)
    place = shape.slot(key)
    if place is None:
        return None
    own = Q(question_id=place.question.pk, activity_code=place.activity_code)
    found = {
        (shape.by_id[a.question_id].code, a.activity_code): a
        for a in response.answers.filter(own | Q(question_id__in=shape.deciding))
    }
    values = {k: a.value for k, a in found.items()}
    answer = found.get((place.question.code, place.activity_code))
    return view_of(response, shape, place, answer, may_edit=may_edit, values=values)


def progress(response: Response, values=None) -> dict[str, int]:
    """Answered and total places that are asked. With the deciding `values` a save read,
    one aggregate query; without, the deciding answers are read too."""
    shape = structure.of(response.round.edition)
    if values is None:
        values = {
            (shape.by_id[qid].code, activity): value
            for qid, activity, value in response.answers.filter(
                question_id__in=shape.deciding
            ).values_list("question_id", "activity_code", "value")
        }
    skipped = asking.not_asked(shape, values)
    moot = sum(1 for place in skipped if values.get(place) is not None)
    answered = response.answers.filter(value__isnull=False).count() - moot
    return {"answered": answered, "total": len(shape.slots) - len(skipped)}


def find_slot(areas: list[AreaView], key: str) -> SlotView | None:
    return next((s for a in areas for s in a.slots if s.key == key), None)
