"""Meetings through their services: the seat limit (also under concurrent registrations
on PostgreSQL), withdrawing, attendance, audit rows and who may do what."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from beredskap.audit.models import Event as AuditEvent
from beredskap.learning import event_services as services
from beredskap.learning.models import Event, Registration
from beredskap.tests.cast import stand_in

from .event_fixtures import county_meeting, organisation

pytestmark = pytest.mark.django_db

UPPSALA, ENKOPING = "Uppsala kommun", "Enköping kommun"


def _actions(target) -> list[str]:
    return list(AuditEvent.objects.for_target(target).values_list("action", flat=True))


def test_a_registration_within_the_limit_is_stored_and_audited(meeting, anna):
    registration = services.register(
        event=meeting, organisation=organisation(UPPSALA), by=anna, seats=3
    )
    assert registration.seats == 3 and registration.registered_by == anna
    assert _actions(registration) == ["learning.event_registered"]
    assert _actions(meeting) == ["learning.event_created"]
    assert Event.objects.get(pk=meeting.pk).sequence == 0  # the calendar entry is unchanged


def test_over_the_seat_limit_is_refused_with_a_clear_message_and_nothing_stored(
    meeting, anna, cecilia
):
    services.register(event=meeting, organisation=organisation(UPPSALA), by=anna, seats=4)
    with pytest.raises(ValidationError) as refused:
        services.register(event=meeting, organisation=organisation(ENKOPING), by=cecilia, seats=2)
    assert "Bara 1 av de 5 platserna är kvar" in refused.value.message_dict["seats"][0]
    assert not Registration.objects.filter(organisation__name=ENKOPING).exists()
    assert Registration.objects.count() == 1
    # Changing one's own registration counts the seats it already holds.
    services.register(event=meeting, organisation=organisation(UPPSALA), by=anna, seats=5)
    assert Registration.objects.get().seats == 5


def test_withdrawing_frees_the_seats(meeting, anna, cecilia):
    registration = services.register(
        event=meeting, organisation=organisation(UPPSALA), by=anna, seats=5
    )
    with pytest.raises(ValidationError):
        services.register(event=meeting, organisation=organisation(ENKOPING), by=cecilia, seats=1)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(registration=registration, by=cecilia)
    services.cancel_registration(registration=registration, by=anna)
    assert "learning.event_registration_cancelled" in _actions(registration)
    services.register(event=meeting, organisation=organisation(ENKOPING), by=cecilia, seats=5)


def test_who_may_register_and_arrange(meeting, national, anna, greta):
    other = stand_in("respondent", municipality="0180")  # Stockholm: another county
    with pytest.raises(PermissionDenied):
        services.register(
            event=meeting, organisation=organisation("Stockholm kommun"), by=other, seats=1
        )
    with pytest.raises(PermissionDenied):  # anna answers for Uppsala, not for Enköping
        services.register(event=meeting, organisation=organisation(ENKOPING), by=anna, seats=1)
    services.register(
        event=national, organisation=organisation("Stockholm kommun"), by=other, seats=1
    )
    # A county board registers for national webinars; it arranges only its own meetings.
    services.register(
        event=national,
        organisation=organisation("Länsstyrelsen i Gotlands län"),
        by=greta,
        seats=2,
    )
    with pytest.raises(PermissionDenied):
        county_meeting(anna)
    with pytest.raises(PermissionDenied):
        services.update_event(event=meeting, by=greta, expected_sequence=0, title="X")


def test_the_kind_must_fit_the_organiser_and_times_must_be_in_order(bengt):
    with pytest.raises(ValidationError) as refused:
        county_meeting(
            bengt,
            kind="national_webinar",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            ends_at=timezone.now() + datetime.timedelta(days=1),
            title=" ",
        )
    assert set(refused.value.message_dict) == {"kind", "ends_at", "title"}
    assert not Event.objects.exists()


def test_an_edit_bumps_the_sequence_and_refuses_a_stale_version(meeting, bengt, anna):
    saved = services.update_event(event=meeting, by=bengt, expected_sequence=0, title="Ny titel")
    assert saved.sequence == 1 and saved.title == "Ny titel"
    with pytest.raises(services.Conflict):
        services.update_event(event=meeting, by=bengt, expected_sequence=0, title="Gammal")
    services.register(event=meeting, organisation=organisation(UPPSALA), by=anna, seats=4)
    with pytest.raises(ValidationError) as refused:
        services.update_event(event=meeting, by=bengt, expected_sequence=1, seat_limit=3)
    assert "4 platser är redan bokade" in refused.value.message_dict["seat_limit"][0]
    assert "learning.event_updated" in _actions(meeting)


def test_registration_closes_when_the_meeting_is_cancelled_or_started(meeting, bengt, anna):
    services.cancel_event(event=meeting, by=bengt)
    with pytest.raises(ValidationError, match="inställt"):
        services.register(event=meeting, organisation=organisation(UPPSALA), by=anna, seats=1)
    past = county_meeting(
        bengt,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="började"):
        services.register(event=past, organisation=organisation(UPPSALA), by=anna, seats=1)


def _held(event) -> None:
    """Time passes: the meeting took place (moved an hour into the past)."""
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )


def test_attendance_at_most_the_registered_seats(meeting, bengt, anna, cecilia):
    uppsala = services.register(
        event=meeting, organisation=organisation(UPPSALA), by=anna, seats=3
    )
    with pytest.raises(ValidationError, match="när mötet har börjat"):
        services.record_attendance(event=meeting, by=bengt, attended={uppsala.pk: 2})
    _held(meeting)
    with pytest.raises(PermissionDenied):
        services.record_attendance(event=meeting, by=anna, attended={uppsala.pk: 2})
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(event=meeting, by=bengt, attended={uppsala.pk: 4})
    assert "anmälde 3 platser" in refused.value.messages[0]
    assert Registration.objects.get().attended is None
    services.record_attendance(event=meeting, by=bengt, attended={uppsala.pk: 2})
    assert Registration.objects.get().attended == 2
    services.add_follow_up(
        event=meeting, by=bengt, materials="https://example.org/bilder", notes="Bra möte."
    )
    assert {"learning.event_attendance", "learning.event_follow_up"} <= set(_actions(meeting))


def test_a_calendar_link_is_renewed_and_the_old_one_stops(anna, cecilia):
    uppsala = organisation(UPPSALA)
    first = services.renew_calendar_link(organisation=uppsala, by=anna).token
    second = services.renew_calendar_link(organisation=uppsala, by=anna).token
    assert first != second and len(second) >= 40
    with pytest.raises(PermissionDenied):
        services.renew_calendar_link(organisation=uppsala, by=cecilia)
    assert sorted(_actions(uppsala)) == [
        "learning.calendar_link_created",
        "learning.calendar_link_renewed",
    ]


# --- concurrent registrations (PostgreSQL: real row locks between connections) ----------


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(reference, bengt, anna, cecilia):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections need PostgreSQL")
    event = county_meeting(bengt, seat_limit=4)
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user, name):
        try:
            barrier.wait()
            services.register(event=event, organisation=organisation(name), by=user, seats=3)
            outcomes.append("registered")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(anna, UPPSALA)),
        threading.Thread(target=attempt, args=(cecilia, ENKOPING)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "registered"]
    assert sum(Registration.objects.values_list("seats", flat=True)) == 3
