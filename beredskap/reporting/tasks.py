"""Making a report's PDF and XLSX as a task, with progress the page can show.

`start_generation` records a `Generation` and enqueues `generate_report`; the task steps
through the draft (for the national compilation a step per county), the PDF and the XLSX,
storing its progress on the row as it goes, and ends done or failed, never running. A
final generation is the record of what was sent at a revision: `files_for` hands it out
for a locked report and nothing regenerates it.
"""

import logging
from collections.abc import Callable
from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import documents, drafts
from .models import CountyReport, Generation, NationalReport

logger = logging.getLogger(__name__)

Report = CountyReport | NationalReport
#: Steps besides the draft's: the PDF and the XLSX.
DOCUMENT_STEPS = 2
#: The national draft reads once, then takes a step per county.
NATIONAL_READ = 1


def steps_for(report: Report) -> int:
    """How many steps making the report's files takes (the progress bar's total)."""
    if isinstance(report, CountyReport):
        return 1 + DOCUMENT_STEPS
    from beredskap.registry.models import County

    return NATIONAL_READ + County.objects.count() + DOCUMENT_STEPS


def build(
    report: Report, *, step: Callable[[str], None] = lambda _label: None
) -> tuple[drafts.Draft, bytes, bytes]:
    """The draft, the PDF and the XLSX of `report`, in Swedish; `step(label)` before each
    step (see `steps_for`). The task and the command share it."""
    with translation.override(documents.LANGUAGE):
        if isinstance(report, CountyReport):
            step(_("Drafting from the data"))
            draft = drafts.county_draft(report.county, report.year)
        else:
            draft = drafts.national_draft(report.year, progress=step)
        step(_("Making the PDF"))
        pdf = documents.pdf(report, draft)
        step(_("Making the spreadsheet"))
        xlsx = documents.xlsx(report, draft)
    return draft, pdf, xlsx


def start_generation(report: Report, *, by, final: bool = False) -> Generation:
    """Record a generation of the report's files at its current revision and enqueue it.

    With the immediate backend (the demo, tests) the files are made before this returns;
    with a queue the page follows `done` of `total`.
    """
    owner = (
        {"county_report": report}
        if isinstance(report, CountyReport)
        else {"national_report": report}
    )
    generation = Generation.objects.create(
        **owner,
        revision=report.revision,
        final=final,
        total=steps_for(report),
        requested_by=by if getattr(by, "is_authenticated", False) else None,
    )
    generate_report.enqueue(generation.pk)
    generation.refresh_from_db()
    return generation


def _update(generation_id: int, **fields) -> None:
    Generation.objects.filter(pk=generation_id).update(**fields)


@task
def generate_report(generation_id: int) -> str:
    """Make the files of one generation; returns its final status (done or failed)."""
    generation = Generation.objects.select_related("county_report__county", "national_report").get(
        pk=generation_id
    )
    if generation.status in (Generation.Status.DONE, Generation.Status.FAILED):
        return generation.status  # made once; a final generation is never remade
    _update(generation_id, status=Generation.Status.RUNNING, done=0, step="", error="")
    finished = False
    begun = 0

    def step(label: str) -> None:
        """A step begins: `done` counts the steps before it."""
        nonlocal begun
        _update(generation_id, step=str(label)[:200], done=min(begun, generation.total))
        begun += 1

    try:
        # Inside someone's transaction (the immediate backend), a savepoint keeps a failed
        # query from breaking it, so the failure can be recorded; otherwise every progress
        # update commits at once, for the page to show.
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with guard:
            _draft, pdf, xlsx = build(generation.report, step=step)
        _update(
            generation_id,
            status=Generation.Status.DONE,
            done=F("total"),
            step="",
            pdf=pdf,
            xlsx=xlsx,
            finished_at=timezone.now(),
        )
        finished = True
        return Generation.Status.DONE
    except Exception as exc:
        logger.exception("Generation %s of %s failed", generation_id, generation.report)
        _update(
            generation_id,
            status=Generation.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        finished = True
        return Generation.Status.FAILED
    finally:
        if not finished:  # interrupted (KeyboardInterrupt, SystemExit): never left running
            _update(
                generation_id,
                status=Generation.Status.FAILED,
                error=_("Interrupted."),
                finished_at=timezone.now(),
            )


def files_for(report: Report) -> Generation | None:
    """The files to hand out for the report.

    A locked report (submitted, accepted or final): the final generation of its current
    revision, the record of what was sent (None until it is done). Otherwise the latest
    generation that is done, final or preview.
    """
    # The files themselves are read when downloaded, not with every page.
    done = report.generations.filter(status=Generation.Status.DONE).defer("pdf", "xlsx")
    if report.locked:
        return done.filter(final=True, revision=report.revision).first()
    return done.first()
