"""Forms of the exercise pages and the lessons library's search.

The forms only read input; the rules live in `exercise_services` (their errors come back
onto the form by field). Choices come from `exercise_queries`: the newest catalogue's
areas and activities and the adopted planning direction's assumptions.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Activity, Area
from beredskap.planning.models import Assumption
from beredskap.registry.models import Municipality

from . import exercise_queries as queries
from .models import Action, Exercise, Observation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Named(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(getattr(obj, "title", None) or obj.name)


class _NamedOne(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.name)


class ExerciseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type of exercise"), choices=Exercise.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    municipalities = _Named(
        label=_("Participating municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = _Named(
        label=_("Activities exercised"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assumptions = _Named(
        label=_("Planning assumptions exercised"),
        queryset=Assumption.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, county_id: int, exercise: Exercise | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            county_id=county_id
        ).order_by("name")
        self.fields["activities"].queryset = queries.activity_choices(exercise)
        self.fields["assumptions"].queryset = queries.assumption_choices(exercise)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ObservationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Observation.Category.choices)
    area = _NamedOne(label=_("Area"), queryset=Area.objects.none())
    text = forms.CharField(
        label=_("Observation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    sharing = forms.ChoiceField(
        label=_("National lessons library"),
        choices=Observation.Sharing.choices,
        initial=Observation.Sharing.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_(
            "Anonymised lessons name only the county: not your organisation, the "
            "participating municipalities or the exercise's title. Write the observation "
            "so that it does not name them either."
        ),
    )

    def __init__(self, *args, observation: Observation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = queries.area_choices(observation)


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label=_("Action"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(label=_("Owner (role or name)"), max_length=150)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    observation = forms.ModelChoiceField(
        label=_("Observation it answers"),
        queryset=Observation.objects.none(),
        required=False,
        empty_label=_("(none in particular)"),
    )

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observation"].queryset = exercise.observations.all()

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


#: The longest search text the library takes (longer is a clear message, not an error).
MAX_QUERY = 200


class LessonSearchForm(forms.Form):
    """The lessons library's search and filters; anything typed is a page, never an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY)
    area = forms.ChoiceField(label=_("Area"), required=False)
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    assumption = forms.ChoiceField(label=_("Planning assumption"), required=False)
    kind = forms.ChoiceField(
        label=_("Type of exercise"),
        required=False,
        choices=[("", _("All types")), *Exercise.Kind.choices],
    )

    def __init__(self, *args, options: queries.FilterOptions, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["area"].choices = every + options.areas
        self.fields["activity"].choices = every + options.activities
        self.fields["assumption"].choices = every + options.assumptions

    def filters(self) -> queries.LessonFilters:
        """The valid filters; with any error, none (the page says what was wrong)."""
        if not self.is_valid():
            return queries.LessonFilters(invalid=True)
        return queries.LessonFilters(**self.cleaned_data)
