"""Forms of the training pages. They only shape what was posted; the rules are in
`services`, whose errors the views show."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PlanItem, Training
from . import calculations as calc


def _year_choices(years) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in years]


class CompletionForm(forms.Form):
    """One completion count: a training, an activity (or none), a year, a count."""

    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.none())
    activity_code = forms.ChoiceField(label=_("Activity"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    count = forms.IntegerField(
        label=_("Number who completed it"),
        help_text=_("A count of people, no names. Replaces the count saved before."),
    )

    def __init__(self, *args, trainings, activities: dict, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = trainings
        self.fields["activity_code"].choices = [
            ("", _("No activity in particular")),
            *activities.items(),
        ]
        self.fields["year"].choices = _year_choices(years)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        help_text=_("Every row is checked first; the file is stored whole or not at all."),
    )


class PlanItemForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanItem.Kind.choices)
    training = forms.ModelChoiceField(
        label=_("Training"), queryset=Training.objects.none(), required=False
    )
    exercise_type = forms.ChoiceField(
        label=_("Exercise type"),
        choices=[("", "–"), *PlanItem.ExerciseType.choices],
        required=False,
    )
    title = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, term: int, trainings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(calc.term_years(term))
        self.fields["training"].queryset = trainings


class RegionalTrainingForm(forms.Form):
    code = forms.SlugField(
        label=_("Short name"),
        max_length=30,
        help_text=_("Letters, digits and hyphens, e.g. natverk-2026."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Training.Format.choices)
    audiences = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Training.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=1)
    areas = forms.MultipleChoiceField(
        label=_("Catalogue areas it supports"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_states = forms.MultipleChoiceField(
        label=_("Target states it supports"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def __init__(self, *args, areas: dict, target_states: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = list(areas.items())
        self.fields["target_states"].choices = list(target_states.items())

    def entry(self) -> dict:
        data = self.cleaned_data
        return {
            "name": {"sv": data["name"], "en": data["name_en"]},
            "description": {"sv": data["description"]},
            "format": data["format"],
            "audiences": data["audiences"],
            "duration_minutes": data["duration_minutes"],
            "areas": data["areas"],
            "target_states": data["target_states"],
            "url": data["url"],
        }


class ParticipantsForm(forms.Form):
    """Participants of a county board's training: a count per municipality."""

    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, trainings, years, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = trainings
        self.fields["year"].choices = _year_choices(years)
        self.municipalities = municipalities
        for m in municipalities:
            self.fields[f"m_{m.code}"] = forms.IntegerField(
                label=m.name, required=False, min_value=None
            )

    def counts(self) -> dict:
        return {
            m: self.cleaned_data[f"m_{m.code}"]
            for m in self.municipalities
            if self.cleaned_data.get(f"m_{m.code}") is not None
        }

    def municipality_fields(self):
        return [self[f"m_{m.code}"] for m in self.municipalities]
