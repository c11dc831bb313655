"""Checking the demo against its targets: national shares of an indicator, as the engine counts.

The tests use these to pin that the generated answers land near the published figures
and show the trends the tuning tables describe.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from beredskap.catalogue import calculations
from beredskap.catalogue.models import IndicatorVersion
from beredskap.surveys import services as surveys
from beredskap.surveys.models import Answer, Response

Status = Response.Status


@dataclass(frozen=True)
class Share:
    """Municipalities where an indicator is met, among those where it applies."""

    met: int
    applicable: int

    @property
    def percent(self) -> float:
        return 100 * self.met / self.applicable if self.applicable else math.nan


def indicator_shares(
    year: int,
    code: str,
    statuses: tuple[str, ...] = (Status.APPROVED,),
    municipalities: Collection[str] | None = None,
) -> dict[str, Share]:
    """National share per activity ('' when municipality-wide) of a yes/no indicator.

    Computed from the stored answers with the pure `calculations.evaluate`, the way the
    results engine counts: not applicable and unanswered municipalities are left out.
    `municipalities` (codes) narrows it to a county or a group.
    """
    version = IndicatorVersion.objects.get(indicator__code=code, edition__year=year)
    activities = [a.code for a in version.activities.all()] or [""]
    grouped = _answers_by_response(year, version, statuses, municipalities)
    counts = {activity: Counter() for activity in activities}
    for answers in grouped.values():
        for activity in activities:
            outcome = calculations.evaluate(
                version.kind, version.formula, surveys.values_for(answers, activity)
            )
            if outcome.verdict and outcome.verdict != calculations.Verdict.NOT_APPLICABLE:
                counts[activity][outcome.verdict] += 1
    return {
        activity: Share(tally[calculations.Verdict.MET], sum(tally.values()))
        for activity, tally in counts.items()
    }


def _answers_by_response(
    year: int, version: IndicatorVersion, statuses, municipalities
) -> dict[int, dict[str, dict[str, Any]]]:
    """{response id: {activity: {question: value}}} of the questions the formula reads."""
    questions = calculations.referenced_questions(version.formula)
    rows = Answer.objects.filter(
        response__round__year=year, response__status__in=statuses, question__code__in=questions
    )
    if municipalities is not None:
        rows = rows.filter(response__municipality__code__in=list(municipalities))
    rows = rows.values_list("response_id", "activity_code", "question__code", "value")
    grouped: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for response_id, activity, question, value in rows:
        grouped[response_id].setdefault(activity, {})[question] = value
    return grouped
