"""With the database task backend (production), an approval only queues its recompute:
the reviewer's request returns, the worker (`beredskap db_worker`) computes, and
approvals that arrive together are computed by one recompute."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from beredskap.audit.models import Event
from beredskap.queue import oldest_queued_task_age
from beredskap.results import services
from beredskap.results.models import PendingRecompute, Value
from beredskap.surveys.models import Response
from beredskap.surveys.services import submit_response
from beredskap.surveys.tests.conftest import complete

pytestmark = pytest.mark.django_db(transaction=True)  # commits: the worker reads the queue


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def submitted(survey_round, uppsala, anna, alva, cecilia, disa):
    """Uppsala and Enköping answered and submitted; the round computed before approvals."""
    enkoping = Response.objects.get(round=survey_round, municipality__code="0381")
    for response in (uppsala, enkoping):
        complete(response, disa)
        submit_response(response=response, by=stand_in_approver(response))
    services.compute_round(survey_round=survey_round)
    return survey_round


def stand_in_approver(response):
    from beredskap.tests.cast import stand_in

    return stand_in("approver", municipality=response.municipality.code)


def plan(code: str) -> str:
    """The approved verdict of KON01 (continuity plan) in residential care of a municipality."""
    return Value.objects.get(
        basis="approved", level="municipality", unit_code=code, activity_code="sabo",
        indicator__indicator__code="KON01",
    ).verdict  # fmt: skip


RECOMPUTE = "beredskap.results.tasks.recompute_round"


def recomputes():
    """The queued recomputes (an approval also queues its notification e-mails)."""
    return DBTaskResult.objects.filter(task_path=RECOMPUTE)


def approve(client, code: str):
    return client.post(reverse("surveys:approve", kwargs={"year": 2025, "code": code}))


def test_an_approval_queues_its_recompute_for_the_worker(queued, submitted, client, bengt):
    assert oldest_queued_task_age() is None
    client.force_login(bengt)
    assert approve(client, "0380").status_code == 302
    assert Response.objects.get(municipality__code="0380").status == "approved"
    assert recomputes().ready().count() == 1
    assert datetime.timedelta(0) <= oldest_queued_task_age() < datetime.timedelta(minutes=5)
    assert plan("0380") == ""  # not computed yet: the request did not wait

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)

    assert plan("0380") == "met"
    assert recomputes().successful().count() == 1
    assert oldest_queued_task_age() is None


def test_approvals_arriving_together_are_computed_once(queued, submitted, client, bengt):
    client.force_login(bengt)
    approve(client, "0380")
    approve(client, "0381")
    assert PendingRecompute.objects.count() == 2
    assert recomputes().ready().count() == 2

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)

    assert (plan("0380"), plan("0381")) == ("met", "met")
    assert Event.objects.filter(action="results.recomputed").count() == 1
    # The first task computed both (returning the rows of the round); the second found none.
    rows = Value.objects.filter(basis="approved").count()
    assert sorted(recomputes().values_list("return_value", flat=True)) == [0, rows]
    assert not PendingRecompute.objects.exists()


def test_a_recompute_goes_ahead_of_e_mail_queued_before_it(queued, submitted, client, bengt):
    from beredskap.notices.tasks import send_message

    send_message.enqueue(subject="Påminnelse", body="Svara på enkäten.", to=["a@example.org"])
    client.force_login(bengt)
    approve(client, "0380")

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)

    started = DBTaskResult.objects.order_by("started_at").values_list("task_path", flat=True)
    assert started[0] == RECOMPUTE
    assert started.count() >= 2 and all(
        r.status == "SUCCESSFUL" for r in DBTaskResult.objects.all()
    )
