"""The notification core: in-app rows, e-mail by preference after commit, the pages.

Who is told of which workflow event is the raising apps' story
(`surveys/tests/test_notifications.py`, `reporting/tests/test_report_notifications.py`).
"""

import pytest
from django.core import mail
from django.utils import translation

from beredskap.notices import kinds, services
from beredskap.notices.models import EmailChoice, Notification

pytestmark = pytest.mark.django_db

KIND = kinds.register("test.event", "Something happened").code
OTHER = kinds.register("test.other", "Something else happened").code


def tell(*recipients, by=None, kind=KIND, **extra):
    return services.notify(
        kind=kind,
        recipients=recipients,
        subject=extra.pop("subject", "Ett ämne"),
        body=extra.pop("body", "En text."),
        url="/surveys/",
        by=by,
        **extra,
    )


def test_each_recipient_gets_one_row_and_one_email_after_commit(
    anna, alva, bengt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = tell(anna, alva, anna, alva)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert sorted(n.recipient.username for n in made) == ["alva", "anna"]
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alva@example.org", "anna@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Ett ämne"
    assert "En text." in message.body
    assert "http://127.0.0.1:8000/surveys/" in message.body
    assert "/notifications/settings/" in message.body


def test_the_one_who_acted_and_inactive_people_are_not_told(anna, alva, olle):
    olle.is_active = False
    olle.save()
    made = tell(anna, alva, olle, by=alva)
    assert [n.recipient for n in made] == [anna]


def test_email_switched_off_for_a_kind_sends_no_email_but_keeps_the_row(
    anna, alva, django_capture_on_commit_callbacks
):
    services.choose_email(kinds_by_email={OTHER}, by=anna)  # KIND off for anna
    with django_capture_on_commit_callbacks(execute=True):
        tell(anna, alva)
        tell(anna, kind=OTHER)
    assert Notification.objects.filter(recipient=anna).count() == 2
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("alva@example.org", "Ett ämne"),
        ("anna@example.org", "Ett ämne"),
    ]
    assert EmailChoice.objects.get(user=anna, kind=KIND).email is False


def test_no_email_without_an_address_or_when_asked_for_none(
    anna, alva, django_capture_on_commit_callbacks
):
    anna.email = ""
    anna.save()
    with django_capture_on_commit_callbacks(execute=True):
        tell(anna)
        tell(alva, email=False)  # the demo's way
    assert Notification.objects.count() == 2
    assert mail.outbox == []


def test_texts_are_written_in_the_recipients_language_swedish_by_default(anna):
    with translation.override("en"):
        [made] = tell(anna, subject=lambda: translation.get_language(), body=lambda: "x")
    assert made.subject == "sv"


def test_an_unknown_kind_is_refused(anna):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        tell(anna, kind="test.typo")


def test_reading_one_and_all(anna, alva):
    first, second = tell(anna), tell(anna)
    tell(alva)
    services.mark_read(notification=first[0], by=anna)
    assert Notification.objects.filter(recipient=anna).unread().count() == 1
    with pytest.raises(ValueError):
        services.mark_read(notification=second[0], by=alva)
    assert services.mark_all_read(by=anna) == 1
    assert Notification.objects.unread().get().recipient == alva


def test_email_choices_default_to_yes(anna):
    choices = dict((kind.code, email) for kind, email in services.email_choices(anna))
    assert choices[KIND] is True and choices["response.returned"] is True
    services.choose_email(kinds_by_email=set(), by=anna)
    assert not any(email for _kind, email in services.email_choices(anna))
