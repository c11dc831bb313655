"""Planning direction pages: the list of versions, one version, and the diff of two.

Thin views: `queries` reads (and asks `registry.access`), `calculations` compares.
Adopted and superseded versions are public; any other version is a 404 except for
Socialstyrelsen's analysts.
"""

from django.shortcuts import render

from . import calculations, queries


def index(request):
    return render(
        request, "planning/index.html", {"directions": queries.visible_directions(request.user)}
    )


def detail(request, version: str):
    direction = queries.direction_for(request.user, version)
    return render(
        request,
        "planning/detail.html",
        {
            "direction": direction,
            "items": queries.items(direction, request.user),
            "previous": queries.previous_version(direction),
        },
    )


def diff(request, version: str, other: str):
    """Side by side: from `version` (left) to `other` (right)."""
    before = queries.direction_for(request.user, version)
    after = queries.direction_for(request.user, other)
    difference = calculations.diff(
        queries.snapshot(queries.items(before, request.user)),
        queries.snapshot(queries.items(after, request.user)),
    )
    return render(
        request,
        "planning/diff.html",
        {"before": before, "after": after, "diff": difference, "counts": difference.counts()},
    )


def pdf(request, version: str):
    """The version as PDF, with what the reader may see (as its page)."""
    from django.http import HttpResponse

    from . import publishing

    direction = queries.direction_for(request.user, version)
    content = publishing.direction_pdf(
        direction=direction,
        by=request.user,
        address=request.build_absolute_uri(direction_url(direction)),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"planeringsinriktning-{direction.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # restricted items depend on the reader
    return response


def direction_url(direction) -> str:
    from django.urls import reverse

    return reverse("planning:detail", args=[direction.version])
