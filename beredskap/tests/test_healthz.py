"""`/healthz` answers 200 only when the service can work, and 503 naming what cannot.

Each failure is made for real inside the test's transaction: a table the database user
may not read, a migration recorded as unapplied, a cache on a port where nothing listens.
"""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from beredskap import health

pytestmark = pytest.mark.django_db

NOWHERE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # port 1: nothing listens there
    }
}


@pytest.fixture(autouse=True)
def _fresh_answers():
    health.forget()
    yield
    health.forget()


def _failing(client) -> dict:
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    return body["checks"]


def test_a_healthy_service_answers_200_with_each_check(client, reference):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_missing_table_is_a_503_naming_the_database(client, reference):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE registry_county RENAME TO registry_county_gone")
    checks = _failing(client)
    assert checks["database"].startswith("failing")
    assert checks["cache"] == "ok"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="table rights are PostgreSQL's")
def test_a_database_user_without_table_rights_gets_503(client, reference):
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE healthz_no_rights NOLOGIN")
        cursor.execute("SET LOCAL ROLE healthz_no_rights")
    checks = _failing(client)
    assert checks["database"] == "failing: ProgrammingError"


def test_an_unapplied_migration_is_a_503_naming_migrations(client, reference):
    newest = MigrationRecorder.Migration.objects.filter(app="registry").latest("id")
    newest.delete()  # recorded as not applied, as after deploying code before `migrate`
    checks = _failing(client)
    assert checks == {
        "database": "ok",
        "migrations": "failing: 1 unapplied",
        "cache": "ok",
        "tasks": "ok",
    }


def test_a_passing_migrations_check_is_remembered_for_a_while(client, reference):
    assert client.get("/healthz").status_code == 200
    MigrationRecorder.Migration.objects.filter(app="registry").latest("id").delete()
    assert client.get("/healthz").status_code == 200  # remembered: no graph read per probe
    health.forget()
    assert _failing(client)["migrations"] == "failing: 1 unapplied"


def test_a_cache_that_does_not_answer_is_a_503_naming_the_cache(client, reference, settings):
    settings.CACHES = NOWHERE
    checks = _failing(client)
    assert checks == {
        "database": "ok",
        "migrations": "ok",
        "cache": "failing: ConnectionError",
        "tasks": "ok",
    }


def test_the_answer_reveals_no_error_messages(client, reference, settings):
    settings.CACHES = NOWHERE
    assert "127.0.0.1" not in client.get("/healthz").content.decode()


def test_a_task_waiting_for_a_worker_too_long_is_a_503_naming_tasks(client, reference, settings):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from beredskap.notices.tasks import send_message

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_message.enqueue(subject="s", body="b", to=["anna@example.org"], html="")
    assert client.get("/healthz").status_code == 200  # just queued: a worker may be on it
    late = timezone.now() - health.QUEUE_LATE - timezone.timedelta(seconds=30)
    DBTaskResult.objects.update(enqueued_at=late)
    checks = _failing(client)
    assert checks["tasks"].startswith("failing: oldest queued task waited")
    assert checks["database"] == "ok"
