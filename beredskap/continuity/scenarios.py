"""Reads for the scenario pages: the adopted direction's assumptions and the registers as the
engine's inputs (`calculations`), in a fixed number of queries however many units there are.

Callers check `registry.access` first; these only read. The gaps link to the knowledge
library's items for the assumptions that cause them (`guidance`, `gap_guidance`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from beredskap.library.queries import items_for
from beredskap.planning.models import Assumption, Direction, Parameter, Sensitivity

from . import calculations as calc
from .models import CriticalFunction, Dependency, Unit

#: The parameters the engine reads, in the order the what-if form shows them.
ENGINE_PARAMETERS = (
    "duration_hours",
    "evacuation_hours",
    "duration_days",
    "days",
    "duration_weeks",
    "duration_months",
    "share",
    "weeks",
    "peak_share",
    "peak_weeks",
)


@dataclass(frozen=True)
class ParameterChoice:
    name: str
    unit: str
    unit_label: str
    value: float


@dataclass(frozen=True)
class AssumptionChoice:
    code: str
    title: str
    category: str
    restricted: bool
    parameters: tuple[ParameterChoice, ...]

    def engine_input(self, values: dict[str, float] | None = None) -> calc.AssumptionInput:
        given = {p.name: p.value for p in self.parameters}
        return calc.AssumptionInput(self.code, self.category, {**given, **(values or {})})


def adopted_direction() -> Direction | None:
    """The adopted direction valid now (the newest adopted one)."""
    return Direction.objects.filter(status=Direction.Status.ADOPTED).first()


def assumption_choices(
    direction: Direction | None, *, restricted: bool
) -> tuple[AssumptionChoice, ...]:
    """The direction's assumptions the engine models, restricted ones only if allowed."""
    if direction is None:
        return ()
    assumptions = Assumption.objects.filter(
        direction=direction, category__in=calc.MODELLED_CATEGORIES
    ).order_by("position", "id")
    if not restricted:
        assumptions = assumptions.exclude(sensitivity=Sensitivity.RESTRICTED)
    assumptions = list(assumptions)
    parameters = defaultdict(list)
    for p in Parameter.objects.filter(
        assumption__in=[a.pk for a in assumptions], name__in=ENGINE_PARAMETERS
    ).order_by("position", "id"):
        parameters[p.assumption_id].append(
            ParameterChoice(p.name, p.unit, str(p.get_unit_display()), p.value)
        )
    return tuple(
        AssumptionChoice(
            code=a.code,
            title=a.title,
            category=a.category,
            restricted=a.sensitivity == Sensitivity.RESTRICTED,
            parameters=tuple(parameters[a.pk]),
        )
        for a in assumptions
    )


def registers(municipality_ids: Iterable[int]) -> dict[int, list[calc.Unit]]:
    """Each municipality's register as the engine's units: three queries in all (one when
    none of them has a unit)."""
    ids = list(municipality_ids)
    units = list(
        Unit.objects.filter(municipality_id__in=ids).values_list(
            "pk", "municipality_id", "name", "people_served"
        )
    )
    result: dict[int, list[calc.Unit]] = {pk: [] for pk in ids}
    if not units:
        return result
    functions = defaultdict(list)
    for pk, unit_id, name, downtime in CriticalFunction.objects.filter(
        unit__municipality_id__in=ids
    ).values_list("pk", "unit_id", "name", "max_tolerable_downtime_hours"):
        functions[unit_id].append((pk, name, downtime))
    dependencies = defaultdict(list)
    for function_id, category, reserve, minimum, available in Dependency.objects.filter(
        function__unit__municipality_id__in=ids
    ).values_list("function_id", "category", "reserve_hours", "minimum_staff", "staff_available"):
        dependencies[function_id].append(calc.Dependency(category, reserve, minimum, available))
    for pk, municipality_id, name, people in units:
        result[municipality_id].append(
            calc.Unit(
                key=str(pk),
                name=name,
                people_served=people,
                functions=tuple(
                    calc.Function(str(f_pk), f_name, downtime, tuple(dependencies[f_pk]))
                    for f_pk, f_name, downtime in functions[pk]
                ),
            )
        )
    return result


def outcomes_by_assumption(
    municipality_ids: list[int], *, restricted: bool = False
) -> list[tuple[AssumptionChoice, list[calc.Summary]]]:
    """Each modelled assumption of the adopted direction alone, with its outcome summary for
    every municipality given (in their order): six queries in all, one when none of
    them has a register."""
    found = registers(municipality_ids)
    if not any(found.values()):
        return []
    choices = assumption_choices(adopted_direction(), restricted=restricted)
    return [
        (
            choice,
            [
                calc.run(found[pk], calc.scenario_from([choice.engine_input()])).summary()
                for pk in municipality_ids
            ],
        )
        for choice in choices
    ]


def guidance(choices: Iterable[AssumptionChoice]) -> list[tuple[AssumptionChoice, list]]:
    """Each chosen assumption with the library items that address it (two queries)."""
    chosen = list(choices)
    found = items_for(assumptions=[c.code for c in chosen]) if chosen else {}
    return [(c, found.get(c.code, [])) for c in chosen]


def gap_guidance(
    gaps: Iterable[calc.FunctionOutcome], by_assumption: list[tuple[AssumptionChoice, list]]
) -> list[tuple[calc.FunctionOutcome, list]]:
    """Each gap with the library items of the chosen assumptions that cut one of its
    dependencies (each item once, in the assumptions' order). Pure."""
    rows = []
    for gap in gaps:
        causes = {o.category for o in gap.outages}
        items: dict = {}
        for choice, found in by_assumption:
            if choice.category in causes:
                items.update((item.pk, item) for item in found)
        rows.append((gap, list(items.values())))
    return rows
