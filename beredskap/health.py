"""What `/healthz` checks, one small function per check.

A load balancer sends traffic only where `/healthz` answers 200, so 200 must mean the
service can do its work: the database answers *and* lets us read our tables (a user
without table rights still answers `SELECT 1`), every migration is applied, and each
cache (sessions, rate limits, pages) takes and returns a key. Each check returns None
when it passes and raises when it fails; `run()` tries them all, so the answer names
every check that failed. The body is public: it names checks and exception classes,
never messages (they may carry host names or SQL); the details go to the log.

The task queue counts too: with a task worker (`TASKS_BACKEND=database`), a task that has
waited longer than QUEUE_LATE means no worker is keeping up, and approvals stop showing on
the results pages. To add a check, write a function here that raises when it fails and add
it to CHECKS; docs/operations.md lists them.
"""

import datetime
import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from .queue import oldest_queued_task_age
from .registry.models import County

logger = logging.getLogger(__name__)

#: A passing migrations check is remembered this long (seconds): reading the migration
#: graph from disk on every probe would cost more than the probe is worth.
MIGRATIONS_OK_FOR = 60.0
_migrations_ok_until = 0.0
#: A ready task older than this means the worker is down or far behind.
QUEUE_LATE = datetime.timedelta(minutes=5)


class CheckFailed(Exception):
    """A check found something wrong without an exception of its own."""


def database() -> None:
    """Reads one row of a real table: fails without table rights, not only when down."""
    with transaction.atomic():  # a savepoint: a refused query must not spoil the rest
        list(County.objects.values_list("pk", flat=True)[:1])


def migrations() -> None:
    """Fails while a migration on disk is not applied to the database."""
    global _migrations_ok_until
    if time.monotonic() < _migrations_ok_until:
        return
    with transaction.atomic():
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CheckFailed(f"{len(plan)} unapplied")
    _migrations_ok_until = time.monotonic() + MIGRATIONS_OK_FOR


def cache() -> None:
    """Every configured cache stores a key and gives it back."""
    token = uuid.uuid4().hex
    for alias in settings.CACHES:
        caches[alias].set("healthz", token, timeout=10)
        if caches[alias].get("healthz") != token:
            raise CheckFailed(f"cache {alias!r} lost the key")


def tasks() -> None:
    """No task has waited for a worker longer than QUEUE_LATE (always passes without a
    queue: the immediate backend runs each task as it is enqueued)."""
    with transaction.atomic():
        waited = oldest_queued_task_age()
    if waited is not None and waited > QUEUE_LATE:
        raise CheckFailed(f"oldest queued task waited {int(waited.total_seconds())} s")


#: The checks in the order they run.
CHECKS: list[tuple[str, Callable[[], None]]] = [
    ("database", database),
    ("migrations", migrations),
    ("cache", cache),
    ("tasks", tasks),
]


def forget() -> None:
    """Drop the remembered migrations answer (tests, and after `migrate` in one process)."""
    global _migrations_ok_until
    _migrations_ok_until = 0.0


def _outcome(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception as error:
        logger.warning("health check %s failed", name, exc_info=True)
        return f"failing: {error}" if isinstance(error, CheckFailed) else _name(error)
    return "ok"


def _name(error: Exception) -> str:
    return f"failing: {type(error).__name__}"


def run() -> dict[str, str]:
    """Each check's outcome by name: "ok", or "failing: …" naming what failed."""
    return {name: _outcome(name, check) for name, check in CHECKS}
