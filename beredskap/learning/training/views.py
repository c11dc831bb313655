"""Training pages: the catalogue, a municipality's completions and plan, coverage per
county and nation, and a county board's regional trainings.

Thin views: `registry.access` decides (another organisation's pages are a 404, a missing
function a 403), `services` change, `queries` and `coverage` read.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap.registry import access
from beredskap.registry.models import County, Municipality

from ..models import PlanItem
from . import calculations as calc
from . import coverage, importing, queries, services
from .forms import CompletionForm, ImportForm, PlanItemForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(user) -> None:
    if not access.may_read_trainings(user):
        raise PermissionDenied


def _municipality(user, code: str) -> Municipality:
    municipality = access.training_municipalities(user).filter(code=code).first()
    if municipality is None:
        raise Http404(
            _("No municipality with code %(code)s that you have access to.") % {"code": code}
        )
    return municipality


def _recorder(user, code: str) -> Municipality:
    municipality = _municipality(user, code)
    if not access.may_record_completions(user, municipality):
        raise PermissionDenied
    return municipality


def _county(user, code: str) -> County:
    county = access.training_counties(user).filter(code=code).first()
    if county is None:
        raise Http404(_("No county with code %(code)s that you have access to.") % {"code": code})
    return county


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if services.FIRST_YEAR <= year <= this_year else this_year


def _years() -> list[int]:
    return list(range(timezone.localdate().year, services.FIRST_YEAR - 1, -1))


@login_required
def index(request):
    """The catalogue of trainings, and where the user's coverage pages are."""
    _require_reader(request.user)
    trainings = list(queries.catalogue())
    areas, states = queries.area_names(), queries.target_state_names()
    for t in trainings:
        t.area_labels = [f"{areas[c]}" if c in areas else c for c in t.areas]
        t.target_state_labels = [states.get(c, c) for c in t.target_states]
    return render(
        request,
        "learning/training/index.html",
        {
            "national": [t for t in trainings if not t.is_regional],
            "regional": [t for t in trainings if t.is_regional],
            "municipalities": list(access.own_municipalities(request.user)),
            "counties": list(access.training_counties(request.user).order_by("code")[:21]),
        },
    )


def _completion_form(municipality, data=None):
    return CompletionForm(
        data,
        trainings=queries.trainings_for(municipality),
        activities=queries.activity_names(),
        years=_years(),
        prefix="completion",
    )


@login_required
def municipality(request, code: str):
    """A municipality's completions of a year beside its training indicators; the form."""
    place = _municipality(request.user, code)
    year = _year(request)
    return _municipality_page(request, place, year, _completion_form(place))


def _municipality_page(request, place, year, form, status=200):
    context = coverage.municipality_page(access.value_viewer(request.user), place, year)
    term = calc.term_start(year)
    context.update(
        municipality=place,
        year=year,
        form=form,
        may_record=access.may_record_completions(request.user, place),
        term=calc.term_label(term),
        plan=queries.plan(place, term),
        year_choices=_years(),
    )
    return render(request, "learning/training/municipality.html", context, status=status)


@login_required
@require_POST
def record(request, code: str):
    place = _recorder(request.user, code)
    form = _completion_form(place, request.POST)
    year = timezone.localdate().year
    if form.is_valid():
        data = form.cleaned_data
        year = data["year"]
        row = services.Count(data["training"], data["activity_code"], year, data["count"])
        try:
            services.record_completions(municipality=place, rows=[row], by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("count", message)
        else:
            messages.success(request, _("The count was saved."))
            return redirect(reverse("training:municipality", args=[place.code]) + f"?year={year}")
    return _municipality_page(request, place, year, form, status=400)


@login_required
def template(request, code: str):
    place = _recorder(request.user, code)
    year = _year(request)
    response = HttpResponse(importing.template(place, year), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="utbildningar-{place.code}-{year}.xlsx"'
    )
    return response


@login_required
def import_completions(request, code: str):
    place = _recorder(request.user, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            stored = importing.import_completions(
                municipality=place, data=request.FILES["file"].read(), by=request.user
            )
        except importing.ImportRefused as refused:
            errors, status = refused.errors, 400
        else:
            messages.success(request, _("%(count)s counts were imported.") % {"count": stored})
            return redirect("training:municipality", code=place.code)
    elif request.method == "POST":
        status = 400
    context = {"municipality": place, "form": form, "errors": errors, "year": _year(request)}
    return render(request, "learning/training/import.html", context, status=status)


def _term(request) -> int:
    try:
        return calc.term_start(int(request.GET.get("term", "")))
    except ValueError:
        return calc.term_start(timezone.localdate().year)


@login_required
def plan(request, code: str):
    """The training and exercise plan of a term of office; its keepers add items."""
    place = _municipality(request.user, code)
    term = _term(request)
    may_edit = access.may_record_completions(request.user, place)
    trainings = queries.catalogue(place.county)
    form = PlanItemForm(request.POST or None, term=term, trainings=trainings, prefix="item")
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_plan_item(municipality=place, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, found in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, found)
            else:
                messages.success(request, _("The item was added to the plan."))
                return redirect(f"{request.path}?term={term}")
        status = 400
    context = {
        "municipality": place,
        "term": term,
        "term_label": calc.term_label(term),
        "terms": [(t, calc.term_label(t)) for t in sorted({*queries.plan_terms(place), term})],
        "items": queries.plan(place, term),
        "statuses": PlanItem.Status.choices,
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "learning/training/plan.html", context, status=status)


@login_required
@require_POST
def plan_status(request, code: str, pk: int):
    place = _recorder(request.user, code)
    item = PlanItem.objects.filter(municipality=place, pk=pk).first()
    if item is None:
        raise Http404(_("No such plan item."))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        item = services.set_plan_item_status(
            item=item, status=request.POST.get("status", ""), version=version, by=request.user
        )
    except services.Conflict as conflict:
        messages.error(request, str(conflict))
    except ValidationError:
        messages.error(request, _("Choose a status."))
    else:
        messages.success(request, _("The status was saved."))
    return redirect(reverse("training:plan", args=[place.code]) + f"?term={item.term_start}")


@login_required
def county(request, code: str):
    """Coverage in a county: a row per municipality; the board's regional trainings."""
    place = _county(request.user, code)
    year = _year(request)
    context = coverage.county_page(access.value_viewer(request.user), place, year)
    context.update(
        county=place,
        year=year,
        may_keep=access.may_keep_trainings(request.user, place.pk),
        regional=[t for t in context["trainings"] if t.is_regional],
        year_choices=_years(),
    )
    return render(request, "learning/training/county.html", context)


@login_required
def nation(request):
    _require_reader(request.user)
    year = _year(request)
    context = coverage.nation_page(access.value_viewer(request.user), year)
    context.update(year=year, year_choices=_years())
    return render(request, "learning/training/nation.html", context)
