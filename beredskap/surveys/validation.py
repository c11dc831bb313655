"""Validation of answers: one value against its question, and answers against each other.

Pure functions over plain data, used by the web form, the spreadsheet import and the
API alike, so that every route applies the same rules.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from beredskap.catalogue.calculations import MATURITY_LEVELS, YES_NO_STATES, holds


@dataclass(frozen=True)
class Rule:
    """What validation needs to know about a question."""

    code: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    integer: bool = False
    activities: tuple[str, ...] = ()
    asked_if: Any = None

    @classmethod
    def of(cls, question) -> "Rule":
        return cls(
            code=question.code,
            kind=question.kind,
            required=question.required,
            choices=tuple(c["code"] for c in question.choices),
            min_value=question.min_value,
            max_value=question.max_value,
            integer=question.integer,
            activities=tuple(a.code for a in question.activities.all()),
            asked_if=question.asked_if,
        )


class Invalid(ValueError):
    """A value that does not fit its question; the message is for the person answering."""


def _decimal(raw: Any, field: str) -> Decimal:
    if isinstance(raw, bool):
        raise Invalid(_("%(field)s must be a number.") % {"field": field})
    text = str(raw).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Invalid(_("%(field)s must be a number.") % {"field": field}) from None
    if not number.is_finite():
        raise Invalid(_("%(field)s must be a number.") % {"field": field})
    return number


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def clean_value(rule: Rule, raw: Any) -> Any:
    """The stored form of `raw` for `rule`'s question, or None for "no answer".

    Accepts what forms, spreadsheets and the API send (strings, numbers, lists, a
    {"numerator", "denominator"} mapping) and raises Invalid with a Swedish message.
    """
    if raw is None or raw == "" or raw == []:
        return None
    kind = rule.kind
    if kind == "yes_no":
        if raw not in YES_NO_STATES:
            raise Invalid(_("Choose one of the answers."))
        return raw
    if kind == "single_choice":
        if raw not in rule.choices:
            raise Invalid(_("Choose one of the answers."))
        return raw
    if kind == "multiple_choice":
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list | tuple) or any(c not in rule.choices for c in chosen):
            raise Invalid(_("Choose among the listed alternatives."))
        return [c for c in rule.choices if c in chosen]
    if kind == "maturity":
        level = _decimal(raw, _("The level"))
        if level not in MATURITY_LEVELS:
            raise Invalid(_("The level must be 0, 1, 2, 3 or 4."))
        return int(level)
    if kind == "number":
        return _plain(_check_number(rule, _decimal(raw, _("The answer"))))
    if kind == "share":
        return _clean_share(raw)
    if kind == "text":
        text = str(raw).strip()
        if len(text) > 5000:
            raise Invalid(_("The text can be at most 5,000 characters."))
        return text or None
    raise Invalid(_("Unknown kind of question."))


def _check_number(rule: Rule, number: Decimal) -> Decimal:
    if rule.integer and number != number.to_integral_value():
        raise Invalid(_("The answer must be a whole number."))
    if rule.min_value is not None and number < rule.min_value:
        raise Invalid(_("The answer must be at least %(min)s.") % {"min": _plain(rule.min_value)})
    if rule.max_value is not None and number > rule.max_value:
        raise Invalid(_("The answer must be at most %(max)s.") % {"max": _plain(rule.max_value)})
    return number


def _clean_share(raw: Any) -> dict | None:
    if not isinstance(raw, Mapping):
        raise Invalid(_("Give both the number counted and the total."))
    parts = {key: raw.get(key) for key in ("numerator", "denominator")}
    if all(v in (None, "") for v in parts.values()):
        return None
    if any(v in (None, "") for v in parts.values()):
        raise Invalid(_("Give both the number counted and the total."))
    numerator = _decimal(parts["numerator"], _("The number counted"))
    denominator = _decimal(parts["denominator"], _("The total"))
    if numerator < 0 or denominator < 0:
        raise Invalid(_("The numbers cannot be negative."))
    if (
        numerator != numerator.to_integral_value()
        or denominator != denominator.to_integral_value()
    ):
        raise Invalid(_("Count whole units."))
    if numerator > denominator:
        raise Invalid(_("The number counted cannot be greater than the total."))
    return {"numerator": int(numerator), "denominator": int(denominator)}


def is_asked(rule: Rule, answers: Mapping[str, Any]) -> bool | None:
    """Whether the question is asked given the other answers (None: not yet known)."""
    if rule.asked_if is None:
        return True
    return holds(rule.asked_if, answers)


def consistency_problem(rule: Rule, value: Any, answers: Mapping[str, Any]) -> str | None:
    """A message when `value` contradicts the answers it depends on (parts but no plan)."""
    if value is None or rule.asked_if is None:
        return None
    if is_asked(rule, answers) is False:
        return _(
            "This question is answered although the answer it depends on says it is not asked."
        )
    return None
