"""Releasing a round's results, correcting them, and withdrawing a release. Audited."""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.results.presentation import CELL_FIELDS
from beredskap.surveys.models import Response, Round

from . import calculations as calc
from .models import Release, ReleasedValue

BATCH = 2000
FIELDS = CELL_FIELDS  # a release copies the cells as the pages read them


def release_round(*, survey_round: Round, notes: str = "", errata: str = "", by) -> Release:
    """Make the next release of a round: its public results as they stand now.

    The approved values are recomputed first, so the release is what the approved answers
    give at this moment; then only what may be public is copied into it
    (`calculations.publishable`). A second or later release is a correction and must say
    what changed (`errata`).
    """
    if not access.may_release(by):
        raise PermissionDenied
    if not survey_round.responses.filter(status=Response.Status.APPROVED).exists():
        raise ValidationError(
            _("The %(year)s round has no approved responses to release.")
            % {"year": survey_round.year}
        )
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=survey_round.pk)  # one release at a time
        number = (survey_round.releases.aggregate(n=Max("number"))["n"] or 0) + 1
        if number > 1 and not errata.strip():
            raise ValidationError(
                _("Release %(number)s corrects an earlier one: say what changed (errata).")
                % {"number": number}
            )
        results.compute_round(survey_round=survey_round, basis=Value.Basis.APPROVED, by=by)
        release = Release.objects.create(
            round=survey_round,
            number=number,
            released_at=timezone.now(),
            released_by=by,
            notes=notes.strip(),
            errata=errata.strip(),
        )
        count = _copy_public_values(release)
        Release.objects.filter(pk=release.pk).update(value_count=count)
        release.value_count = count
    audit.record(
        actor=by, action="release.made", target=release, label=release.label, values=count
    )
    return release


def _cells(round_id: int):
    """(cell, sensitivity) of the round's approved values: what a release decides over."""
    rows = (
        Value.objects.filter(round=round_id, basis=Value.Basis.APPROVED)
        .order_by("indicator_id", "level", "unit_code", "activity_code")
        .values_list(*FIELDS, "indicator__sensitivity")
    )
    for row in rows.iterator(chunk_size=BATCH):
        yield calc.Cell(*row[:-1]), row[-1]


def preview_release(*, survey_round: Round) -> calc.Preview:
    """What a release made now would copy and withhold, from the approved values as they
    are computed at this moment (a release recomputes them first; approvals recompute
    them as they come, so the two agree unless a recomputation is still queued)."""
    return calc.preview(_cells(survey_round.pk))


def _copy_public_values(release: Release) -> int:
    batch, count = [], 0
    for cell, sensitivity in _cells(release.round_id):
        cell = calc.publishable(cell, sensitivity)
        if cell is None:
            continue
        batch.append(ReleasedValue(release=release, **asdict(cell)))
        if len(batch) == BATCH:
            count += len(ReleasedValue.objects.bulk_create(batch))
            batch = []
    if batch:
        count += len(ReleasedValue.objects.bulk_create(batch))
    return count


def withdraw_release(*, release: Release, reason: str, by) -> Release:
    """Take a release off the public doors (made in error); its rows are kept for the record.

    The round's previous current release, if any, becomes the latest again; with none,
    the round is under embargo once more.
    """
    if not access.may_release(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the release is withdrawn."))
    if release.withdrawn:
        raise ValidationError(_("Release %(label)s is already withdrawn.") % {"label": release})
    now = timezone.now()
    Release.objects.filter(pk=release.pk).update(
        withdrawn_at=now, withdrawn_by=by, withdrawal_reason=reason.strip()
    )
    release.refresh_from_db()
    audit.record(actor=by, action="release.withdrawn", target=release, reason=reason.strip())
    return release


def latest_release(survey_round: Round) -> Release | None:
    """The release the public sees for a round, or None while it is under embargo."""
    return survey_round.releases.current().order_by("-number").first()
