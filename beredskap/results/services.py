"""Loading answers, computing a round's results with the pure engine, and storing them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from beredskap import audit
from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.models import Municipality
from beredskap.surveys.models import Answer, Response, Round

from . import calculations as calc
from .models import Value

#: Which responses each basis reads.
BASIS_STATUSES = {
    Value.Basis.APPROVED: [Response.Status.APPROVED],
    Value.Basis.PRELIMINARY: [Response.Status.APPROVED, Response.Status.SUBMITTED],
}


@dataclass
class ComputeSummary:
    round: int
    basis: str
    indicators: int
    municipalities_with_answers: int
    rows: int


def definitions(survey_round: Round) -> dict[str, tuple[IndicatorVersion, calc.IndicatorDef]]:
    versions = (
        IndicatorVersion.objects.filter(edition=survey_round.edition)
        .select_related("indicator")
        .prefetch_related("activities")
    )
    return {
        v.indicator.code: (
            v,
            calc.IndicatorDef(
                code=v.indicator.code,
                kind=v.kind,
                formula=v.formula,
                activities=tuple(a.code for a in v.activities.all()),
                classification=v.classification,
                direction=v.direction,
            ),
        )
        for v in versions
    }


def units(year: int) -> list[calc.Unit]:
    return [
        calc.Unit(code=m.code, county=m.county.code, group=m.group_code)
        for m in Municipality.objects.select_related("county").with_group(year)
    ]


def answers(survey_round: Round, basis: str) -> dict[str, dict[str, dict]]:
    """{municipality code: {activity: {question: value}}} in one query."""
    rows = Answer.objects.filter(
        response__round=survey_round, response__status__in=BASIS_STATUSES[basis]
    ).values_list("response__municipality__code", "activity_code", "question__code", "value")
    grouped: dict[str, dict[str, dict]] = {}
    for municipality, activity, question, value in rows.iterator(chunk_size=5000):
        grouped.setdefault(municipality, {}).setdefault(activity, {})[question] = value
    return grouped


def compute_round(
    *,
    survey_round: Round,
    basis: str = Value.Basis.APPROVED,
    by=None,
    progress: Callable[[int, int], None] | None = None,
) -> ComputeSummary:
    """Recompute every value of a round from its answers. Idempotent: same answers, same rows."""
    defs = definitions(survey_round)
    all_units = units(survey_round.year)
    loaded = answers(survey_round, basis)
    rows = []
    for index, code in enumerate(sorted(defs), start=1):
        version, definition = defs[code]
        for cell in calc.compute([definition], all_units, loaded):
            rows.append(_row(survey_round, version, basis, cell))
        if progress:
            progress(index, len(defs))
    with transaction.atomic():
        Value.objects.filter(round=survey_round, basis=basis).delete()
        Value.objects.bulk_create(rows, batch_size=2000)
    audit.record(
        actor=by, action="results.computed", target=survey_round, basis=basis, rows=len(rows)
    )
    return ComputeSummary(survey_round.year, basis, len(defs), len(loaded), len(rows))


def _row(survey_round: Round, version: IndicatorVersion, basis: str, cell: calc.Cell) -> Value:
    return Value(
        round=survey_round,
        indicator=version,
        basis=basis,
        level=cell.level,
        unit_code=cell.unit,
        activity_code=cell.activity,
        value=cell.value,
        numerator=cell.numerator,
        denominator=cell.denominator,
        verdict=cell.verdict,
        reason=cell.reason,
        units=cell.units,
        classification=cell.classification,
    )
