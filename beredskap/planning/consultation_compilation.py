"""The consultation compilation (remissammanställning) as a PDF and an XLSX, made as a
task with progress.

`start_compilation` records a `Compilation` and enqueues `make_compilation`; the task
reads the answers, makes the PDF and the XLSX (in Swedish), storing its progress on the
row as it goes, and ends done or failed, never running (the pattern of the reports'
generations). The PDF page and safe cells are the ground floor's (`beredskap.documents`).
"""

import logging
from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.documents.pdf import html_to_pdf
from beredskap.documents.xlsx import table_sheet, to_bytes, workbook
from beredskap.registry import access

from . import consultation_queries
from .consultation import ConsultationRefused
from .consultation_models import Compilation, Consultation

logger = logging.getLogger(__name__)

LANGUAGE = "sv"
#: Reading the answers, the PDF, the XLSX.
STEPS = 3


def pdf(consultation: Consultation, items) -> bytes:
    html = render_to_string(
        "planning/consultation/compilation_pdf.html",
        {"consultation": consultation, "direction": consultation.direction, "items": items},
    )
    return html_to_pdf(html)


def xlsx(consultation: Consultation, items) -> bytes:
    book = workbook(
        _("Consultation compilation %(version)s") % {"version": consultation.direction.version}
    )
    headers = [
        _("Code"), _("Item"), _("Organisation"), _("Position"), _("Comment"),
        _("Decision"), _("Reason"),
    ]  # fmt: skip
    rows = [
        [
            entry.item.code,
            entry.item.title,
            answer.invitation.organisation.name,
            answer.get_stance_display(),
            answer.text,
            answer.disposition.get_decision_display() if _has(answer) else "",
            answer.disposition.reason if _has(answer) else "",
        ]
        for entry in items
        for answer in entry.answers
    ]
    table_sheet(book, _("Answers"), headers, rows)
    return to_bytes(book)


def _has(answer) -> bool:
    return hasattr(answer, "disposition")


def start_compilation(*, consultation: Consultation, by) -> Compilation:
    """Record a run of making the compilation's files and enqueue it (analysts)."""
    if not access.may_run_consultation(by):
        raise ConsultationRefused(_("Only Socialstyrelsen's analysts run a consultation."))
    compilation = Compilation.objects.create(
        consultation=consultation, total=STEPS, requested_by=by
    )
    audit.record(actor=by, action="planning.compilation_requested", target=consultation.direction)
    make_compilation.enqueue(compilation.pk)
    compilation.refresh_from_db()
    return compilation


def _update(compilation_id: int, **fields) -> None:
    Compilation.objects.filter(pk=compilation_id).update(**fields)


@task
def make_compilation(compilation_id: int) -> str:
    """Make the files of one compilation; returns its final status (done or failed)."""
    compilation = Compilation.objects.select_related("consultation__direction").get(
        pk=compilation_id
    )
    if compilation.status in (Compilation.Status.DONE, Compilation.Status.FAILED):
        return compilation.status
    _update(compilation_id, status=Compilation.Status.RUNNING, done=0)
    try:
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with guard, translation.override(LANGUAGE):
            _update(compilation_id, step=_("Reading the answers"))
            items = consultation_queries.compiled(compilation.consultation)
            _update(compilation_id, step=_("Making the PDF"), done=1)
            made_pdf = pdf(compilation.consultation, items)
            _update(compilation_id, step=_("Making the spreadsheet"), done=2)
            made_xlsx = xlsx(compilation.consultation, items)
    except Exception as exc:
        logger.exception("Compilation %s failed", compilation_id)
        _update(
            compilation_id,
            status=Compilation.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return Compilation.Status.FAILED
    _update(
        compilation_id,
        status=Compilation.Status.DONE,
        done=F("total"),
        step="",
        pdf=made_pdf,
        xlsx=made_xlsx,
        finished_at=timezone.now(),
    )
    return Compilation.Status.DONE
