"""Which answer places are asked, given the answers: pure functions over plain values.

A question with a condition ("asked only if the plan exists") is asked, not asked or not
yet known (the answer it depends on is missing). The questionnaire disables a place that
is not asked, `save_answer` refuses a value for it and clears an answer a changed answer
made moot, and progress counts only what is asked: all from these functions, over
`values`, a mapping {(question code, activity code): value} of the answers at hand.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beredskap.catalogue.calculations import holds

from .structure import Slot, Structure

Values = Mapping[tuple[str, str], Any]


def seen(values: Values, activity_code: str) -> dict[str, Any]:
    """The answers a condition sees for one activity: municipality-wide ones and its own."""
    found = {code: v for (code, activity), v in values.items() if activity == ""}
    if activity_code:
        found |= {code: v for (code, a), v in values.items() if a == activity_code}
    return found


def asked(slot: Slot, values: Values) -> bool | None:
    """Whether the slot is asked given `values` (None: the answer it depends on is missing)."""
    if not slot.question.asked_if:
        return True
    return holds(slot.question.asked_if, seen(values, slot.activity_code))


def not_asked(shape: Structure, values: Values) -> set[tuple[str, str]]:
    """Every place of the questionnaire its conditions say is not asked. Every save's
    progress count asks this of all conditional places, so what a condition sees is
    gathered once per activity, not once per place."""
    seen_by_activity: dict[str, dict[str, Any]] = {}
    found = set()
    for s in shape.slots:
        if not s.question.asked_if:
            continue
        if s.activity_code not in seen_by_activity:
            seen_by_activity[s.activity_code] = seen(values, s.activity_code)
        if holds(s.question.asked_if, seen_by_activity[s.activity_code]) is False:
            found.add((s.question.code, s.activity_code))
    return found


def affected(shape: Structure, slot: Slot) -> list[Slot]:
    """The places whose being asked may change with `slot`'s answer, also through a place
    that is cleared in turn: the same activity's, or every activity's for a
    municipality-wide answer."""
    found: list[Slot] = []
    todo = [slot]
    while todo:
        current = todo.pop()
        for question in shape.dependents.get(current.question.code, ()):
            codes = [a.code for a in question.activities.all()] or [""]
            if current.activity_code:
                codes = [c for c in codes if c in ("", current.activity_code)]
            for code in codes:
                place = Slot(question, code)
                if place not in found:
                    found.append(place)
                    todo.append(place)
    return found


def moot(places: Iterable[Slot], values: Values) -> list[Slot]:
    """The answered places among `places` that are no longer asked."""
    return [
        s
        for s in places
        if values.get((s.question.code, s.activity_code)) is not None and asked(s, values) is False
    ]


def depends_on_text(shape: Structure, slot: Slot) -> str:
    """The questions `slot` depends on, by text: “Is there a plan?” (Residential care)."""
    names = []
    for code in sorted(shape.depends_on.get(slot.question.code, ())):
        question = shape.by_code.get(code)
        if question is None:
            continue
        activity = shape.activity(question, slot.activity_code)
        names.append(f"”{question.text}”" + (f" ({activity.name})" if activity else ""))
    return ", ".join(names)


def not_asked_reason(shape: Structure, slot: Slot) -> str:
    """Why the place is not asked, naming the answers it depends on."""
    count = len(shape.depends_on.get(slot.question.code, ()))
    return ngettext(
        "Not asked, given the answer to %(questions)s.",
        "Not asked, given the answers to %(questions)s.",
        count,
    ) % {"questions": depends_on_text(shape, slot)}


def refusal(shape: Structure, slot: Slot) -> str:
    """The message when a value is sent for a place that is not asked."""
    return _(
        "This question is not asked, given the answer to %(questions)s. Change that answer "
        "first if this question should be answered."
    ) % {"questions": depends_on_text(shape, slot)}


def label(shape: Structure, slot: Slot) -> str:
    """A place by name, for people: “What does the plan contain?” (Residential care)."""
    activity = shape.activity(slot.question, slot.activity_code)
    return f"”{slot.question.text}”" + (f" ({activity.name})" if activity else "")
