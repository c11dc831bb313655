"""The library's forms: the search with its filters, and the editor's item form.

Codes (indicators, målbilder, grundantaganden, areas) are typed as text, separated by
spaces or commas, and checked by `validation` like the loader's file; topics and
audiences are fixed lists of checkboxes.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Kind, Topic

MAX_QUERY = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    target_state = forms.ChoiceField(label=_("Målbild"), required=False)
    assumption = forms.ChoiceField(label=_("Planning assumption"), required=False)

    def __init__(self, data, *, indicators: dict, targets: dict, assumptions: dict):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["topic"].choices = every + list(Topic.choices)
        self.fields["audience"].choices = every + list(Audience.choices)
        for name, names in (
            ("indicator", indicators),
            ("target_state", targets),
            ("assumption", assumptions),
        ):
            self.fields[name].choices = every + [
                (code, f"{code} – {title}") for code, title in sorted(names.items())
            ]

    def criteria(self) -> dict[str, str]:
        """The valid search and filters; an invalid form searches for nothing at all."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class CodesField(forms.CharField):
    """Codes separated by spaces or commas, as a list (checked by `validation`)."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [code for code in re.split(r"[\s,;]+", text.upper()) if code]

    def prepare_value(self, value):
        return " ".join(value) if isinstance(value, list) else value


class ItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    slug = forms.SlugField(
        label=_("Address name (slug)"),
        max_length=50,
        help_text=_("Letters, digits and hyphens; it becomes part of the item's address."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=250)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250)
    summary_sv = forms.CharField(
        label=_("Summary (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_sv = forms.CharField(
        label=_("Text (Swedish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    body_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    url = forms.URLField(
        label=_("Address (for a link)"), required=False, max_length=500, assume_scheme="https"
    )
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=150)
    last_reviewed = forms.DateField(
        label=_("Last reviewed"), required=False, help_text=_("As YYYY-MM-DD.")
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area_codes = CodesField(
        label=_("Areas (codes)"), required=False, help_text=_("For example B H.")
    )
    indicators = CodesField(
        label=_("Indicators (codes)"), required=False, help_text=_("For example KON01 KRI01.")
    )
    target_states = CodesField(
        label=_("Målbilder (codes)"), required=False, help_text=_("For example MB_B_CONTINUITY.")
    )
    assumptions = CodesField(
        label=_("Planning assumptions (codes)"),
        required=False,
        help_text=_("For example GA_POWER."),
    )
    active = forms.BooleanField(label=_("Published"), required=False)
    note = forms.CharField(label=_("What changed"), required=False, max_length=250)

    def item_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "note")}
        return data

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        for field, messages in problems.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
