"""With the database task backend, e-mail that a page asks for (a password reset) is
written in the request and sent by the worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True)  # commits: the worker reads the queue


def test_a_password_reset_mail_is_sent_by_the_worker(settings, client, anna):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.post("/accounts/password-reset/", {"email": "anna@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)

    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert DBTaskResult.objects.successful().count() == 1
