"""Who hears about each step of a response's review, and what they are told."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from beredskap.audit.models import Event
from beredskap.notices.models import Notification
from beredskap.notices.services import choose_email
from beredskap.surveys import services

from .conftest import complete, slot

pytestmark = pytest.mark.django_db


def told(kind=None) -> list[str]:
    rows = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def submitted(uppsala, anna, alva, bengt, tove, greta, cecilia, disa, capture):
    complete(uppsala, anna)
    with capture(execute=True):
        services.submit_response(response=uppsala, by=alva)
    return uppsala


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_submitted_tells_the_county_boards_reviewers(submitted):
    # bengt and tove review Uppsala län; greta (Gotland) and the municipality do not hear.
    assert told() == ["bengt", "tove"]
    n = Notification.objects.get(recipient__username="bengt")
    assert n.subject == "Uppsala har skickat in sitt svar på enkäten 2025"
    assert n.url == "/surveys/2025/0380/"
    assert sorted(m.to[0] for m in mail.outbox) == ["bengt@example.org", "tove@example.org"]
    event = Event.objects.get(action="response.submitted")
    assert event.details["notified"] == ["bengt", "tove"]


def test_returned_lists_the_returned_questions_to_respondents_and_approvers(
    submitted, bengt, capture
):
    mail.outbox.clear()
    with capture(execute=True):
        services.return_response(
            response=submitted,
            by=bengt,
            comment="Komplettera.",
            items=[(slot("KON_PLAN", "hemtjanst"), "Stämmer det?"), (slot("UTB_EXERCISES"), "")],
        )
    # anna, alva and disa (Uppsala and Enköping, told once); not cecilia (Enköping only).
    assert told("response.returned") == ["alva", "anna", "disa"]
    n = Notification.objects.get(kind="response.returned", recipient__username="anna")
    assert n.subject == "Enkät 2025 – Uppsala: frågor återsända för komplettering"
    assert "Komplettera." in n.body
    assert "Finns en aktuell kontinuitetsplan? – Hemtjänst: Stämmer det?" in n.body
    assert "Hur många övningar" in n.body
    assert "Sedan skickar en godkännare in svaret igen." in n.body
    assert len(mail.outbox) == 3
    assert "Finns en aktuell kontinuitetsplan? – Hemtjänst" in mail.outbox[0].body


def test_approved_and_reopened_tell_the_municipality(submitted, bengt, nadia, capture):
    services.approve_response(response=submitted, by=bengt)
    assert told("response.approved") == ["alva", "anna", "disa"]
    services.reopen_response(response=submitted, by=nadia, reason="Fel i underlaget.")
    assert told("response.reopened") == ["alva", "anna", "disa"]
    n = Notification.objects.get(kind="response.reopened", recipient__username="alva")
    assert "Skäl: Fel i underlaget." in n.body


def test_email_switched_off_keeps_the_in_app_notification(uppsala, anna, alva, bengt, capture):
    choose_email(kinds_by_email=set(), by=bengt)
    complete(uppsala, anna)
    with capture(execute=True):
        services.submit_response(response=uppsala, by=alva)
    assert told() == ["bengt"]
    assert mail.outbox == []


def test_a_refused_step_tells_nobody(uppsala, alva, capture):
    with capture(execute=True), pytest.raises(ValidationError):
        services.submit_response(response=uppsala, by=alva)  # nothing answered yet
    assert told() == [] and mail.outbox == []
