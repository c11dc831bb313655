"""Releasing a round's results, correcting them, and withdrawing a release. Audited."""

from operator import attrgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.continuity.shares import plan_shares
from beredskap.registry import access
from beredskap.results import bulk
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.results.presentation import CELL_FIELDS
from beredskap.surveys.models import Response, Round

from . import calculations as calc
from .models import Release, ReleasedPlanShare, ReleasedValue

BATCH = 10_000  # rows read at a time
FIELDS = CELL_FIELDS  # a release copies the cells as the pages read them
_FIELDS_OF = attrgetter(*FIELDS)


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
        _copy_plan_shares(release)
        Release.objects.filter(pk=release.pk).update(value_count=count)
        release.value_count = count
    audit.record(
        actor=by, action="release.made", target=release, label=release.label, values=count
    )
    return release


def _approved(round_id: int):
    """The round's approved values as (cell fields…, sensitivity) rows, in cell order."""
    return (
        Value.objects.filter(round=round_id, basis=Value.Basis.APPROVED)
        .order_by("indicator_id", "level", "unit_code", "activity_code")
        .values_list(*FIELDS, "indicator__sensitivity")
    )


def _cells(round_id: int):
    """(cell, sensitivity) of the round's approved values: what a release decides over."""
    for row in _approved(round_id).iterator(chunk_size=BATCH):
        yield calc.Cell(*row[:-1]), row[-1]


def preview_release(*, survey_round: Round) -> calc.Preview:
    """What a release made now would copy and withhold, from the approved values as they
    are computed at this moment (a release recomputes them first; approvals recompute
    them as they come, so the two agree unless a recomputation is still queued)."""
    return calc.preview(_cells(survey_round.pk))


def _copy_public_values(release: Release) -> int:
    """Copy what may be public of the round's approved values into the release.

    The rows are read and written as the driver gives and takes them (no model instance,
    no per-field preparation, no per-row `asdict`) and written by `bulk.insert`: the
    ORM's `bulk_create` of 41,000 values took most of the demo's 21 s of releases
    (issue 12). `calculations.publishable` decides each cell, as before.
    """
    public = []
    with connection.cursor() as cursor:
        cursor.execute(*_approved(release.round_id).query.sql_with_params())
        while rows := cursor.fetchmany(BATCH):
            for row in rows:
                cell = calc.publishable(calc.Cell(*row[:-1]), row[-1])
                if cell is not None:
                    public.append((release.pk, *_FIELDS_OF(cell)))
    bulk.insert(ReleasedValue, ("release_id", *FIELDS), public)
    return len(public)


def _copy_plan_shares(release: Release) -> None:
    """The continuity-plan shares (self-reported and verified) as they stand now; counts
    and shares per county and nation only, suppressed under 3 municipalities."""
    ReleasedPlanShare.objects.bulk_create(
        ReleasedPlanShare(
            release=release,
            level=row.level,
            unit_code=row.unit_code,
            municipalities=row.municipalities,
            self_reported_share=row.self_reported_share,
            verified_share=row.verified_share,
        )
        for row in plan_shares()
        if row.municipalities  # no plan uploaded: nothing to publish
    )


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
