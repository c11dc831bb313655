"""The scenario pages: a municipality's register run against the adopted direction's
assumptions (timeline, table, ranked gaps, what-if), the county board's municipalities side
by side, and the national aggregate. GET only: nothing is saved.

Thin views: `registry.access` decides (another organisation's data is a 404),
`scenarios` reads, `calculations` computes. Showing a municipality's unit-level outcome to
someone outside it leaves a read event (`services.record_read`).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access

from . import calculations as calc
from . import scenarios, services, timeline
from .scenario_forms import ScenarioForm


def _form(request) -> ScenarioForm:
    choices = scenarios.assumption_choices(
        scenarios.adopted_direction(),
        restricted=access.may_see_restricted_assumptions(request.user),
    )
    return ScenarioForm(request.GET or None, choices=choices)


def _scenario(form: ScenarioForm) -> calc.Scenario | None:
    """The chosen scenario, or None while nothing valid is chosen."""
    if form.is_bound and form.is_valid() and form.selected():
        return form.scenario()
    return None


@login_required
def index(request):
    """Where the user may run scenarios: own municipalities, reviewed counties, the nation."""
    own = list(access.own_municipalities(request.user).order_by("name"))
    counties = list(access.scenario_counties(request.user).order_by("code"))
    national = access.may_see_national_scenarios(request.user)
    if not (own or counties or national):
        raise PermissionDenied
    return render(
        request,
        "continuity/scenarios/index.html",
        {"own": own, "counties": counties, "national": national},
    )


@login_required
def municipality(request, code: str):
    municipality = access.register_for_user(request.user, code)
    form = _form(request)
    scenario = _scenario(form)
    context = {"municipality": municipality, "form": form, "outcome": None}
    if scenario is not None:
        units = scenarios.registers([municipality.pk])[municipality.pk]
        outcome = calc.run(form.adjust(units), scenario)
        services.record_read(by=request.user, municipality=municipality, what="scenario")
        gaps = outcome.gaps()
        context.update(
            outcome=outcome,
            summary=outcome.summary(),
            gaps=gaps,
            gap_rows=scenarios.gap_guidance(gaps, scenarios.guidance(form.selected())),
            timeline=timeline.layout(outcome),
            titles=[c.title for c in form.selected()],
            adjusted=form.adjusted(),
        )
    return render(request, "continuity/scenarios/municipality.html", context)


@login_required
def county(request, code: str):
    county = access.scenario_county_for_user(request.user, code)
    form = _form(request)
    scenario = _scenario(form)
    municipalities = list(county.municipalities.order_by("name"))
    rows = []
    if scenario is not None:
        registers = scenarios.registers(m.pk for m in municipalities)
        for m in municipalities:
            outcome = calc.run(registers[m.pk], scenario)
            first = min((f.fails_at for f in outcome.functions if f.fails), default=None)
            rows.append((m, outcome.summary(), first))
            if registers[m.pk]:
                services.record_read(by=request.user, municipality=m, what="scenario county")
    context = {
        "county": county,
        "form": form,
        "rows": rows,
        "total": calc.aggregate(summary for _, summary, _ in rows) if rows else None,
        "needs": calc.rank_needs((m.name, summary) for m, summary, _ in rows),
        "guidance": scenarios.guidance(form.selected()) if scenario is not None else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "continuity/scenarios/county.html", context)


@login_required
def national(request):
    if not access.may_see_national_scenarios(request.user):
        raise Http404(_("No such page."))
    form = _form(request)
    scenario = _scenario(form)
    rows, total = [], None
    if scenario is not None:
        rows, total = _national_rows(scenario)
        audit.record(
            actor=request.user, action="continuity.read_aggregate", what="scenario national"
        )
    context = {
        "form": form, "rows": rows, "total": total,
        "guidance": scenarios.guidance(form.selected()) if scenario is not None else [],
    }  # fmt: skip
    return render(request, "continuity/scenarios/national.html", context)


def _national_rows(scenario: calc.Scenario):
    """Per county: the aggregate of its municipalities' outcomes; and the nation's."""
    from beredskap.registry.models import County, Municipality

    municipalities = list(Municipality.objects.values_list("pk", "county_id"))
    registers = scenarios.registers(pk for pk, _ in municipalities)
    by_county: dict[int, list[calc.Summary]] = {}
    for pk, county_id in municipalities:
        summary = calc.run(registers[pk], scenario).summary()
        by_county.setdefault(county_id, []).append(summary)
    rows = [(c, calc.aggregate(by_county.get(c.pk, ()))) for c in County.objects.order_by("code")]
    total = calc.aggregate(s for summaries in by_county.values() for s in summaries)
    return rows, total
