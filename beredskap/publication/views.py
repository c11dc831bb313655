"""The public comparison pages: the latest release of each round, for everyone.

They are the results pages (`results.pages.render_*`) drawn from a release's snapshot
and for an anonymous viewer, whoever is signed in: a release holds only what may be
public, and the viewer shows aggregate-only indicators above municipality level only.
"""

from functools import partial
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from beredskap.registry.access import ValueViewer
from beredskap.results import pages, queries

from .models import Release
from .sources import Released

PUBLIC_VIEWER = ValueViewer()


def _page(year: int) -> tuple[queries.Scope, pages.Site]:
    source = Released.latest()
    if year not in source.releases:
        raise Http404(_("Nothing of the %(year)s round has been published.") % {"year": year})
    release = Release.objects.select_related("round").get(pk=source.releases[year])
    scope = queries.Scope(queries.round_of(year), "approved", PUBLIC_VIEWER, source)
    site = pages.Site(
        namespace="public",
        years=tuple(source.years()),
        context={"release": release, "downloads_url": reverse("downloads:index")},
        sources=partial(data_links, release),
    )
    return scope, site


def data_links(release: Release, page: str, ids: dict) -> list[tuple[str, str]]:
    """The download and the API call that hold the numbers of a page's tables."""
    query = {"release": release.label}
    if ids.get("indicator"):
        query["indicator"] = ids["indicator"]
    if ids.get("unit"):
        query["unit"] = ids["unit"]
    api = f"{reverse('api-v1:api-root')}values?{urlencode(query)}"
    csv = reverse("downloads:file", args=[release.round.year, release.number, "values.csv"])
    return [(_("API: %(query)s") % {"query": urlencode(query)}, api), (_("CSV"), csv)]


def index(request):
    """The newest released round, or a page saying nothing is published yet."""
    years = Released.latest().years()
    if not years:
        return render(request, "publication/none.html")
    return redirect("public:overview", year=years[0])


def overview(request, year: int):
    scope, site = _page(year)
    return pages.render_overview(request, scope, site)


def municipality(request, year: int, code: str):
    scope, site = _page(year)
    return pages.render_municipality(request, scope, site, code)


def indicator(request, year: int, code: str):
    scope, site = _page(year)
    return pages.render_indicator(request, scope, site, code)


def county(request, year: int, code: str):
    scope, site = _page(year)
    return pages.render_county(request, scope, site, code)
