"""Meetings for the event tests: a county network meeting of Länsstyrelsen i Uppsala län
(bengt arranges it) and a national webinar of Socialstyrelsen (nadia), both upcoming."""

import datetime

import pytest
from django.utils import timezone

from beredskap.learning import event_services as services
from beredskap.registry.models import Organisation

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))  # CET, no daylight saving in Feb


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def soon(days: int = 30, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def county_meeting(bengt, **changes):
    values = {
        "kind": "county_network",
        "title": "Nätverksträff krisberedskap",
        "starts_at": soon(),
        "ends_at": soon(hour=12),
        "agenda": "1. Läget i länet\n2. Övningar",
        "location": "Länsstyrelsen, Uppsala",
        "seat_limit": 5,
    }
    values.update(changes)
    return services.create_event(
        organiser=organisation("Länsstyrelsen i Uppsala län"), by=bengt, **values
    )


def webinar(nadia, **changes):
    values = {
        "kind": "national_webinar",
        "title": "Nationellt webbinarium om kontinuitet",
        "starts_at": soon(14, 13),
        "ends_at": soon(14, 15),
        "online_url": "https://example.org/webbinarium",
        "is_open": True,
    }
    values.update(changes)
    return services.create_event(organiser=organisation("Socialstyrelsen"), by=nadia, **values)


@pytest.fixture
def meeting(bengt):
    return county_meeting(bengt)


@pytest.fixture
def national(nadia):
    return webinar(nadia)
