"""Forms of the continuity register. They only shape what was posted; the rules are in
`services`, whose `ValidationError`s the views put back on these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DEPENDENCY_CATEGORIES, Management, ReserveUnit


class Locked(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UnitForm(Locked):
    name = forms.CharField(label=_("Name of the unit"), max_length=200)
    activity_code = forms.ChoiceField(label=_("Activity"))
    management = forms.ChoiceField(
        label=_("Management"), choices=Management.choices, widget=forms.RadioSelect
    )
    contract_sets_preparedness = forms.BooleanField(
        label=_("The contract sets preparedness requirements"),
        required=False,
        help_text=_("Only for a private provider."),
    )
    people_served = forms.IntegerField(label=_("People served"), min_value=0, initial=0)

    def __init__(self, *args, activities: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_code"].choices = [("", "—"), *activities.items()]


class FunctionForm(Locked):
    name = forms.CharField(
        label=_("Critical function"),
        max_length=200,
        help_text=_("For example medication rounds, meals, heating of premises, alarms."),
    )
    max_tolerable_downtime_hours = forms.IntegerField(
        label=_("Maximum tolerable downtime (hours)"),
        help_text=_("How long the function may stop before people are harmed."),
    )


class DependencyForm(Locked):
    category = forms.ChoiceField(label=_("Depends on"), choices=DEPENDENCY_CATEGORIES)
    reserve = forms.IntegerField(
        label=_("Reserve"),
        required=False,
        help_text=_("How long the reserve lasts (backup power, water, stock). Empty: none."),
    )
    reserve_unit = forms.ChoiceField(
        label=_("Reserve counted in"), choices=ReserveUnit.choices, initial=ReserveUnit.HOURS
    )
    minimum_staff = forms.IntegerField(label=_("Minimum staff"), required=False)
    staff_available = forms.IntegerField(label=_("Staff available"), required=False)

    def values(self) -> dict:
        """The service's values: the reserve in hours whatever unit it was given in."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        reserve = data.pop("reserve")
        if reserve is not None and data["reserve_unit"] == ReserveUnit.DAYS:
            reserve = reserve * 24
        data["reserve_hours"] = reserve
        return data


def dependency_initial(dependency) -> dict:
    return {
        "version": dependency.version,
        "category": dependency.category,
        "reserve": dependency.reserve_in_unit,
        "reserve_unit": dependency.reserve_unit,
        "minimum_staff": dependency.minimum_staff,
        "staff_available": dependency.staff_available,
    }


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    file = forms.FileField(
        label=_("Document"), help_text=_("PDF, DOCX or ODT."), allow_empty_file=True
    )
    has_reserve_routine = forms.BooleanField(label=_("Reserve routine"), required=False)
    has_recovery_routine = forms.BooleanField(label=_("Recovery routine"), required=False)
    has_return_routine = forms.BooleanField(label=_("Return routine"), required=False)
    has_contacts = forms.BooleanField(label=_("Contact details"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("The whole municipality"))] + [
            (str(u.pk), u.name) for u in units
        ]


class VerificationForm(forms.Form):
    reserve_routine_ok = forms.BooleanField(label=_("Reserve routine found"), required=False)
    recovery_routine_ok = forms.BooleanField(label=_("Recovery routine found"), required=False)
    return_routine_ok = forms.BooleanField(label=_("Return routine found"), required=False)
    contacts_ok = forms.BooleanField(label=_("Contact details found"), required=False)
    verified = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("yes", _("Verified")), ("no", _("Not verified"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 4}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template (XLSX)"))
