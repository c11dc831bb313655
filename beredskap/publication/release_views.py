"""The analyst's release pages: every round with its releases, a preview of the next
release, and the forms that release, correct and withdraw.

They call the same services as the `release_round` and `withdraw_release` commands
(audited there); the preview is `services.preview_release`, the release's own rule
counted. Everyone but the national analyst gets a 403 (`registry.access.may_release`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry import access
from beredskap.results.presentation import REASON_LABELS, SUPPRESSED
from beredskap.surveys.models import Response, Round

from . import calculations as calc
from . import services, worklists
from .forms import ReleaseForm, WithdrawForm
from .models import Release

SENSITIVITIES = IndicatorVersion.Sensitivity


def _require_analyst(user) -> None:
    if not access.may_release(user):
        raise PermissionDenied


@login_required
def index(request):
    _require_analyst(request.user)
    rounds = worklists.rounds_with_releases()
    return render(request, "publication/releases/index.html", {"rounds": rounds})


def withheld_label(reason: str) -> str:
    if reason == calc.RESTRICTED_INDICATOR:
        return _("Restricted indicator: no values at all")
    return _("Aggregate-only indicator: no municipality values")


def _reason_label(reason: str) -> str:
    """What a published cell shows: a value, suppressed, or why it has none."""
    if not reason:
        return _("With a value")
    if reason == calc.SUPPRESSED:
        return str(SUPPRESSED)
    return str(REASON_LABELS.get(reason, reason))


def preview_rows(preview: calc.Preview) -> dict:
    """The preview's counts with their labels, in the order the page lists them."""
    by_sensitivity = [
        (
            label,
            preview.copied[value],
            sum(n for (s, _r), n in preview.withheld.items() if s == value),
        )
        for value, label in SENSITIVITIES.choices
    ]
    reasons = [(_reason_label(reason), n) for reason, n in sorted(preview.reasons.items())]
    withheld = [
        (SENSITIVITIES(sensitivity).label, withheld_label(reason), count)
        for (sensitivity, reason), count in sorted(preview.withheld.items())
    ]
    return {"by_sensitivity": by_sensitivity, "reasons": reasons, "withheld": withheld}


def _render_round(request, survey_round, *, form=None, errors=(), status=200):
    releases = survey_round.releases.order_by("number").select_related("released_by")
    approved = survey_round.responses.filter(status=Response.Status.APPROVED).count()
    preview = services.preview_release(survey_round=survey_round)
    context = {
        "round": survey_round,
        "releases": releases,
        "current": services.latest_release(survey_round),
        "approved": approved,
        "preview": preview,
        "rows": preview_rows(preview),
        "correction": releases.exists(),
        "form": form or ReleaseForm(),
        "withdraw_form": WithdrawForm(),
        "errors": list(errors),
    }
    return render(request, "publication/releases/round.html", context, status=status)


@login_required
def round_page(request, year: int):
    _require_analyst(request.user)
    return _render_round(request, get_object_or_404(Round, year=year))


@require_POST
@login_required
def release(request, year: int):
    _require_analyst(request.user)
    survey_round = get_object_or_404(Round, year=year)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        errors = [error for field in form.errors.values() for error in field]
        return _render_round(request, survey_round, form=form, errors=errors, status=422)
    try:
        made = services.release_round(
            survey_round=survey_round,
            notes=form.cleaned_data["notes"],
            errata=form.cleaned_data["errata"],
            by=request.user,
        )
    except ValidationError as exc:
        return _render_round(request, survey_round, form=form, errors=exc.messages, status=422)
    messages.success(
        request,
        _("Release %(label)s is public: %(count)s values.")
        % {"label": made.label, "count": made.value_count},
    )
    return redirect("releases:round", year=year)


@require_POST
@login_required
def withdraw(request, year: int, number: int):
    _require_analyst(request.user)
    found = get_object_or_404(
        Release.objects.select_related("round"), round__year=year, number=number
    )
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.withdraw_release(
            release=found, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as exc:
        return _render_round(request, found.round, errors=exc.messages, status=422)
    messages.success(request, _("Release %(label)s was withdrawn.") % {"label": found.label})
    return redirect("releases:round", year=year)
