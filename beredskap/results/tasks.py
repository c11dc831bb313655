"""Background work: recompute a round's results when one of its responses is approved."""

from django.db import transaction
from django.dispatch import receiver
from django.tasks import task

from beredskap.surveys.signals import response_approved


@task
def recompute_round(round_id: int) -> int:
    """Recompute a round's approved values; returns the rows written.

    Approval does not change preliminary values (they already include submitted answers).
    """
    from beredskap.surveys.models import Round

    from . import services

    survey_round = Round.objects.get(pk=round_id)
    return services.compute_round(survey_round=survey_round).rows


@receiver(response_approved)
def _recompute_after_approval(sender, response, **kwargs):
    round_id = response.round_id
    transaction.on_commit(lambda: recompute_round.enqueue(round_id))
