"""Who hears that a county report was returned or accepted, or the national report final."""

import datetime

import pytest
from django.core import mail

from beredskap.audit.models import Event
from beredskap.notices.models import Notification
from beredskap.registry.models import County
from beredskap.reporting import services
from beredskap.tests.cast import stand_in

pytestmark = pytest.mark.django_db

ON_TIME = datetime.datetime(2025, 1, 20, 10, 0, tzinfo=datetime.UTC)
TEXTS = dict.fromkeys(
    ("preparedness", "support", "cooperation", "information", "development"), "Text."
)


def told(kind) -> list[str]:
    rows = Notification.objects.filter(kind=kind)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def submitted(reference, bengt, tove, greta, karl):
    """Uppsala län's report on 2024, submitted by a stand-in reviewer (files not made)."""
    writer = stand_in("reviewer", county="03")
    report = services.county_report(County.objects.get(code="03"), 2024, by=writer)
    report = services.save_county_report(report, by=writer, version=report.version, **TEXTS)
    return services.submit_county_report(report, by=writer, now=ON_TIME)


def test_a_returned_county_report_tells_its_reviewers_and_writer(
    submitted, karl, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_county_report(submitted, by=karl, comment="Beskriv stödet mer.")
    # The county's reviewers (the writer is one of them); not greta (Gotland), not karl.
    assert told("county_report.returned") == ["bengt", "reviewer-03", "tove"]
    n = Notification.objects.get(recipient__username="bengt")
    assert n.subject == "Länsredovisning 2024 – Uppsala län: återsänd för komplettering"
    assert "Beskriv stödet mer." in n.body
    assert n.url == "/reports/03/2024/"
    assert len(mail.outbox) == 3
    event = Event.objects.get(action="county_report.returned")
    assert event.details["notified"] == ["bengt", "reviewer-03", "tove"]


def test_an_accepted_county_report_tells_the_same_people(submitted, karl):
    services.accept_county_report(submitted, by=karl)
    assert told("county_report.accepted") == ["bengt", "reviewer-03", "tove"]


def test_the_final_national_report_tells_every_board_and_the_analysts(
    reference, bengt, greta, karl, nadia, anna, django_capture_on_commit_callbacks
):
    other_coordinator = stand_in("coordinator", county="07")
    report = services.national_report(2024, by=karl)
    report = services.save_national_report(report, by=karl, version=1, summary="Klart.")
    with django_capture_on_commit_callbacks() as callbacks:  # the files are not made here
        services.finalise_national_report(report, by=karl, confirm_unaccepted=True)
    assert told("national_report.final") == ["bengt", "coordinator-07", "greta", "nadia"]
    links = dict(Notification.objects.values_list("recipient__username", "url"))
    assert links["coordinator-07"] == "/reports/national/2024/"
    assert links["nadia"] == links["bengt"] == "/deadlines/?year=2025"  # no 404 for them
    # One e-mail each, queued for after the commit (plus the generation of the files).
    assert len(callbacks) == 4 + 1
    assert other_coordinator.notifications.get().subject == (
        "Den nationella redovisningen 2024 är fastställd"
    )
