"""Demo meetings: past and upcoming national webinars with registrations, and Uppsala
län's network meetings (one held, with attendance; one upcoming) in its support log.

Deterministic (fixed tables; dates counted from `today`) and fast (bulk_create for the
registrations, a few hundred rows). Past meetings are history, written as rows like an
import would (registration closes when a meeting starts, so the services would refuse
them); upcoming ones are arranged through `learning.event_services` as nadia and bengt
would, and their registrations written in bulk (the municipalities have no demo users).
Both are then handed to the support log's sync, as the events pages would. Skipped when
any event exists (re-running the demo adds nothing).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from beredskap.learning import event_services
from beredskap.learning.models import Event, Registration
from beredskap.registry.models import Organisation, User
from beredskap.support import services as support

Kind = Event.Kind
SOCIALSTYRELSEN = "Socialstyrelsen"
UPPSALA_BOARD = "Länsstyrelsen i Uppsala län"

#: (organiser, kind, title, days from today, start hour, hours, open, seat limit, agenda)
EVENTS = [
    (SOCIALSTYRELSEN, Kind.NATIONAL_WEBINAR, "Nationellt webbinarium: kartläggningen i år",
     -63, 13, 1.5, True, None, "1. Nyheter i indikatorerna\n2. Tidplan\n3. Frågor"),
    (SOCIALSTYRELSEN, Kind.NATIONAL_WEBINAR, "Nationellt webbinarium: kontinuitetsplaner",
     -28, 13, 1.5, True, 400, "1. Planeringsinriktningen\n2. Exempel från kommuner\n3. Frågor"),
    (UPPSALA_BOARD, Kind.COUNTY_NETWORK, "Länsnätverket för krisberedskap i socialtjänsten",
     -14, 9, 3, False, 40, "1. Läget i länet\n2. Erfarenheter från övningar\n3. Nästa steg"),
    (SOCIALSTYRELSEN, Kind.NATIONAL_WEBINAR, "Nationellt webbinarium: höjd beredskap",
     16, 13, 1.5, True, 500, "1. Krigsorganisation\n2. Personalplanering\n3. Frågor"),
    (UPPSALA_BOARD, Kind.COUNTY_NETWORK, "Länsnätverket: reservkraft och lagerhållning",
     23, 9, 3, False, 30, "1. Reservkraft på särskilda boenden\n2. Lager av förbrukning"),
    (SOCIALSTYRELSEN, Kind.NATIONAL_WEBINAR, "Nationellt webbinarium: Öppna jämförelser",
     47, 13, 1.5, True, None, "1. Årets resultat\n2. Stödbehov\n3. Frågor"),
]  # fmt: skip

#: Municipalities that register for every national webinar: every n-th by SCB code.
EVERY_NTH = 7


@dataclass(frozen=True)
class Summary:
    events: int
    registrations: int


def events_exist() -> bool:
    return Event.objects.exists()


def _moment(today: datetime.date, days: int, hour: int) -> datetime.datetime:
    day = today + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _registrants(event_index: int, organiser: Organisation, municipalities: list) -> list:
    """Deterministic registrants: for a national webinar every n-th municipality (shifted
    per webinar) and Uppsala and Enköping; for the county's meetings its municipalities."""
    if organiser.county_id:
        return [o for o in municipalities if o.municipality.county_id == organiser.county_id]
    chosen = municipalities[event_index % EVERY_NTH :: EVERY_NTH]
    named = [o for o in municipalities if o.name in ("Uppsala kommun", "Enköping kommun")]
    return chosen + [o for o in named if o not in chosen]


@transaction.atomic
def create_demo_events(today: datetime.date | None = None) -> Summary:
    """The demo meetings with their registrations (see the module)."""
    today = today or timezone.localdate()
    organisers = {o.name: o for o in Organisation.objects.filter(name__in={e[0] for e in EVENTS})}
    by = {
        SOCIALSTYRELSEN: User.objects.get(username="nadia"),
        UPPSALA_BOARD: User.objects.get(username="bengt"),
    }
    municipalities = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .select_related("municipality")
        .order_by("municipality__code")
    )
    made = 0
    for index, (name, kind, title, days, hour, hours, is_open, limit, agenda) in enumerate(EVENTS):
        organiser = organisers[name]
        starts = _moment(today, days, hour)
        values = {
            "kind": kind,
            "title": title,
            "agenda": agenda,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=hours),
            "is_open": is_open,
            "seat_limit": limit,
            "location": "" if organiser.county_id is None else "Länsstyrelsen, Hamnesplanaden 3",
            "online_url": "https://webinar.example.org/beredskap"
            if not organiser.county_id
            else "",
            "audience": "Beredskapssamordnare i kommunerna",
        }
        registrants = _registrants(index, organiser, municipalities)
        if days < 0:
            made += _history(organiser, values, registrants, by[name], index)
        else:
            event = event_services.create_event(organiser=organiser, by=by[name], **values)
            made += _register(event, registrants, index)
    return Summary(events=len(EVENTS), registrations=made)


def _seats(index: int, position: int) -> int:
    return 1 + (index + position) % 3


def _history(organiser, values: dict, registrants: list, by, index: int) -> int:
    """A meeting already held, with registrations, attendance and notes."""
    event = Event.objects.create(
        organiser=organiser,
        county_id=organiser.county_id,
        created_by=by,
        materials="Bildspel: https://example.org/beredskap/bildspel.pdf",
        notes="Frågorna från mötet besvaras i kunskapsbiblioteket.",
        **values,
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            organisation=organisation,
            seats=_seats(index, position),
            attended=_seats(index, position) - (position % 4 == 0),
            registered_by=None,
        )
        for position, organisation in enumerate(registrants)
    )
    support.sync_event_activity(event=event, by=by)
    return len(registrations)


def _register(event: Event, registrants: list, index: int) -> int:
    """Upcoming: registrations as the municipalities made them (under the seat limit)."""
    rows = []
    left = event.seat_limit
    for position, organisation in enumerate(registrants):
        seats = _seats(index, position)
        if left is not None and seats > left:
            break
        left = None if left is None else left - seats
        rows.append(Registration(event=event, organisation=organisation, seats=seats))
    Registration.objects.bulk_create(rows)
    support.sync_event_activity(event=event, by=event.created_by)
    return len(rows)
