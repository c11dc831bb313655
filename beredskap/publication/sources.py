"""The public pages' source of cells: the latest current release of each round."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from beredskap.surveys.models import Round

from .models import Release, ReleasedValue


@dataclass(frozen=True)
class Released:
    """`results.queries.Source` over releases: {year: release id} of the rounds shown.

    Trends read the same releases, so a page never mixes a round's release with its
    unreleased values.
    """

    releases: dict[int, int]
    basis: str = "approved"

    @classmethod
    def latest(cls) -> "Released":
        rows = Release.objects.latest_per_round().values_list("round__year", "pk")
        return cls(dict(rows))

    def of_round(self, survey_round: Round) -> QuerySet:
        return ReleasedValue.objects.filter(release_id=self.releases.get(survey_round.year))

    def of_rounds(self) -> QuerySet:
        return ReleasedValue.objects.filter(release_id__in=self.releases.values()).annotate(
            year=F("release__round__year")
        )

    def years(self) -> list[int]:
        return sorted(self.releases, reverse=True)
