"""The results pages' forms: the overview's filters."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class OverviewFilter(forms.Form):
    """The heat map's filters; choices come from the round's edition and the registry."""

    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Municipality group"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    activity = forms.ChoiceField(label=gettext_lazy("Activity"), required=False)

    def __init__(self, data, *, options: dict):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["county"].choices = every + [(c.code, c.name) for c in options["counties"]]
        self.fields["group"].choices = every + [
            (g.code, f"{g.code} {g.name}") for g in options["groups"]
        ]
        self.fields["area"].choices = every + [(a.code, a.name) for a in options["areas"]]
        self.fields["activity"].choices = [("", _("All, summarised"))] + [
            (a.code, a.name) for a in options["activities"]
        ]
