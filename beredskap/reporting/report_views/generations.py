"""A report generation's progress page and its files (PDF, XLSX) as downloads.

A generation is previewed while a report is written and made final when it is sent; one
the user may not see (`common.may_see_generation`) is a 404, and every download of a file
leaves an audit row. With no worker (the immediate backend) a generation still queued,
such as the demo's county reports before its background step reached them, is made when
first opened or downloaded.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from beredskap import audit

from .. import services
from ..models import CountyReport, Generation
from . import common

FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _generation(user, pk: int) -> Generation:
    generation = (
        Generation.objects.defer("pdf", "xlsx")
        .select_related("county_report__county", "national_report")
        .filter(pk=pk)
        .first()
    )
    if generation is None or not common.may_see_generation(user, generation):
        raise Http404(_("No report generation that you have access to."))
    if generation.status == Generation.Status.QUEUED and services.make_deferred_files(generation):
        return _generation(user, pk)  # made now: no worker would have
    return generation


@login_required
def generation(request, pk: int):
    """Progress of one generation; refreshes itself while it is queued or running."""
    generation = _generation(request.user, pk)
    report = generation.report
    running = generation.status in (Generation.Status.QUEUED, Generation.Status.RUNNING)
    # WCAG 2.2.1: the person can stop the automatic refresh (and update by hand instead).
    still = request.GET.get("refresh") == "off"
    return render(
        request,
        "reporting/reports/generation.html",
        {
            "generation": generation,
            "report": report,
            "is_county": isinstance(report, CountyReport),
            "running": running,
            "refresh": running and not still,
            "filenames": {kind: _filename(generation, kind) for kind in FILE_TYPES},
        },
    )


def _filename(generation: Generation, kind: str) -> str:
    report = generation.report
    if isinstance(report, CountyReport):
        stem = f"lansrapport-{report.county.code}-{report.year}"
    else:
        stem = f"nationell-rapport-{report.year}"
    if not generation.final:
        stem += "-utkast"
    elif generation.revision > 1:
        stem += f"-v{generation.revision}"
    return f"{stem}.{kind}"


@login_required
def generation_file(request, pk: int, kind: str):
    """A generated PDF or XLSX, as an attachment; the download is audited."""
    if kind not in FILE_TYPES:
        raise Http404
    generation = _generation(request.user, pk)
    content = Generation.objects.filter(pk=generation.pk).values_list(kind, flat=True).first()
    if generation.status != Generation.Status.DONE or not content:
        raise Http404(_("The file is not ready."))
    audit.record(
        actor=request.user,
        action="report.downloaded",
        target=generation.report,
        generation=generation.pk,
        revision=generation.revision,
        final=generation.final,
        format=kind,
    )
    response = HttpResponse(bytes(content), content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{_filename(generation, kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response
