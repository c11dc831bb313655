"""Loading answers, computing a round's results with the pure engine, and storing them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

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
        rows.extend(
            _row(survey_round.pk, version.pk, basis, cell)
            for cell in calc.compute([definition], all_units, loaded)
        )
        if progress:
            progress(index, len(defs))
    with transaction.atomic():
        Value.objects.filter(round=survey_round, basis=basis).delete()
        _insert(rows)
    audit.record(
        actor=by, action="results.computed", target=survey_round, basis=basis, rows=len(rows)
    )
    return ComputeSummary(survey_round.year, basis, len(defs), len(loaded), len(rows))


COLUMNS = (
    "round_id", "indicator_id", "basis", "level", "unit_code", "activity_code", "value",
    "numerator", "denominator", "verdict", "reason", "units", "classification", "computed_at",
)  # fmt: skip


def _row(round_id: int, version_id: int, basis: str, cell: calc.Cell) -> tuple:
    return (
        round_id,
        version_id,
        basis,
        cell.level,
        cell.unit,
        cell.activity,
        cell.value,
        cell.numerator,
        cell.denominator,
        cell.verdict,
        cell.reason,
        cell.units,
        cell.classification,
    )


def _insert(rows: list[tuple], batch: int = 5000) -> None:
    """Insert value rows with executemany: the ORM's per-object cost dominated a recompute."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(Value._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    values = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"
    decimal = connection.ops.adapt_decimalfield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(
                sql,
                [
                    (*r[:6], *(decimal(v, 12, 4) for v in r[6:9]), *r[9:], now)
                    for r in rows[start : start + batch]
                ],
            )
