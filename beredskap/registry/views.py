"""Registry pages: a municipality, a county and the list of counties."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from . import access
from .models import Membership, Role


def _members(organisation):
    return Membership.objects.filter(organisation=organisation).select_related("user")


@login_required
def municipality_detail(request, code: str):
    municipality = access.municipality_for_user(request.user, code)
    year = timezone.localdate().year
    return render(
        request,
        "registry/municipality_detail.html",
        {
            "municipality": municipality,
            "group": municipality.group_for(year),
            "organisation": municipality.organisation,
            "members": _members(municipality.organisation),
        },
    )


@login_required
def county_detail(request, code: str):
    county = access.county_for_user(request.user, code)
    year = timezone.localdate().year
    return render(
        request,
        "registry/county_detail.html",
        {
            "county": county,
            "board": county.county_board,
            "members": _members(county.county_board),
            "municipalities": county.municipalities.with_group(year),
        },
    )


@login_required
def county_list(request):
    access.require_role(request.user, Role.ANALYST)
    counties = access.visible_counties(request.user).annotate(
        municipality_count=Count("municipalities")
    )
    return render(request, "registry/county_list.html", {"counties": counties})
