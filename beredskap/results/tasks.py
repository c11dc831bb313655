"""Background work: recompute a round's results after approvals.

An approval marks its municipality (`services.request_recompute`, in the approval's
transaction) and enqueues `recompute_round` once it commits; the task recomputes every
municipality marked by then and the aggregates they belong to. With the database backend
(production) the approval returns at once and the worker computes; approvals arriving
together are computed by the first task that runs, and the others find nothing to do.

A recompute goes ahead of the other queued work (`PRIORITY`): a reviewer is waiting to see
the approval on the results pages, while the approval's notification e-mail, queued in the
same moment, can leave a second later, and a report's files take longer still.
"""

from django.db import transaction
from django.dispatch import receiver
from django.tasks import task

from beredskap.surveys.signals import response_approved

#: Above the default (0) of e-mail and report files; the worker takes the highest first.
PRIORITY = 50


@task(priority=PRIORITY)
def recompute_round(round_id: int) -> int:
    """Recompute what approvals in the round marked; returns the rows computed (0 when an
    earlier task took the marks).

    Approval does not change preliminary values (they already include submitted answers).
    """
    from beredskap.surveys.models import Round

    from . import services

    survey_round = Round.objects.get(pk=round_id)
    summary = services.recompute_pending(survey_round=survey_round)
    return summary.rows if summary else 0


@receiver(response_approved)
def _recompute_after_approval(sender, response, **kwargs):
    from . import services

    round_id = response.round_id
    services.request_recompute(round_id=round_id, municipality_id=response.municipality_id)
    transaction.on_commit(lambda: recompute_round.enqueue(round_id))
