"""API v1's release operations (tag `releases`): the current releases of each round.

A release is an immutable, numbered snapshot; a correction is a new release of the same
round and earlier ones stay readable. A withdrawn release is as unknown as one never made,
here and for the values (`current_release`).
"""

from datetime import datetime

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Router

from ..downloads.json_file import plan_shares
from ..models import Release
from .base import ApiError, last_modified, responses
from .params import LABEL
from .schemas import ReleaseList, ReleaseOut

router = Router(tags=["releases"])


def _release_out(request: HttpRequest, release: Release, latest: bool) -> dict:
    values_url = f"{reverse('api-v1:values')}?release={release.label}"
    return {
        "label": release.label,
        "year": release.round.year,
        "edition": release.round.edition.year,
        "number": release.number,
        "released_at": release.released_at,
        "notes": release.notes,
        "errata": release.errata,
        "value_count": release.value_count,
        "latest": latest,
        "values": request.build_absolute_uri(values_url),
        "continuity_plans": plan_shares(release),
    }


def _publication_changed(releases) -> datetime | None:
    """When what these releases publish last changed: a release made or withdrawn."""
    times = releases.aggregate(made=Max("released_at"), withdrawn=Max("withdrawn_at"))
    known = [t for t in times.values() if t is not None]
    return max(known) if known else None


def current_release(label: str, parameter: str) -> Release:
    """A current release by label; a withdrawn one is as unknown as one never made."""
    year, number = (int(part) for part in label.split("."))
    release = (
        Release.objects.current()
        .select_related("round__edition")
        .filter(round__year=year, number=number)
        .first()
    )
    if release is None:
        raise ApiError(404, parameter, f"No release {label}.")
    return release


@router.get("/releases", response=responses(ReleaseList), summary="List releases")
def releases(request, response: HttpResponse):
    """Current releases, newest first. A correction is a new release of the same round, and
    earlier releases stay readable; withdrawn releases are not listed."""
    rows = list(
        Release.objects.current()
        .select_related("round__edition")
        .prefetch_related("plan_shares")
        .order_by("-round__year", "-number")
    )
    last_modified(response, _publication_changed(Release.objects.all()))
    newest: dict[int, int] = {}
    for release in rows:
        newest.setdefault(release.round_id, release.number)
    items = [_release_out(request, r, newest[r.round_id] == r.number) for r in rows]
    return {"items": items}


@router.get("/releases/{label}", response=responses(ReleaseOut, 404, 422), summary="Get a release")
def release(
    request,
    response: HttpResponse,
    label: str = Path(..., pattern=LABEL, description="Release label, e.g. 2025.1."),
):
    """One current release; a withdrawn or unknown label is 404."""
    found = current_release(label, "label")
    round_releases = Release.objects.filter(round_id=found.round_id)
    newest = round_releases.current().aggregate(n=Max("number"))["n"]
    last_modified(response, _publication_changed(round_releases))
    return _release_out(request, found, newest == found.number)
