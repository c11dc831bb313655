"""Open data downloads: the list of releases, a release's page, its files, the latest link.

Only current releases (`Release.objects.current()`) are served, so a withdrawn release
and a round under embargo (no current release) are a 404. Files are built from the
release alone (`downloads`); they never change, so they carry an ETag and the release
time as Last-Modified and answer conditional requests with 304.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from . import downloads, services
from .downloads.columns import LICENCE
from .models import Release

#: How long shared caches may keep a file: a release never changes, but may be withdrawn.
MAX_AGE = 3600


def _current(year: int, number: int) -> Release:
    return get_object_or_404(
        Release.objects.current().select_related("round"), round__year=year, number=number
    )


def _format(filename: str) -> downloads.Format:
    try:
        return downloads.FILES[filename]
    except KeyError:
        raise Http404 from None


@require_safe
def index(request):
    """Every round's current releases, newest first; rounds under embargo are absent."""
    releases = (
        Release.objects.current().select_related("round").order_by("-round__year", "-number")
    )
    return render(
        request,
        "publication/open_data.html",
        {"releases": releases, "files": downloads.FILES, "licence": LICENCE},
    )


@require_safe
def release_page(request, year: int, number: int):
    release = _current(year, number)
    return render(
        request,
        "publication/open_data_release.html",
        {
            "release": release,
            "latest": services.latest_release(release.round),
            "files": downloads.FILES,
            "licence": LICENCE,
        },
    )


@require_safe
def download(request, year: int, number: int, filename: str):
    """One file of a release, or 304 when the client already has it."""
    file_format = _format(filename)
    release = _current(year, number)
    etag = downloads.etag(release, filename)
    last_modified = int(release.released_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(
            downloads.build(release, filename), content_type=file_format.content_type
        )
        response["Content-Disposition"] = content_disposition_header(
            True, downloads.download_name(release, filename)
        )
    response.headers.setdefault("ETag", etag)
    response.headers.setdefault("Last-Modified", http_date(last_modified))
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def latest(request, year: int, filename: str):
    """A stable address for the newest current release's file of a round (302)."""
    _format(filename)
    release = Release.objects.current().filter(round__year=year).order_by("-number").first()
    if release is None:
        raise Http404
    response = redirect("downloads:file", year=year, number=release.number, filename=filename)
    patch_cache_control(response, no_cache=True)
    return response
