"""Background work: recompute a round's results when one of its responses is approved."""

from django.db import transaction
from django.dispatch import receiver
from django.tasks import task

from beredskap.surveys.signals import response_approved


@task
def recompute_round(round_id: int) -> int:
    """Recompute the approved and preliminary values of a round; returns the rows written."""
    from beredskap.surveys.models import Round

    from . import services
    from .models import Value

    survey_round = Round.objects.get(pk=round_id)
    rows = 0
    for basis in (Value.Basis.APPROVED, Value.Basis.PRELIMINARY):
        rows += services.compute_round(survey_round=survey_round, basis=basis).rows
    return rows


@receiver(response_approved)
def _recompute_after_approval(sender, response, **kwargs):
    round_id = response.round_id
    transaction.on_commit(lambda: recompute_round.enqueue(round_id))
