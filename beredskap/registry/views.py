"""Registry pages: a municipality, a county, the list of counties, and one's API tokens."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import access, services
from .models import ApiToken, Membership, Role


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
            # A coordinator sees the county but not its municipalities: names, not links.
            "linked": set(
                access.visible_municipalities(request.user)
                .filter(county=county)
                .values_list("code", flat=True)
            ),
        },
    )


@login_required
def county_list(request):
    access.require_role(request.user, Role.ANALYST)
    counties = access.visible_counties(request.user).annotate(
        municipality_count=Count("municipalities")
    )
    return render(request, "registry/county_list.html", {"counties": counties})


# --- API tokens --------------------------------------------------------------------


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        max_length=100,
        help_text=gettext_lazy("For example the name of the system that will use it."),
    )
    lifetime = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        choices=[
            (30, gettext_lazy("30 days")),
            (90, gettext_lazy("90 days")),
            (365, gettext_lazy("One year")),
        ],
        coerce=int,
        initial=365,
    )


@never_cache  # the page may show a new token's secret: no copy anywhere
@login_required
def api_tokens(request):
    """List, create and revoke one's own API tokens; a new secret is shown only here, once."""
    user = request.user
    may_create = access.may_use_answer_api(user)
    form, created, plaintext, status = ApiTokenForm(), None, "", 200
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                created, plaintext = services.create_api_token(
                    user=user,
                    name=form.cleaned_data["name"],
                    by=user,
                    lifetime=datetime.timedelta(days=form.cleaned_data["lifetime"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = ApiTokenForm()
        if form.errors:
            status = 422
    return render(
        request,
        "registry/api_tokens.html",
        {
            "form": form,
            "may_create": may_create,
            "created": created,
            "plaintext": plaintext,
            "tokens": ApiToken.objects.filter(user=user)[:100],
            "now": timezone.now(),
            "own_municipalities": access.own_municipalities(user),
        },
        status=status,
    )


@require_POST
@login_required
def api_token_revoke(request, pk: int):
    """Revoke one of one's own tokens; another person's token is not found (404)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token=token, by=request.user)
    messages.success(
        request, _("The token %(name)s was revoked and no longer works.") % {"name": token.name}
    )
    return redirect("registry:api_tokens")
