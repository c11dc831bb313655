"""The scenario gaps as support needs on the results pages: a need source
(`results.sources`), registered in `apps.ContinuityConfig.ready`.

Each modelled grundantagande of the adopted direction is run alone against the registers
(as on the scenario pages). It is a need of a municipality when some critical function
fails beyond its tolerable downtime; of a county or the nation when some municipality has
such a gap. Ranked by `calculations.share_points` (docs/continuity.md, "Support needs").

Unit-level data is civil-defence sensitive, so what each viewer gets differs:

- the municipality's own people: the counts and the names of the units with a gap;
- its county board's reviewers and Socialstyrelsen's analysts: the counts (a read event);
- a county page: the board's reviewers and analysts, the share of municipalities with a
  gap and the municipalities with their counts, one read event naming them; fewer than
  `calc.MIN_MUNICIPALITIES` municipalities with a register suppress the share;
- the national overview: analysts, counts only (suppressed the same way);
- anyone else: nothing. Public pages never ask (`results.pages.Site.internal`).

Reads take a fixed number of queries whatever the number of units or municipalities.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from beredskap import audit
from beredskap.registry import access
from beredskap.registry.models import Municipality
from beredskap.results.sources import OtherNeed

from . import calculations as calc
from . import scenarios, services

SOURCE = "scenario"
#: Municipalities named with their gaps on a county page, the most gaps first.
NAMES_SHOWN = 5


def _choices(user) -> tuple[scenarios.AssumptionChoice, ...]:
    restricted = access.may_see_restricted_assumptions(user)
    return scenarios.assumption_choices(scenarios.adopted_direction(), restricted=restricted)


def _link(name: str, args: list, code: str) -> str:
    return f"{reverse(name, args=args)}?{urlencode({'a': code})}"


def _aggregate(choice, summaries, *, href: str, names=()) -> OtherNeed | None:
    total = calc.aggregate(summaries)
    if not total.with_gaps:
        return None
    hidden = total.suppressed
    return OtherNeed(
        source=SOURCE,
        assumption=choice.code,
        title=choice.title,
        affected=0 if hidden else total.with_gaps,
        of=0 if hidden else total.municipalities,
        priority=calc.share_points(0 if hidden else total.with_gaps, total.municipalities),
        names=tuple(names),
        href=href,
        suppressed=hidden,
        counted="municipalities",
    )


class ScenarioNeeds:
    name = SOURCE

    def for_municipality(self, user, municipality: Municipality) -> list[OtherNeed]:
        if not access.may_see_register(user, municipality):
            return []
        units = scenarios.registers([municipality.pk])[municipality.pk]
        if not units:
            return []
        own = not access.reads_across(user, municipality)
        found = []
        for choice in _choices(user):
            outcome = calc.run(units, calc.scenario_from([choice.engine_input()]))
            summary = outcome.summary()
            if not summary.gaps:
                continue
            found.append(
                OtherNeed(
                    source=SOURCE,
                    assumption=choice.code,
                    title=choice.title,
                    affected=summary.gaps,
                    of=summary.functions,
                    priority=calc.share_points(summary.gaps, summary.functions),
                    people=summary.people_affected,
                    names=calc.units_with_gaps(outcome) if own else (),
                    href=_link("scenarios:municipality", [municipality.code], choice.code),
                )
            )
        if found:
            services.record_read(by=user, municipality=municipality, what="scenario needs")
        return found

    def for_county(self, user, county) -> list[OtherNeed]:
        if not access.scenario_counties(user).filter(pk=county.pk).exists():
            return []
        members = list(
            Municipality.objects.filter(county=county).values_list("pk", "name", "code")
        )
        registers = scenarios.registers(pk for pk, _name, _code in members)
        if not any(registers.values()):
            return []
        found = []
        for choice in _choices(user):
            scenario = calc.scenario_from([choice.engine_input()])
            named = [
                (name, calc.run(registers[pk], scenario).summary()) for pk, name, _c in members
            ]
            ranked = calc.rank_needs(named)[:NAMES_SHOWN]
            need = _aggregate(
                choice,
                [summary for _name, summary in named],
                href=_link("scenarios:county", [county.code], choice.code),
                names=[_with_gaps(name, summary.gaps) for name, summary in ranked],
            )
            if need is not None:
                found.append(need)
        audit.record(
            actor=user, action="continuity.read_aggregate", target=county,
            what="scenario needs county",
            municipalities=sorted(code for pk, _name, code in members if registers[pk]),
        )  # fmt: skip
        return found

    def for_nation(self, user) -> list[OtherNeed]:
        if not access.may_see_national_scenarios(user):
            return []
        registers = scenarios.registers(Municipality.objects.values_list("pk", flat=True))
        if not any(registers.values()):
            return []
        found = []
        for choice in _choices(user):
            scenario = calc.scenario_from([choice.engine_input()])
            summaries = [calc.run(units, scenario).summary() for units in registers.values()]
            need = _aggregate(choice, summaries, href=_link("scenarios:national", [], choice.code))
            if need is not None:
                found.append(need)
        audit.record(
            actor=user, action="continuity.read_aggregate", what="scenario needs national"
        )
        return found


def _with_gaps(name: str, gaps: int) -> str:
    """A municipality with the number of its functions out beyond their tolerable downtime."""
    return ngettext("%(name)s (%(count)s function)", "%(name)s (%(count)s functions)", gaps) % {
        "name": name,
        "count": gaps,
    }
