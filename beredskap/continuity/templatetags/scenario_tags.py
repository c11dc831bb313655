"""Labels for the scenario pages."""

from django import template

from beredskap.planning.models import Category

register = template.Library()
LABELS = dict(Category.choices)


@register.filter
def category_label(value: str | None) -> str:
    return str(LABELS.get(value, value or "–"))


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash."""
    return "–" if value is None else f"{round(value * 100)} %"
