"""Results inside the service, not yet published (so not "Öppna jämförelser"): the
overview, municipality, indicator and county pages.

Signed-in users of every role see the same pages; what each cell shows is decided by
`registry.access.ValueViewer` (sensitivity, suppression, preliminary values). The views
only choose the scope and the site; `results.pages` draws the pages, for `publication`'s
public pages of a release too.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from beredskap.registry import access

from . import queries
from .pages import (
    Site,
    render_county,
    render_indicator,
    render_municipality,
    render_overview,
    render_targets,
)


def _scope(request, year: int) -> queries.Scope:
    viewer = access.value_viewer(request.user)
    return queries.scope(viewer, year, request.GET.get("basis"))


def _internal() -> Site:
    return Site(years=tuple(queries.Computed().years()), internal=True)


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


@login_required
def targets(request, year: int):
    """The nation's and every county's maturity per målbild."""
    return render_targets(request, _scope(request, year), _internal())


@login_required
def county_targets(request, year: int, code: str):
    return render_targets(request, _scope(request, year), _internal(), county=code)


@login_required
def municipality_targets(request, year: int, code: str):
    return render_targets(request, _scope(request, year), _internal(), municipality=code)
