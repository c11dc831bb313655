"""The register's XLSX template: download (marked sensitive) and upload (all or nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit

from . import queries
from .forms import ImportForm
from .importing import Stale, import_register
from .spreadsheet import read_template, write_template
from .views import _editable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def template(request, code: str):
    municipality = _editable(request, code)
    units = list(queries.units(municipality))
    data = write_template(municipality, units, queries.activity_names())
    audit.record(
        actor=request.user, action="continuity.export", target=municipality, units=len(units)
    )
    response = HttpResponse(data, content_type=XLSX)
    name = f"kontinuitetsregister-{municipality.code}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def upload(request, code: str):
    municipality = _editable(request, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, status = [], 200
    if request.method == "POST" and form.is_valid():
        activities = queries.activity_names()
        parsed = read_template(form.cleaned_data["file"], activities)
        if parsed.problems:
            problems, status = parsed.problems, 422
        else:
            try:
                outcome = import_register(
                    municipality=municipality, by=request.user, parsed=parsed,
                    activities=activities,
                )  # fmt: skip
            except Stale as exc:
                problems, status = exc.problems, 422
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s added, %(updated)s changed, %(unchanged)s unchanged.")
                    % vars(outcome),
                )
                return redirect("continuity:register", code=municipality.code)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "continuity/import.html",
        {"municipality": municipality, "form": form, "problems": problems},
        status=status,
    )
