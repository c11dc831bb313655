"""The results pages drawn for a site: overview, municipality, indicator and county.

The same pages are the internal ones (`results.views`, the computed values, whoever is
signed in) and the public ones (`publication.views`, a release's snapshot, for an
anonymous viewer). A `Site` says which: its URL namespace, its years and the links to the
data of each page. What each cell shows is decided by `registry.access.ValueViewer`
(sensitivity, suppression, preliminary values) through the scope. The renderers live
here, not in a views module, so that another app's views can use them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from beredskap.registry.models import County, Municipality

from . import calculations as calc
from . import charts, collector, fragments, maps, queries, sources
from .forms import OverviewFilter
from .presentation import KIND_LABELS, Shown, maturity_labels


@dataclass(frozen=True)
class Site:
    """Which pages these are: the internal ones of `results`, or the public ones of
    `publication`, which render the same pages from a release (its URL namespace, years
    and sources)."""

    namespace: str = "results"
    years: tuple[int, ...] = ()
    context: dict = field(default_factory=dict)  # e.g. the release shown
    sources: Callable[[str, dict], list] = lambda page, ids: []  # (label, url) of the data
    # The internal pages also show the needs other apps register (`results.sources`:
    # scenario gaps, sensitive); the public pages of a release never ask for them.
    internal: bool = False

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)


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


def _map_unit(code: str, name: str, shown: Shown, href: str = "") -> maps.MapUnit:
    """A unit on a map, classed as its cell is shown."""
    return maps.MapUnit(
        code=code,
        name=name,
        classification=shown.css if shown.css in calc.CLASSES else "",
        label=shown.label,
        value_text=shown.text,
        href=href,
    )


def render_overview(request, scope: queries.Scope, site: Site):
    options = queries.filters(scope.round)
    form = OverviewFilter(request.GET, options=options)
    chosen = form.cleaned_data if form.is_valid() else {}
    with collector.paused():  # some 50,000 short-lived objects, no cycles
        return _overview_page(request, scope, site, form, chosen)


def _overview_page(request, scope: queries.Scope, site: Site, form, chosen: dict):
    query = request.GET.get("q", "").strip()
    heat, needs = queries.overview(
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
            needs=needs,
            other_needs=sources.nation_needs(request.user) if site.internal else [],
            query=query,
            found=queries.search(scope, query) if query else None,
            sources=site.sources("overview", {"activity": chosen.get("activity", "")}),
        ),
    )


#: The parts of the municipality page drawn from its profile, kept together in the shared
#: cache on the internal pages (`fragments`); the page draws the rest on every request.
PROFILE_PARTS = {
    "facts": "results/_profile_facts.html",
    "needs": "results/_needs_ranked.html",
    "indicators": "results/_profile_indicators.html",
}


def render_municipality(request, scope: queries.Scope, site: Site, code: str):
    place = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    data = site.sources("municipality", {"unit": code})
    profile = fragments.municipality_profile(
        scope=scope,
        place=place,
        namespace=site.namespace,
        sources=data,
        internal=site.internal,
        draw=lambda: _profile_parts(scope, place, site.namespace, data),
    )
    return render(
        request,
        "results/municipality.html",
        _base(
            request,
            scope,
            site,
            place=place,
            profile=profile,
            other_needs=sources.municipality_needs(request.user, place) if site.internal else [],
        ),
    )


def _profile_parts(scope: queries.Scope, place: Municipality, namespace: str, data: list) -> dict:
    """The profile's parts as HTML, drawn without the request: nothing of the user but what
    `scope` holds (the viewer) can reach them, as they may be kept for others."""
    context = {
        "place": place,
        "year": scope.round.year,
        "ns": namespace,
        "sources": data,
        **queries.municipality_profile(scope, place),
    }
    return {name: render_to_string(template, context) for name, template in PROFILE_PARTS.items()}


def render_indicator(request, scope: queries.Scope, site: Site, code: str):
    version = queries.indicator_version(scope.round, code)
    activities = list(version.activities.all())
    activity = request.GET.get("activity", "")
    if activity not in {a.code for a in activities}:
        activity = queries.SUMMARY if activities else ""
    page = queries.indicator_page(scope, version, activity, request.GET.get("unit", ""))
    percent = version.kind in ("yes_no", "share")
    trend = charts.trend(
        [(name, segs) for name, segs, _row in page["trends"]], page["years"], percent=percent
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
            bars=charts.bars(queries.distribution(page["column"], page["visible"])),
            trend=trend,
            map=_indicator_map(page, code, scope.round.year),
            sources=site.sources("indicator", {"indicator": code, "activity": activity}),
            **page,
        ),
    )


def _indicator_map(page: dict, code: str, year: int) -> maps.Map:
    """Every municipality the viewer may see, classed on the indicator."""
    return maps.choropleth(
        [_map_unit(m.code, m.name, shown) for m, _cell, shown in page["visible"]],
        title=_("%(code)s %(title)s by municipality, %(year)s")
        % {"code": code, "title": page["column"].version.title, "year": year},
    )


def render_county(request, scope: queries.Scope, site: Site, code: str):
    place = get_object_or_404(County, code=code)
    members = queries.municipalities(scope.round.year, county=code)
    page = queries.county_page(scope, place, members)
    heat = queries.heatmap(scope, county=code)
    columns = heat.columns
    chosen = request.GET.get("indicator") or (columns[0].code if columns else "")
    column = next((c for c in columns if c.code == chosen), columns[0] if columns else None)
    return render(
        request,
        "results/county.html",
        _base(
            request,
            scope,
            site,
            place=place,
            heat=heat,
            map=_county_map(heat, column, place, site, scope.round.year),
            map_column=column,
            sources=site.sources("county", {"county": code}),
            other_needs=sources.county_needs(request.user, place) if site.internal else [],
            **page,
        ),
    )


def _county_map(
    heat: queries.Heatmap, column: queries.Column | None, place: County, site: Site, year: int
) -> maps.Map | None:
    """The county's municipalities classed on the chosen indicator, each linked to its page."""
    if column is None:
        return None
    position = heat.columns.index(column)
    return maps.choropleth(
        [
            _map_unit(
                row.code,
                row.name,
                row.cells[position],
                href=site.url("municipality", year, row.code),
            )
            for row in heat.rows
        ],
        title=_("%(code)s %(title)s in %(county)s, %(year)s")
        % {
            "code": column.code,
            "title": column.version.title,
            "county": place.name,
            "year": year,
        },
        focus=place.code,
    )


def render_targets(request, scope: queries.Scope, site: Site, *, municipality="", county=""):
    """The målbild view of a municipality, a county or the nation (docs/planning.md)."""
    place = None
    if municipality:
        place = get_object_or_404(Municipality.objects.select_related("county"), code=municipality)
        rows = queries.municipality_targets(scope, place)
    elif county:
        place = get_object_or_404(County, code=county)
        rows = queries.spread_targets(scope, place)
    else:
        rows = queries.spread_targets(scope)
    return render(
        request,
        "results/targets.html",
        _base(
            request,
            scope,
            site,
            place=place,
            unit="municipality" if municipality else "county" if county else "nation",
            rows=rows,
            direction=scope.round.edition.direction,
            levels=maturity_labels(),
        ),
    )
