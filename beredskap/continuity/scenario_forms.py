"""The scenario form: which assumptions, their parameters, and what-if reserves. GET only:
nothing is saved; the page's address is the scenario."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskap.planning.models import Category

from . import calculations as calc
from .scenarios import AssumptionChoice

#: The largest value a parameter may take, by its unit: a year.
PARAMETER_MAX = {"hours": 8784, "days": 366, "weeks": 53, "months": 12, "share": 1}
PARAMETER_LABELS = {
    "duration_hours": _("Duration"),
    "evacuation_hours": _("Time to move the residents"),
    "duration_days": _("Duration"),
    "days": _("Duration"),
    "duration_weeks": _("Duration"),
    "duration_months": _("Duration"),
    "share": _("Share of staff away"),
    "weeks": _("Weeks of absence"),
    "peak_share": _("Share away at the peak"),
    "peak_weeks": _("Weeks at the peak"),
}
EXTRA_MAX_HOURS = 8784
EXTRA_MAX_STAFF = 1000
CATEGORY_LABELS = dict(Category.choices)


class ScenarioForm(forms.Form):
    def __init__(self, data=None, *, choices: tuple[AssumptionChoice, ...]):
        super().__init__(data)
        self.choices = choices
        self.fields["a"] = forms.MultipleChoiceField(
            label=_("Planning assumptions"),
            choices=[(c.code, c.title) for c in choices],
            required=False,
        )
        for choice in choices:
            for p in choice.parameters:
                self.fields[self.parameter_name(choice, p.name)] = forms.FloatField(
                    label=f"{PARAMETER_LABELS.get(p.name, p.name)} ({p.unit_label})",
                    min_value=0,
                    max_value=PARAMETER_MAX.get(p.unit, EXTRA_MAX_HOURS),
                    required=False,
                    initial=f"{p.value:g}",
                )
        for category in calc.SUPPLY_CATEGORIES:
            self.fields[f"extra-{category}"] = forms.IntegerField(
                label=CATEGORY_LABELS[category],
                min_value=-EXTRA_MAX_HOURS,
                max_value=EXTRA_MAX_HOURS,
                required=False,
            )
        self.fields["extra-staff"] = forms.IntegerField(
            label=_("More staff available (people)"),
            min_value=-EXTRA_MAX_STAFF,
            max_value=EXTRA_MAX_STAFF,
            required=False,
        )

    @staticmethod
    def parameter_name(choice: AssumptionChoice, name: str) -> str:
        return f"p-{choice.code}-{name}"

    def groups(self):
        """Per assumption: the choice, whether it is ticked, and its parameter fields."""
        ticked = set(self.data.getlist("a")) if self.is_bound else set()
        return [
            (c, c.code in ticked, [self[self.parameter_name(c, p.name)] for p in c.parameters])
            for c in self.choices
        ]

    def what_if_fields(self):
        return [self[f"extra-{c}"] for c in calc.SUPPLY_CATEGORIES]

    @property
    def staff_field(self):
        return self["extra-staff"]

    # The cleaned form as the engine's inputs (call after is_valid()).

    def selected(self) -> list[AssumptionChoice]:
        codes = set(self.cleaned_data.get("a") or ())
        return [c for c in self.choices if c.code in codes]

    def scenario(self) -> calc.Scenario:
        inputs = []
        for choice in self.selected():
            values = {}
            for p in choice.parameters:
                value = self.cleaned_data.get(self.parameter_name(choice, p.name))
                if value is not None:
                    values[p.name] = value
            inputs.append(choice.engine_input(values))
        return calc.scenario_from(inputs)

    def adjusted(self) -> list[str]:
        """The what-if adjustments in use, as field names."""
        return [
            name
            for name in (*(f"extra-{c}" for c in calc.SUPPLY_CATEGORIES), "extra-staff")
            if self.cleaned_data.get(name)
        ]

    def adjust(self, units: list[calc.Unit]) -> tuple[calc.Unit, ...]:
        adjusted = tuple(units)
        for category in calc.SUPPLY_CATEGORIES:
            hours = self.cleaned_data.get(f"extra-{category}")
            if hours:
                adjusted = calc.with_extra_reserve(adjusted, category, hours)
        people = self.cleaned_data.get("extra-staff")
        if people:
            adjusted = calc.with_extra_staff(adjusted, people)
        return adjusted
