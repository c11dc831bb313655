"""Every change of state of the county reports and the national compilation.

A county board's reviewers write their county's report (draft → submitted → returned →
submitted → accepted); the national coordinator at Länsstyrelsen i Kronobergs län returns
or accepts it, and writes and finalises the national report (draft → final). Each function
checks `registry.access`, runs in a transaction on the row locked for update and leaves
an audit row: `_transition` re-reads and locks the report, asks `registry.access` and
checks its status, `_record` saves it and leaves the row, and each step is a few lines
between the two (as `surveys.services`' workflow). Edits carry the version the writer
started from: a stale one is a `Conflict` and nothing is written. Submitting or finalising
starts the generation of the PDF and XLSX of exactly what was sent once the transaction
has committed. Judging a county report and finalising the national one notify those
concerned (`notifications`).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access
from beredskap.registry.models import County

from . import acceptance, notifications, tasks
from .models import COUNTY_SECTIONS, CountyReport, Generation, NationalReport

Status = CountyReport.Status

#: The narrative fields of a county report, in order.
SECTION_FIELDS = tuple(name for name, _heading in COUNTY_SECTIONS)


class Conflict(Exception):
    """Someone saved the report after this person loaded it; nothing was written.

    `current` is the report as stored now, `attempted` the texts that were not saved.
    """

    def __init__(self, current: CountyReport | NationalReport, attempted: dict[str, str]):
        self.current = current
        self.attempted = attempted
        super().__init__(
            _(
                "Someone else saved the report after you opened it. Their text is shown; "
                "yours was not saved. Copy what you need and save again."
            )
        )


class Locked(ValidationError):
    """The report has been sent (submitted, accepted or made final) and cannot change."""


class InvalidTransition(ValidationError):
    """The report's status does not allow this step."""


class NotAllAccepted(ValidationError):
    """Some county reports are not accepted and the coordinator did not confirm it."""


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _start_final_generation(report, *, by) -> None:
    """After commit, make the files of exactly what was sent (kept as its record)."""
    transaction.on_commit(
        lambda: tasks.start_generation(report, by=_actor(by), final=True), robust=True
    )


# --- the steps every change of a report is made of ------------------------------------


def _lock(report: CountyReport | NationalReport) -> CountyReport | NationalReport:
    """The report re-read and locked for update (a county report with its county)."""
    if isinstance(report, CountyReport):
        return CountyReport.objects.select_for_update().select_related("county").get(pk=report.pk)
    return NationalReport.objects.select_for_update().get(pk=report.pk)


def _locked_message(report) -> str:
    return _("The report is %(status)s and locked.") % {"status": report.get_status_display()}


def _transition(report, *, by, permitted, allowed=None, refusal: str = ""):
    """The report re-read and locked for update, if `by` may take this step on it now.

    `PermissionDenied` unless `permitted(by, report)`. A step on an open report (the
    default: edit, preview, submit, make final) finds a sent one `Locked`; a step for the
    `allowed` statuses only (judging) refuses any other as an `InvalidTransition`
    saying `refusal`.
    """
    locked = _lock(report)
    if not permitted(by, locked):
        raise PermissionDenied
    if allowed is None and locked.locked:
        raise Locked(_locked_message(locked))
    if allowed is not None and locked.status not in allowed:
        raise InvalidTransition(refusal % {"status": locked.get_status_display()})
    return locked


def _record(report, *, by, action: str, **details):
    """Save the report and leave the step's audit row, with the revision it is at now."""
    report.save()
    audit.record(actor=by, action=action, target=report, revision=report.revision, **details)
    return report


def _writes_county_report(by, report: CountyReport) -> bool:
    return access.may_keep_support(by, report.county_id)


def _judges_county_report(by, report: CountyReport) -> bool:
    return access.may_see_county_report(by, report) and access.is_coordinator(by)


def _compiles(by, report: NationalReport) -> bool:
    return access.is_coordinator(by)


# --- county reports -----------------------------------------------------------------


@transaction.atomic
def county_report(county: County, year: int, *, by) -> CountyReport:
    """The county's report on `year`; a draft is created (and audited) the first time."""
    report = CountyReport.objects.select_related("county").filter(county=county, year=year).first()
    if report is not None:
        if not access.may_see_county_report(by, report):
            raise PermissionDenied
        return report
    if not access.may_keep_support(by, county.pk):
        raise PermissionDenied
    try:
        with transaction.atomic():
            report = CountyReport.objects.create(county=county, year=year, updated_by=_actor(by))
    except IntegrityError:  # created by a concurrent first request
        return CountyReport.objects.select_related("county").get(county=county, year=year)
    audit.record(actor=by, action="county_report.created", target=report, year=year)
    return report


@transaction.atomic
def save_county_report(report: CountyReport, *, by, version: int, **texts: str) -> CountyReport:
    """Save the narrative sections given in `texts` (the others stay as they are).

    Raises `Locked` when the report has been sent, `PermissionDenied` unless the user
    writes the county's report, and `Conflict` when `version` is stale and the save would
    change what another save stored meanwhile (a stale save of the same text is a no-op).
    Every save bumps the version.
    """
    unknown = set(texts) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"Not a section of the county report: {', '.join(sorted(unknown))}")
    report = _transition(report, by=by, permitted=_writes_county_report)
    cleaned = {name: (text or "").strip() for name, text in texts.items()}
    if version != report.version:
        if all(getattr(report, name) == text for name, text in cleaned.items()):
            return report
        raise Conflict(current=report, attempted=cleaned)
    changed = sorted(name for name, text in cleaned.items() if getattr(report, name) != text)
    for name, text in cleaned.items():
        setattr(report, name, text)
    report.version += 1
    report.updated_by = _actor(by)
    report.save()
    audit.record(
        actor=by,
        action="county_report.saved",
        target=report,
        version=report.version,
        sections=changed,
    )
    return report


def missing_sections(report: CountyReport) -> list[str]:
    """The headings of the narrative sections still empty (all must be written to submit)."""
    return [str(heading) for name, heading, text in report.narrative() if not text.strip()]


@transaction.atomic
def submit_county_report(
    report: CountyReport, *, by, now: datetime.datetime | None = None
) -> CountyReport:
    """The county's reviewer sends the report to Kronoberg; it is then locked.

    A draft or a returned report becomes submitted under a new revision; `submitted_at`
    is this submission's time, so a resubmission after the deadline is late. The PDF and
    XLSX of what was sent are generated once the transaction has committed.
    """
    report = _transition(report, by=by, permitted=_writes_county_report)
    if missing := missing_sections(report):
        raise ValidationError(
            _("Write every section before submitting. Still empty: %(sections)s.")
            % {"sections": ", ".join(missing)}
        )
    resubmitted = report.status == Status.RETURNED
    report.status = Status.SUBMITTED
    report.revision += 1
    report.submitted_at = now or timezone.now()
    report.submitted_by = report.updated_by = _actor(by)
    action = "county_report.resubmitted" if resubmitted else "county_report.submitted"
    _record(report, by=by, action=action, late=report.late)
    _start_final_generation(report, by=by)
    return report


def _judged(report: CountyReport, *, by) -> CountyReport:
    """The report locked for update, if the coordinator may return or accept it now."""
    return _transition(
        report,
        by=by,
        permitted=_judges_county_report,
        allowed=(Status.SUBMITTED,),
        refusal=_("Only a submitted report can be returned or accepted; this one is %(status)s."),
    )


@transaction.atomic
def return_county_report(
    report: CountyReport, *, by, comment: str, now: datetime.datetime | None = None
) -> CountyReport:
    """The coordinator returns a submitted report for completion, saying what is missing."""
    report = _judged(report, by=by)
    if not (comment or "").strip():
        raise ValidationError(_("Say what the county board needs to complete."))
    report.status = Status.RETURNED
    report.return_comment = comment.strip()
    report.returned_at = now or timezone.now()
    notified = notifications.county_report_judged(
        notifications.COUNTY_RETURNED.code, report, by=by
    )
    return _record(
        report,
        by=by,
        action="county_report.returned",
        comment=report.return_comment,
        notified=notified,
    )


@transaction.atomic
def accept_county_report(
    report: CountyReport, *, by, now: datetime.datetime | None = None
) -> CountyReport:
    """The coordinator accepts a submitted report; it stays locked for good."""
    report = _judged(report, by=by)
    report.status = Status.ACCEPTED
    report.accepted_at = now or timezone.now()
    notified = notifications.county_report_judged(
        notifications.COUNTY_ACCEPTED.code, report, by=by
    )
    return _record(report, by=by, action="county_report.accepted", notified=notified)


# --- the national report ------------------------------------------------------------


@transaction.atomic
def national_report(year: int, *, by) -> NationalReport:
    """The national compilation on `year`; a draft is created (and audited) the first time."""
    if not access.is_coordinator(by):
        raise PermissionDenied
    report = NationalReport.objects.filter(year=year).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            report = NationalReport.objects.create(year=year, updated_by=_actor(by))
    except IntegrityError:  # created by a concurrent first request
        return NationalReport.objects.get(year=year)
    audit.record(actor=by, action="national_report.created", target=report, year=year)
    return report


@transaction.atomic
def save_national_report(
    report: NationalReport, *, by, version: int, summary: str
) -> NationalReport:
    """Save the coordinator's summary; `Conflict` on a stale version, `Locked` once final."""
    report = _transition(report, by=by, permitted=_compiles)
    summary = (summary or "").strip()
    if version != report.version:
        if report.summary == summary:
            return report
        raise Conflict(current=report, attempted={"summary": summary})
    report.summary = summary
    report.version += 1
    report.updated_by = _actor(by)
    report.save()
    audit.record(actor=by, action="national_report.saved", target=report, version=report.version)
    return report


@transaction.atomic
def finalise_national_report(
    report: NationalReport,
    *,
    by,
    confirm_unaccepted: bool = False,
    now: datetime.datetime | None = None,
) -> NationalReport:
    """The coordinator makes the national report final: locked, with its files kept.

    While any county report on the year is not accepted, the coordinator must say so
    knowingly (`confirm_unaccepted`); otherwise `NotAllAccepted` and nothing changes.
    """
    report = _transition(report, by=by, permitted=_compiles)
    if not report.summary.strip():
        raise ValidationError(_("Write the summary before making the report final."))
    counts = acceptance.tally(report.year)
    if not counts.complete and not confirm_unaccepted:
        raise NotAllAccepted(
            _("Not every county report is accepted (%(counts)s): confirm to make it final.")
            % {"counts": acceptance.sentence(counts)}
        )
    report.status = NationalReport.Status.FINAL
    report.revision += 1
    report.finalised_at = now or timezone.now()
    report.finalised_by = report.updated_by = _actor(by)
    notified = notifications.national_report_final(report, by=by)
    _record(
        report,
        by=by,
        action="national_report.finalised",
        late=report.late,
        accepted=counts.accepted,
        unaccepted=[row.county for row in counts.unaccepted],
        notified=notified,
    )
    _start_final_generation(report, by=by)
    return report


# --- previews -----------------------------------------------------------------------


def preview_report(report: CountyReport | NationalReport, *, by) -> Generation:
    """Start a preview generation (PDF and XLSX of the draft as it stands).

    Only those who may edit the report, and only while it is not locked: a sent report's
    files are the ones made when it was sent. The generation starts after the checks
    have committed, so a worker sees the report as it is.
    """
    with transaction.atomic():
        if isinstance(report, CountyReport):
            report = _transition(report, by=by, permitted=_writes_county_report)
            action = "county_report.previewed"
        else:
            report = _transition(report, by=by, permitted=_compiles)
            action = "national_report.previewed"
        audit.record(actor=by, action=action, target=report, version=report.version)
    return tasks.start_generation(report, by=_actor(by), final=False)


# --- files whose making was deferred ---------------------------------------------------


def no_worker() -> bool:
    """True when report generations run in the process that enqueues them (the immediate
    backend): then nothing else will pick up a queued generation."""
    return isinstance(tasks.generate_report.get_backend(), ImmediateBackend)


def make_deferred_files(generation: Generation) -> bool:
    """Make a queued generation's files now, in this process, when no worker will.

    With the immediate backend a generation stays queued only when its making was
    deferred (the demo submits the county reports and makes their files after the server
    has started) or its process stopped first; the demo, or the first person to open it,
    makes it. The generation is claimed with one conditional update, so two requests
    never make it twice. Returns whether this call made it; with a queue, the worker does.
    """
    if not no_worker():
        return False
    queued = Generation.objects.filter(pk=generation.pk, status=Generation.Status.QUEUED)
    if not queued.update(status=Generation.Status.RUNNING):
        return False
    tasks.generate_report.call(generation.pk)
    return True
