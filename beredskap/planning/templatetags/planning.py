"""Showing direction items and their differences in words (never codes alone)."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Category, Direction, Sensitivity, Unit

register = template.Library()

KIND_LABELS = {
    "starting_points": _("Starting points"),
    "assumptions": _("Planning assumptions"),
    "target_states": _("Target states"),
}
FIELD_LABELS = {
    "title_sv": _("Title (Swedish)"),
    "title_en": _("Title (English)"),
    "text_sv": _("Text (Swedish)"),
    "text_en": _("Text (English)"),
    "placeholder": _("Placeholder text"),
    "category": _("Category"),
    "sensitivity": _("Sensitivity"),
    "area": _("Catalogue area"),
    "activity": _("Activity"),
    "criteria": _("Criteria"),
    "indicators": _("Indicators"),
    "questions": _("Questions"),
}
CHOICES = {
    "category": dict(Category.choices),
    "sensitivity": dict(Sensitivity.choices),
}


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


@register.filter
def status_label(status: str) -> str:
    return dict(Direction.Status.choices).get(status, status)


@register.filter
def category_label(category: str) -> str:
    return CHOICES["category"].get(category, category)


@register.filter
def sensitivity_label(sensitivity: str) -> str:
    return CHOICES["sensitivity"].get(sensitivity, sensitivity)


def _translated(text: dict) -> str:
    english = (get_language() or "sv")[:2] == "en"
    return text.get("en" if english else "sv") or text.get("sv", "")


@register.filter
def shown(value, field: str = ""):
    """A field's value in words: lists joined, criteria in the reader's language."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(_translated(v) if isinstance(v, dict) else str(v) for v in value)
    if field in CHOICES:
        return CHOICES[field].get(value, value)
    return value


@register.filter
def parameter(value: dict | None) -> str:
    """A parameter as "168 hours (note)", or a dash where it does not exist."""
    if value is None:
        return "–"
    unit = dict(Unit.choices).get(value["unit"], value["unit"])
    english = (get_language() or "sv")[:2] == "en"
    note = (value["note_en"] if english else value["note_sv"]) or value["note_sv"]
    shown_value = f"{value['value']:g}"
    return f"{shown_value} {unit} ({note})" if note else f"{shown_value} {unit}"
