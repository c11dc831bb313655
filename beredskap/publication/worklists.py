"""Publication's part of the start pages: the analyst's rounds with their releases, and
the latest release for the public start page. Reads only, a fixed number of queries."""

from django.db.models import Prefetch

from beredskap.surveys.models import Round

from .models import Release


def rounds_with_releases() -> list[Round]:
    """Every round, newest first, with its releases in order (`releases.all`) and the
    current one the public reads as `current` (two queries)."""
    ordered = Release.objects.order_by("number")
    rounds = list(Round.objects.order_by("-year").prefetch_related(Prefetch("releases", ordered)))
    for survey_round in rounds:
        current = [r for r in survey_round.releases.all() if not r.withdrawn]
        survey_round.current = current[-1] if current else None
    return rounds


def latest_release() -> Release | None:
    """The newest current release of the newest released round (one query)."""
    return Release.objects.latest_per_round().select_related("round").first()
