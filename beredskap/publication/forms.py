"""The analyst's release forms: release (or correct, with errata) and withdraw."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReleaseForm(forms.Form):
    """A release of a round; a correction (not the first release) needs errata, which the
    service enforces. The box is the deliberate step: a release is public at once."""

    notes = forms.CharField(
        label=_("Notes (what the release contains)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    errata = forms.CharField(
        label=_("Errata (for a correction: what changed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the preview; publish the results now"),
        error_messages={"required": _("Tick the box to confirm the release.")},
    )


class WithdrawForm(forms.Form):
    """Withdrawing a release made in error: the reason is kept and shown to the public."""

    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the release is withdrawn.")},
    )
