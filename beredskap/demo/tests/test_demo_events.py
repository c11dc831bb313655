"""The demo's meetings: past and upcoming national webinars with registrations, Uppsala
län's network meetings in its support log, deterministic."""

import datetime

import pytest
from django.utils import timezone

from beredskap.demo import learning_events as demo
from beredskap.demo import services as demo_users
from beredskap.learning.models import Event, Registration
from beredskap.support.models import SupportActivity

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def _snapshot():
    return sorted(
        Registration.objects.values_list("event__title", "organisation__name", "seats", "attended")
    )


def test_demo_meetings_past_and_upcoming_with_registrations(reference):
    demo_users.create_demo_users()
    assert not demo.events_exist()
    summary = demo.create_demo_events(today=TODAY)
    assert demo.events_exist()
    assert summary.events == len(demo.EVENTS) == Event.objects.count()
    assert summary.registrations == Registration.objects.count()
    now = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    webinars = Event.objects.filter(kind=Event.Kind.NATIONAL_WEBINAR)
    for when in (webinars.past(now), webinars.upcoming(now)):
        assert when.exists()
        assert all(e.registrations.count() >= 30 for e in when)
    held = webinars.past(now).first()
    assert held.registrations.exclude(attended=None).exists() and held.materials
    for event in webinars.upcoming(now).exclude(seat_limit=None):
        assert sum(event.registrations.values_list("seats", flat=True)) <= event.seat_limit
    network = SupportActivity.objects.filter(event__isnull=False)
    assert network.count() == 2 and {a.county.code for a in network} == {"03"}
    assert all(a.municipalities.count() == 8 for a in network)
    first = _snapshot()
    SupportActivity.objects.all().delete()
    Event.objects.all().delete()
    demo.create_demo_events(today=TODAY)
    assert _snapshot() == first  # deterministic
