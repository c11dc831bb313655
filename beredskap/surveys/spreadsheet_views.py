"""The spreadsheet route of the survey: download the questionnaire as XLSX, upload it filled."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from beredskap import audit
from beredskap.registry import access

from . import services, spreadsheet
from .views import _response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@require_http_methods(["GET", "HEAD"])
@login_required
def export(request, year: int, code: str):
    """The questionnaire as XLSX, with the saved answers or (`?blank=1`) without."""
    response = _response(request.user, code, year)
    blank = request.GET.get("blank") == "1"
    content = spreadsheet.build_workbook(response, blank=blank)
    if not blank:
        audit.record(actor=request.user, action="response.exported", target=response)
    download = HttpResponse(content, content_type=XLSX)
    name = spreadsheet.filename(response, blank=blank)
    download["Content-Disposition"] = f'attachment; filename="{name}"'
    return download


def _shown(problem: services.RowProblem) -> dict:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "column_label": spreadsheet.column_label(problem.column),
        "message": problem.message,
    }


def _page(request, response, problems=(), status=200):
    context = {
        "response": response,
        "problems": [_shown(p) for p in problems],
        "max_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "surveys/upload.html", context, status=status)


def _file_problem(file) -> services.RowProblem | None:
    if file is None:
        return services.RowProblem("", None, "", _("Choose a spreadsheet file (XLSX)."))
    if file.size > MAX_UPLOAD_BYTES:
        message = _("The file is too large: at most %(size)s MB.") % {
            "size": MAX_UPLOAD_BYTES // (1024 * 1024)
        }
        return services.RowProblem("", None, "", message)
    return None


@require_http_methods(["GET", "POST"])
@login_required
def upload(request, year: int, code: str):
    """Upload a filled workbook: everything is checked, then all is saved or nothing."""
    response = _response(request.user, code, year)
    if not access.may_edit_answers(request.user, response):
        raise Http404
    if request.method != "POST":
        return _page(request, response)
    file = request.FILES.get("file")
    if problem := _file_problem(file):
        return _page(request, response, [problem], status=422)
    parsed = spreadsheet.read_workbook(file, edition=response.round.edition)
    try:
        count = services.import_answers(
            response=response, rows=parsed.rows, problems=parsed.problems, by=request.user
        )
    except services.ImportFailed as exc:
        return _page(request, response, exc.problems, status=422)
    if count:
        message = ngettext(
            "%(count)s answer was saved from the spreadsheet.",
            "%(count)s answers were saved from the spreadsheet.",
            count,
        ) % {"count": count}
    else:
        message = _("The spreadsheet changed no answers.")
    messages.success(request, message)
    return redirect("surveys:response", year=year, code=code)
