"""A county board's meetings reach its support log and its county report without being
typed twice: one activity per meeting, kept in step from the event (support follows the
learning app's `event_changed` signal; learning never imports support)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from beredskap.learning import event_services as services
from beredskap.learning.models import Event
from beredskap.registry.models import County
from beredskap.reporting import drafts
from beredskap.support import services as support
from beredskap.support.models import SupportActivity

from .event_fixtures import county_meeting, organisation

pytestmark = pytest.mark.django_db


def _activity(event) -> SupportActivity:
    return SupportActivity.objects.get(event=event)


def test_a_county_meeting_is_one_activity_in_the_log_after_edits(meeting, bengt, anna, cecilia):
    activity = _activity(meeting)
    assert activity.county.code == "03" and activity.kind == SupportActivity.Kind.NETWORK
    assert activity.held_on == timezone.localtime(meeting.starts_at).date()
    assert activity.description == meeting.agenda and activity.participants == 0
    services.register(event=meeting, organisation=organisation("Uppsala kommun"), by=anna, seats=2)
    services.register(
        event=meeting, organisation=organisation("Enköping kommun"), by=cecilia, seats=3
    )
    meeting.refresh_from_db()
    services.update_event(event=meeting, by=bengt, expected_sequence=meeting.sequence, title="Ny")
    assert SupportActivity.objects.filter(event=meeting).count() == 1
    assert SupportActivity.objects.count() == 1
    activity = _activity(meeting)
    assert activity.title == "Ny" and activity.participants == 5  # registered seats, so far
    assert {m.code for m in activity.municipalities.all()} == {"0380", "0381"}


def test_participants_come_from_the_attendance_once_recorded(meeting, bengt, anna, cecilia):
    uppsala = services.register(
        event=meeting, organisation=organisation("Uppsala kommun"), by=anna, seats=2
    )
    enkoping = services.register(
        event=meeting, organisation=organisation("Enköping kommun"), by=cecilia, seats=3
    )
    Event.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    services.record_attendance(event=meeting, by=bengt, attended={uppsala.pk: 2, enkoping.pk: 1})
    assert _activity(meeting).participants == 3


def test_national_webinars_are_not_a_county_support_activity(national):
    assert not SupportActivity.objects.exists()


def test_a_cancelled_meeting_leaves_the_log(meeting, bengt):
    services.cancel_event(event=meeting, by=bengt)
    assert not SupportActivity.objects.exists()


def test_the_log_does_not_let_it_be_edited_twice(client, meeting, bengt):
    activity = _activity(meeting)
    with pytest.raises(PermissionDenied):
        support.update_activity(
            activity=activity, by=bengt, expected_updated_at=activity.updated_at, title="X"
        )
    with pytest.raises(PermissionDenied):
        support.delete_activity(activity=activity, by=bengt)
    client.force_login(bengt)
    log = client.get(reverse("support:county", args=["03"]))
    assert meeting.title in log.text
    assert reverse("events:detail", args=[meeting.pk]) in log.text
    assert reverse("support:edit", args=["03", activity.pk]) not in log.text
    detail = client.get(reverse("support:detail", args=["03", activity.pk]))
    assert reverse("events:detail", args=[meeting.pk]) in detail.text
    assert client.get(reverse("support:edit", args=["03", activity.pk])).status_code == 403
    assert client.post(reverse("support:delete", args=["03", activity.pk])).status_code == 403
    assert SupportActivity.objects.filter(pk=activity.pk).exists()


def test_the_county_report_draft_counts_the_meeting(reference, bengt, anna, cecilia):
    year = timezone.localdate().year + 1
    starts = timezone.make_aware(datetime.datetime(year, 5, 4, 9))
    event = county_meeting(
        bengt, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seat_limit=None
    )
    services.register(event=event, organisation=organisation("Uppsala kommun"), by=anna, seats=4)
    services.register(
        event=event, organisation=organisation("Enköping kommun"), by=cecilia, seats=6
    )
    with translation.override("sv"):
        draft = drafts.county_draft(County.objects.get(code="03"), year)
        wanted = translation.gettext("Support by kind")
        network = str(SupportActivity.Kind.NETWORK.label)
    sheet = next(s for s in draft.numbers if s.name == wanted)
    rows = {row[0]: row for row in sheet.rows}
    assert rows[network][1:] == [1, 10, 2]  # one activity, ten participants, two reached
