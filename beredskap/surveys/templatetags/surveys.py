"""Showing answers and events in words (never codes or colours alone)."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

YES_NO_LABELS = {
    "ja": _("Yes"),
    "nej": _("No"),
    "pagar": _("Work in progress"),
    "ej_aktuellt": _("Not applicable – not run in own regime"),
    "vet_ej": _("Don't know"),
}
MATURITY_LABELS = {
    0: _("0 – missing"),
    1: _("1 – started"),
    2: _("2 – drawn up or decided"),
    3: _("3 – implemented and known to staff"),
    4: _("4 – exercised and evaluated in the last 12 months"),
}
ACTIONS = {
    "round.opened": _("Round opened"),
    "response.prefilled": _("Pre-filled from last year"),
    "response.submitted": _("Submitted to the county board"),
    "response.returned": _("Returned for completion"),
    "response.resubmitted": _("Submitted again"),
    "response.approved": _("Approved"),
    "response.reopened": _("Reopened by Socialstyrelsen"),
    "response.imported": _("Answers saved from a spreadsheet"),
    "response.exported": _("Downloaded as a spreadsheet"),
    "response.answers_cleared": _("Answers no longer asked were cleared"),
}


@register.simple_tag
def yes_no_choices():
    return list(YES_NO_LABELS.items())


@register.simple_tag
def maturity_choices():
    return list(MATURITY_LABELS.items())


def _choice_label(question, code):
    from django.utils.translation import get_language

    language = "en" if (get_language() or "sv").startswith("en") else "sv"
    for choice in question.choices:
        if choice["code"] == code:
            return choice[language]
    return code


@register.simple_tag
def choice_options(question):
    return [(c["code"], _choice_label(question, c["code"])) for c in question.choices]


@register.simple_tag
def answer_label(question, value):
    """An answer in words, as the person answering sees it."""
    if value is None or value == "" or value == []:
        return _("Not answered")
    kind = question.kind
    if kind == "yes_no":
        return YES_NO_LABELS.get(value, value)
    if kind == "maturity":
        return MATURITY_LABELS.get(value, value)
    if kind == "single_choice":
        return _choice_label(question, value)
    if kind == "multiple_choice":
        return ", ".join(str(_choice_label(question, v)) for v in value) or _("None of these")
    if kind == "share" and isinstance(value, dict):
        return _("%(numerator)s of %(denominator)s") % value
    return str(value)


@register.simple_tag
def activity_name(slot):
    """The name of a slot's activity ('' for a municipality-wide answer), never its code."""
    code = slot.activity_code
    return next((a.name for a in slot.question.activities.all() if a.code == code), "")


@register.filter
def action_label(action):
    return ACTIONS.get(action, action)


@register.filter
def share_part(value, part):
    return value.get(part, "") if isinstance(value, dict) else ""


@register.filter
def contains(values, code):
    return isinstance(values, list) and code in values
