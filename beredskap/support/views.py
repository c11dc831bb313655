"""Support log pages: a county board's log (list, filters, CSV), its activities, and the
experience exchange every county board shares.

Thin views: `registry.access` decides, `services` changes and `queries` reads. A county
whose log the user does not keep is a 404 on every route (its log, activities, edits,
deletes and CSV), so its existence is not revealed; without any county-board role the
index and the shared page are a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.audit.models import Event
from beredskap.registry import access
from beredskap.registry.models import County

from . import queries, services
from .forms import ActivityForm, FilterForm
from .models import SupportActivity

PER_PAGE = 25

#: What the history of an activity says for each audited action.
ACTION_LABELS = {
    "support.created": gettext_lazy("Logged"),
    "support.updated": gettext_lazy("Changed"),
}


def _county(user, code: str) -> County:
    """The county whose log the user keeps, by SCB code; any other is a 404."""
    county = access.support_counties(user).filter(code=code).first()
    if county is None:
        raise Http404(
            _("No support log of a county with code %(code)s that you keep.") % {"code": code}
        )
    return county


def _activity(county: County, pk: int) -> SupportActivity:
    activity = queries.county_activities(county).filter(pk=pk).first() if pk is not None else None
    if activity is None:
        raise Http404(_("No support activity %(pk)s in this log.") % {"pk": pk})
    return activity


def _not_from_event(activity: SupportActivity) -> SupportActivity:
    """A meeting of the events pages is changed there, never in the log (403 here)."""
    if activity.event_id is not None:
        raise PermissionDenied(services.FROM_EVENT)
    return activity


def _require_board(user) -> None:
    if not access.may_read_shared_support(user):
        raise PermissionDenied


@login_required
def index(request):
    """The counties whose log the user keeps: straight to the one, a choice among several."""
    _require_board(request.user)
    counties = list(access.support_counties(request.user))
    if len(counties) == 1:
        return redirect("support:county", code=counties[0].code)
    return render(request, "support/index.html", {"counties": counties})


def _labelled(activity, areas: dict[str, str], titles: dict[int, str]):
    """Attach the topic area's and the indicators' names of the catalogue to show."""
    activity.area_label = areas.get(activity.area_code, activity.area_code)
    activity.indicator_labels = [titles.get(i.pk, i.code) for i in activity.indicators.all()]
    return activity


def _shown(activity):
    """One activity with the names of the newest catalogue attached (detail pages)."""
    edition = queries.newest_edition()
    areas = dict(queries.area_choices(edition))
    return _labelled(activity, areas, queries.indicator_titles(edition))


def _page(request, activities, areas: dict[str, str], titles: dict[int, str]):
    """One page of activities, read whole (with their municipalities and indicators)."""
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [_labelled(a, areas, titles) for a in page.object_list]
    return page


def _years(qs) -> list[int]:
    return sorted(set(queries.years(qs)) | {timezone.localdate().year}, reverse=True)


@login_required
def county(request, code: str):
    """The county's log: filters, totals, one page of activities, and the CSV of it."""
    county = _county(request.user, code)
    edition = queries.newest_edition()
    areas = queries.area_choices(edition)
    municipalities = list(county.municipalities.order_by("name"))
    form = FilterForm(
        request.GET,
        years=_years(SupportActivity.objects.filter(county=county)),
        areas=areas,
        municipalities=municipalities,
    )
    filters = form.filters()
    activities = queries.county_activities(county, filters)
    page = _page(request, activities, dict(areas), queries.indicator_titles(edition))
    totals = queries.totals(activities)
    not_reached = [m for m in municipalities if m.pk not in totals["reached"]]
    return render(
        request,
        "support/county.html",
        {
            "county": county,
            "form": form,
            "filtered": bool(filters.as_details()),
            "page": page,
            "totals": totals,
            "not_reached": not_reached,
            "reached_count": len(municipalities) - len(not_reached),
            "municipality_count": len(municipalities),
        },
    )


@login_required
def export(request, code: str):
    """The (filtered) log as CSV for Swedish Excel: UTF-8 with BOM, `;` between cells."""
    county = _county(request.user, code)
    form = FilterForm(
        request.GET,
        years=queries.years(SupportActivity.objects.filter(county=county)),
        areas=queries.area_choices(queries.newest_edition()),
        municipalities=county.municipalities.all(),
    )
    data = services.export_csv(county=county, by=request.user, filters=form.filters())
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    name = f"support-log-{county.code}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def detail(request, code: str, pk: int):
    county = _county(request.user, code)
    activity = _shown(_activity(county, pk))
    events = Event.objects.for_target(activity).order_by("created_at", "id")
    return render(
        request,
        "support/detail.html",
        {
            "county": county,
            "activity": activity,
            "timeline": [(e, ACTION_LABELS.get(e.action, e.action)) for e in events],
        },
    )


def _form_page(request, county, form, *, activity=None, conflict=None, status=200):
    return render(
        request,
        "support/form.html",
        {
            "county": county,
            "form": form,
            "activity": activity,
            "conflict": conflict,
            "differences": form.differences(conflict) if conflict else [],
        },
        status=status,
    )


def _put_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def new(request, code: str):
    county = _county(request.user, code)
    if request.method != "POST":
        return _form_page(request, county, ActivityForm(county=county))
    form = ActivityForm(request.POST, county=county)
    if form.is_valid():
        try:
            activity = services.create_activity(county=county, by=request.user, **form.values())
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(
                request, _("The activity “%(title)s” was logged.") % {"title": activity.title}
            )
            return redirect("support:detail", code=county.code, pk=activity.pk)
    return _form_page(request, county, form, status=422)


def _deleted_meanwhile(request, county):
    """The activity was deleted while this person edited it: keep what they typed, in a
    form that logs it as a new activity."""
    form = ActivityForm(request.POST, county=county)
    form.is_valid()
    form.add_error(
        None,
        _(
            "This activity was deleted after you opened it, so your changes could not be "
            "saved. They are still in the form: save to log them as a new activity."
        ),
    )
    return _form_page(request, county, form, status=409)


@login_required
def edit(request, code: str, pk: int):
    county = _county(request.user, code)
    if request.method != "POST":
        activity = _not_from_event(_activity(county, pk))
        return _form_page(
            request, county, ActivityForm(county=county, activity=activity), activity=activity
        )
    try:
        activity = _activity(county, pk)
    except Http404:
        return _deleted_meanwhile(request, county)
    _not_from_event(activity)
    form = ActivityForm(request.POST, county=county, activity=activity)
    if form.is_valid():
        try:
            saved = services.update_activity(
                activity=activity,
                by=request.user,
                expected_updated_at=form.cleaned_data["updated_at"],
                **form.values(),
            )
        except SupportActivity.DoesNotExist:
            return _deleted_meanwhile(request, county)
        except services.Conflict as exc:
            # Keep everything typed; the lock moves on, so saving again keeps this version.
            data = request.POST.copy()
            data["updated_at"] = exc.current.updated_at.isoformat()
            current = _activity(county, pk)
            form = ActivityForm(data, county=county, activity=current)
            form.is_valid()
            form.add_error(None, str(exc))
            return _form_page(
                request, county, form, activity=current, conflict=current, status=409
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(
                request, _("The activity “%(title)s” was saved.") % {"title": saved.title}
            )
            return redirect("support:detail", code=county.code, pk=saved.pk)
    return _form_page(request, county, form, activity=activity, status=422)


@login_required
def delete(request, code: str, pk: int):
    """Ask first (GET); delete on the confirming POST."""
    county = _county(request.user, code)
    activity = _not_from_event(_activity(county, pk))
    if request.method == "POST":
        try:
            services.delete_activity(activity=activity, by=request.user)
        except SupportActivity.DoesNotExist:
            raise Http404(_("No support activity %(pk)s in this log.") % {"pk": pk}) from None
        messages.success(
            request, _("The activity “%(title)s” was deleted.") % {"title": activity.title}
        )
        return redirect("support:county", code=county.code)
    return render(request, "support/delete.html", {"county": county, "activity": _shown(activity)})


@login_required
def shared(request):
    """Experience exchange shared by every county board: read-only for all county boards."""
    _require_board(request.user)
    edition = queries.newest_edition()
    areas = queries.area_choices(edition)
    everything = queries.shared_activities()
    form = FilterForm(
        request.GET,
        years=_years(everything),
        areas=areas,
        kinds=False,  # all of it is experience exchange
        counties=County.objects.filter(pk__in=everything.order_by().values("county_id")).order_by(
            "code"
        ),
    )
    titles = queries.indicator_titles(edition)
    page = _page(request, queries.shared_activities(form.filters()), dict(areas), titles)
    return render(
        request,
        "support/shared.html",
        {
            "form": form,
            "page": page,
            "own_counties": list(access.support_counties(request.user)),
        },
    )
