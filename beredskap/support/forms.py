"""Forms of the support log: an activity, and the filters of the lists.

The forms only read and shape what was posted; the rules live in `services`, whose
`ValidationError`s the views put back on these fields (the field names are the model's).
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Indicator
from beredskap.registry.models import County

from . import queries, services
from .models import SupportActivity

Kind = SupportActivity.Kind

#: The fields a person fills in, in the order of the form.
ACTIVITY_FIELDS = services.FIELDS


class ActivityForm(forms.Form):
    """One support activity. `updated_at` is the optimistic lock of an edit."""

    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the activity was held (YYYY-MM-DD)."),
    )
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=Kind.choices)
    title = forms.CharField(label=_("Topic"), max_length=200)
    area_code = forms.ChoiceField(
        label=_("Topic area"),
        required=False,
        help_text=_("The indicator area the activity was about, if one."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities reached"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=100_000, initial=0
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lessons = forms.CharField(
        label=_("Lessons learned"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the municipalities and the county board learned."),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators addressed"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    shared = forms.BooleanField(
        label=_("Share with all county boards"),
        required=False,
        help_text=_(
            "Only experience exchange can be shared. Every county board can then read it "
            "on the shared experience page."
        ),
    )
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, county: County, activity: SupportActivity | None = None, **kwargs):
        if activity is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = initial_of(activity)
        super().__init__(*args, **kwargs)
        self.county = county
        self.activity = activity
        edition = queries.newest_edition()
        areas = queries.area_choices(edition)
        if activity is not None and activity.area_code and activity.area_code not in dict(areas):
            areas.append((activity.area_code, activity.area_code))  # kept from an older edition
        self.fields["area_code"].choices = [("", _("None in particular")), *areas]
        self.fields["municipalities"].queryset = county.municipalities.order_by("name")
        titles = queries.indicator_titles(edition)
        chosen = set(activity.indicators.values_list("pk", flat=True)) if activity else set()
        self.fields["indicators"].queryset = Indicator.objects.filter(
            pk__in=set(titles) | chosen
        ).order_by("code")
        self.fields["indicators"].label_from_instance = lambda i: titles.get(i.pk, i.code)

    def clean_updated_at(self) -> datetime.datetime | None:
        raw = self.cleaned_data.get("updated_at") or ""
        try:
            return datetime.datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        if data.get("shared") and data.get("kind") and data["kind"] != Kind.EXCHANGE:
            self.add_error("shared", services.ONLY_EXCHANGE_SHARED)
        return data

    def values(self) -> dict:
        """The cleaned values as the services take them."""
        return {name: self.cleaned_data[name] for name in ACTIVITY_FIELDS}

    def differences(self, current: SupportActivity) -> list[tuple[str, str, str]]:
        """(label, saved now, yours) of each field where the posted value differs from
        what is stored now: shown beside the form after a conflict."""
        if not hasattr(self, "cleaned_data"):
            return []
        saved = initial_of(current)
        rows = []
        for name in ACTIVITY_FIELDS:
            if name not in self.cleaned_data:
                continue
            field = self.fields[name]
            theirs, yours = saved[name], self.cleaned_data[name]
            if name in ("municipalities", "indicators"):
                theirs = sorted(str(field.label_from_instance(o)) for o in theirs)
                yours = sorted(str(field.label_from_instance(o)) for o in yours)
                if theirs != yours:
                    rows.append((field.label, ", ".join(theirs), ", ".join(yours)))
                continue
            if name in ("kind", "area_code"):
                labels = dict(field.choices)
                theirs, yours = labels.get(theirs, theirs), labels.get(yours, yours)
            elif name == "shared":
                theirs, yours = (_("Yes") if theirs else _("No")), (_("Yes") if yours else _("No"))
            elif name == "held_on":
                theirs, yours = theirs.isoformat(), yours.isoformat() if yours else ""
            if str(theirs).strip() != str(yours).strip():
                rows.append((field.label, str(theirs), str(yours)))
        return rows


def initial_of(activity: SupportActivity) -> dict:
    return {
        "held_on": activity.held_on,
        "kind": activity.kind,
        "title": activity.title,
        "area_code": activity.area_code,
        "municipalities": list(activity.municipalities.all()),
        "participants": activity.participants,
        "description": activity.description,
        "lessons": activity.lessons,
        "indicators": list(activity.indicators.all()),
        "shared": activity.shared,
        "updated_at": activity.updated_at.isoformat(),
    }


# --- filters of the lists ----------------------------------------------------------------


class FilterForm(forms.Form):
    """Year, kind, topic area and municipality of a county's log, or year, area and county
    of the shared experience (GET; all optional)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.ChoiceField(label=_("Topic area"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(
        self, *args, years, areas, kinds=True, municipalities=None, counties=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(str(y), str(y)) for y in years]
        if kinds:
            self.fields["kind"].choices = everything + list(Kind.choices)
        else:
            del self.fields["kind"]
        self.fields["area"].choices = everything + list(areas)
        if municipalities is None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].choices = everything + [
                (m.code, m.name) for m in municipalities
            ]
        if counties is not None:
            self.fields["county"] = forms.ChoiceField(
                label=_("County"),
                required=False,
                choices=everything + [(c.code, c.name) for c in counties],
            )

    def filters(self) -> queries.Filters:
        """The valid filters; a value that is not a choice filters nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return queries.Filters(
            year=data.get("year"),
            kind=data.get("kind") or "",
            area_code=data.get("area") or "",
            municipality=data.get("municipality") or "",
            county=data.get("county") or "",
        )
