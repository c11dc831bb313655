"""Forms of the events pages. They only read input; the rules (seat limit, who may do
what, times in order) live in `event_services`, whose errors come back onto the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskap.registry.models import Organisation

from .models import Event

#: `datetime-local` inputs: read as Europe/Stockholm (the site's time zone).
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class EventForm(forms.Form):
    sequence = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind of meeting"))
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=MOMENT, input_formats=MOMENT_FORMATS,
        help_text=_("Swedish time."),
    )  # fmt: skip
    ends_at = forms.DateTimeField(label=_("Ends"), widget=MOMENT, input_formats=MOMENT_FORMATS)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Link to the online meeting"), required=False)
    seat_limit = forms.IntegerField(
        label=_("Seat limit"), min_value=1, required=False,
        help_text=_("Leave empty for no limit."),
    )  # fmt: skip
    is_open = forms.BooleanField(
        label=_("List publicly"), required=False,
        help_text=_("Shown to everyone, also without signing in, and in the public calendar."),
    )  # fmt: skip

    def __init__(self, *args, organiser: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        if organiser.kind == Organisation.Kind.COUNTY_BOARD:
            kinds = (Event.Kind.COUNTY_NETWORK, Event.Kind.OTHER)
        else:
            kinds = (Event.Kind.NATIONAL_WEBINAR, Event.Kind.OTHER)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "sequence"}


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, initial=1)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class FollowUpForm(forms.Form):
    """After the meeting: attendance per registration, materials and notes."""

    materials = forms.CharField(
        label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Slides, recordings and documents: a text or a link per line."),
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[f"attended_{registration.pk}"] = forms.IntegerField(
                label=_("Attended from %(name)s (of %(seats)s seats)")
                % {"name": registration.organisation.name, "seats": registration.seats},
                min_value=0,
                required=False,
                initial=registration.attended,
            )

    def attended(self) -> dict[int, int]:
        return {
            r.pk: self.cleaned_data[f"attended_{r.pk}"]
            for r in self.registrations
            if self.cleaned_data.get(f"attended_{r.pk}") is not None
        }

    def attendance_fields(self):
        return [self[f"attended_{r.pk}"] for r in self.registrations]
