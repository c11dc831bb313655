"""Forms of the report pages: the narrative, the summary, returning and confirming."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COUNTY_SECTIONS


class CountyReportForm(forms.Form):
    """The county board's narrative, one text per section, and the version it started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading in COUNTY_SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
            )

    def texts(self) -> dict[str, str]:
        """The sections that were posted (a section left out of the post stays as it is)."""
        return {
            name: self.cleaned_data.get(name, "")
            for name, _heading in COUNTY_SECTIONS
            if name in self.data
        }


class NationalReportForm(forms.Form):
    """The coordinator's summary of the national report."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
    )


class ReturnForm(forms.Form):
    """Returning a county report: what the county board needs to complete."""

    comment = forms.CharField(
        label=_("What needs completing"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """A deliberate step (submit, make final): the box must be ticked."""

    confirm = forms.BooleanField(required=True)


class FinaliseForm(ConfirmForm):
    """Making the national report final; the second box knowingly passes over county
    reports that are not accepted (the service refuses without it while any are)."""

    confirm_unaccepted = forms.BooleanField(required=False)
