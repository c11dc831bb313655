"""How far behind the task worker is, for health checks.

A project-level module, not an app's: it reads only the queue of the task backend that
settings.TASKS configures, and no app of Beredskap, so any app (or /healthz) may use it.
"""

import datetime

from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone


def oldest_queued_task_age() -> datetime.timedelta | None:
    """How long the oldest task that is ready to run (queued, due, not started) has waited,
    or None when none waits or the backend keeps no queue (the immediate backend runs
    every task as it is enqueued).

    A task queued to run later counts from when it became due, not from when it was queued.
    """
    from django_tasks_db import DatabaseBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    if oldest is None:
        return None
    enqueued_at, run_after = oldest
    due = enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after)
    return max(timezone.now() - due, datetime.timedelta(0))
