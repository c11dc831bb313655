"""Open comparisons inside the service: overview, municipality, indicator and county pages.

Signed-in users of every role see the same pages; what each cell shows is decided by
`registry.access.ValueViewer` (sensitivity, suppression, preliminary values). The
`render_*` functions draw a page for any `Site`: `publication` uses them for the public
pages of a release.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.registry import access
from beredskap.registry.models import County, Municipality

from . import calculations as calc
from . import charts, maps, queries
from .presentation import KIND_LABELS


class OverviewFilter(forms.Form):
    """The heat map's filters; choices come from the round's edition and the registry."""

    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Municipality group"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    activity = forms.ChoiceField(label=gettext_lazy("Activity"), required=False)

    def __init__(self, data, *, options: dict):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["county"].choices = every + [(c.code, c.name) for c in options["counties"]]
        self.fields["group"].choices = every + [
            (g.code, f"{g.code} {g.name}") for g in options["groups"]
        ]
        self.fields["area"].choices = every + [(a.code, a.name) for a in options["areas"]]
        self.fields["activity"].choices = [("", _("All, summarised"))] + [
            (a.code, a.name) for a in options["activities"]
        ]


@dataclass(frozen=True)
class Site:
    """Which pages these are: the internal ones here, or the public ones of `publication`,
    which render the same pages from a release (its URL namespace, years and sources)."""

    namespace: str = "results"
    years: tuple[int, ...] = ()
    context: dict = field(default_factory=dict)  # e.g. the release shown
    sources: Callable[[str, dict], list] = lambda page, ids: []  # (label, url) of the data

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)


def _scope(request, year: int) -> queries.Scope:
    viewer = access.value_viewer(request.user)
    return queries.scope(viewer, year, request.GET.get("basis"))


def _internal() -> Site:
    return Site(years=tuple(queries.Computed().years()))


def _base(request, scope: queries.Scope, site: Site, **extra) -> dict:
    match = request.resolver_match
    return {
        "scope": scope,
        "year": scope.round.year,
        "ns": site.namespace,
        "year_links": [
            (y, reverse(match.view_name, kwargs={**match.kwargs, "year": y})) for y in site.years
        ],
        "may_see_preliminary": scope.viewer.may_see_preliminary,
        **site.context,
        **extra,
    }


@login_required
def index(request):
    """The newest round with results."""
    years = _internal().years
    if not years:
        return render(request, "results/none.html", status=200)
    return redirect("results:overview", year=years[0])


@login_required
def overview(request, year: int):
    return render_overview(request, _scope(request, year), _internal())


@login_required
def municipality(request, year: int, code: str):
    return render_municipality(request, _scope(request, year), _internal(), code)


@login_required
def indicator(request, year: int, code: str):
    return render_indicator(request, _scope(request, year), _internal(), code)


@login_required
def county(request, year: int, code: str):
    return render_county(request, _scope(request, year), _internal(), code)


def render_overview(request, scope: queries.Scope, site: Site):
    options = queries.filters(scope.round)
    form = OverviewFilter(request.GET, options=options)
    chosen = form.cleaned_data if form.is_valid() else {}
    heat = queries.heatmap(
        scope,
        county=chosen.get("county", ""),
        group=chosen.get("group", ""),
        area=chosen.get("area", ""),
        activity=chosen.get("activity", ""),
    )
    return render(
        request,
        "results/overview.html",
        _base(
            request,
            scope,
            site,
            form=form,
            heat=heat,
            needs=queries.nation_needs(scope),
            sources=site.sources("overview", {"activity": chosen.get("activity", "")}),
        ),
    )


def render_municipality(request, scope: queries.Scope, site: Site, code: str):
    place = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    profile = queries.municipality_profile(scope, place)
    return render(
        request,
        "results/municipality.html",
        _base(
            request,
            scope,
            site,
            place=place,
            sources=site.sources("municipality", {"unit": code}),
            **profile,
        ),
    )


def render_indicator(request, scope: queries.Scope, site: Site, code: str):
    year = scope.round.year
    version = queries.indicator_version(scope.round, code)
    activities = list(version.activities.all())
    activity = request.GET.get("activity", "")
    if activity not in {a.code for a in activities}:
        activity = queries.SUMMARY if activities else ""
    page = queries.indicator_page(scope, version, activity, request.GET.get("unit", ""))
    column = page["column"]
    percent = version.kind in ("yes_no", "share")
    trend = charts.trend(
        [(name, segs) for name, segs, _row in page["trends"]], page["years"], percent=percent
    )
    the_map = maps.choropleth(
        [
            maps.MapUnit(
                code=m.code,
                name=m.name,
                classification=shown.css if shown.css in calc.CLASSES else "",
                label=shown.label,
                value_text=shown.text,
            )
            for m, _cell, shown in page["visible"]
        ],
        title=_("%(code)s by municipality, %(year)s") % {"code": code, "year": year},
    )
    return render(
        request,
        "results/indicator.html",
        _base(
            request,
            scope,
            site,
            version=version,
            activities=activities,
            activity=activity,
            summary=queries.SUMMARY,
            kind_label=KIND_LABELS.get(version.kind, version.kind),
            bars=charts.bars(queries.distribution(column, page["visible"])),
            trend=trend,
            map=the_map,
            sources=site.sources("indicator", {"indicator": code, "activity": activity}),
            **page,
        ),
    )


def render_county(request, scope: queries.Scope, site: Site, code: str):
    year = scope.round.year
    place = get_object_or_404(County, code=code)
    members = queries.municipalities(scope.round.year, county=code)
    page = queries.county_page(scope, place, members)
    heat = queries.heatmap(scope, county=code)
    columns = heat.columns
    chosen = request.GET.get("indicator") or (columns[0].code if columns else "")
    column = next((c for c in columns if c.code == chosen), columns[0] if columns else None)
    the_map = None
    if column is not None:
        position = columns.index(column)
        the_map = maps.choropleth(
            [
                maps.MapUnit(
                    code=row.code,
                    name=row.name,
                    classification=row.cells[position].css
                    if row.cells[position].css in calc.CLASSES
                    else "",
                    label=row.cells[position].label,
                    value_text=row.cells[position].text,
                    href=site.url("municipality", year, row.code),
                )
                for row in heat.rows
            ],
            title=_("%(code)s in %(county)s, %(year)s")
            % {"code": column.code, "county": place.name, "year": year},
            focus=code,
        )
    return render(
        request,
        "results/county.html",
        _base(
            request,
            scope,
            site,
            place=place,
            heat=heat,
            map=the_map,
            map_column=column,
            sources=site.sources("county", {"county": code}),
            **page,
        ),
    )
