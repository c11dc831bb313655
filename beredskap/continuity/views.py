"""Pages of the continuity register: the index, a municipality's register, its units, and
the forms that add, change and remove units, functions and dependencies.

Thin views: `registry.access` decides (another organisation's register is a 404, editing
without being the municipality a 403), `services` changes, `queries` reads. Every page
that shows unit-level data to someone outside the municipality leaves a read event.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap.registry import access

from . import queries, services
from .forms import DependencyForm, FunctionForm, UnitForm, dependency_initial
from .models import CriticalFunction, Dependency, Unit
from .shares import plan_shares


def _register(request, code: str):
    return access.register_for_user(request.user, code)


def _editable(request, code: str):
    municipality = _register(request, code)
    if not access.may_edit_register(request.user, municipality):
        raise PermissionDenied
    return municipality


def _register_url(municipality) -> str:
    return reverse("continuity:register", args=[municipality.code])


def _unit(municipality, pk: int) -> Unit:
    unit = Unit.objects.filter(municipality=municipality, pk=pk).first()
    if unit is None:
        raise Http404(_("No such unit in this register."))
    return unit


def _function(municipality, pk: int) -> CriticalFunction:
    function = (
        CriticalFunction.objects.select_related("unit__municipality")
        .filter(unit__municipality=municipality, pk=pk)
        .first()
    )
    if function is None:
        raise Http404(_("No such function in this register."))
    return function


def _dependency(municipality, pk: int) -> Dependency:
    dependency = (
        Dependency.objects.select_related("function__unit__municipality")
        .filter(function__unit__municipality=municipality, pk=pk)
        .first()
    )
    if dependency is None:
        raise Http404(_("No such dependency in this register."))
    return dependency


def put_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            if name == "reserve_hours":
                name = "reserve"
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def index(request):
    """The registers the user may read: straight to one's own, a list for the others."""
    if not access.may_use_register(request.user):
        raise PermissionDenied
    own = list(access.own_municipalities(request.user))
    if len(own) == 1 and not access.has_role(request.user, "reviewer", "analyst"):
        return redirect("continuity:register", code=own[0].code)
    rows = queries.municipality_overview(access.register_municipalities(request.user))
    counties = set(access.visible_counties(request.user).values_list("code", flat=True))
    shares = [
        s for s in plan_shares() if s.level == "nation" or s.unit_code in counties
    ]  # counts and shares only
    return render(request, "continuity/index.html", {"municipalities": rows, "shares": shares})


@login_required
def register(request, code: str):
    municipality = _register(request, code)
    services.record_read(by=request.user, municipality=municipality, what="register")
    units = list(queries.unit_summaries(municipality))
    return render(
        request,
        "continuity/register.html",
        {
            "municipality": municipality,
            "units": units,
            "activities": queries.activity_names(),
            "plans": queries.plans(municipality),
            "may_edit": access.may_edit_register(request.user, municipality),
            "may_verify": access.may_verify_plans(request.user, municipality),
        },
    )


@login_required
def unit(request, code: str, pk: int):
    municipality = _register(request, code)
    shown = queries.units(municipality).filter(pk=pk).first()
    if shown is None:
        raise Http404(_("No such unit in this register."))
    services.record_read(by=request.user, municipality=municipality, what="unit", target=shown)
    return render(
        request,
        "continuity/unit.html",
        {
            "municipality": municipality,
            "unit": shown,
            "activity": queries.activity_names().get(shown.activity_code, shown.activity_code),
            "may_edit": access.may_edit_register(request.user, municipality),
        },
    )


def _form_page(request, municipality, form, *, title, back, conflict=None, item=None, status=200):
    differences = []
    if conflict is not None:
        differences = [
            (form.fields[f].label if f in form.fields else f, conflict.current_values.get(f), v)
            for f, v in conflict.attempted.items()
            if conflict.current_values.get(f) != v
        ]
    return render(
        request,
        "continuity/form.html",
        {
            "municipality": municipality,
            "form": form,
            "title": title,
            "back": back,
            "item": item,
            "kind": services.KINDS.get(type(item), ""),
            "conflict": conflict,
            "differences": differences,
        },
        status=status,
    )


def _save(request, municipality, make_form, save, *, title, back, done, item=None):
    """Run `save(values)` for a valid form; errors and stale edits back on the form."""
    form = make_form(request.POST)
    if not form.is_valid():
        return _form_page(request, municipality, form, title=title, back=back, status=422)
    values = form.values() if hasattr(form, "values") else dict(form.cleaned_data)
    values.pop("version", None)
    try:
        saved = save(values)
    except services.ConcurrentEdit as exc:
        exc.current_values = services.snapshot(exc.current)
        data = request.POST.copy()
        data["version"] = exc.current.version
        form = make_form(data)
        form.is_valid()
        form.add_error(None, str(exc))
        return _form_page(
            request, municipality, form, title=title, back=back, conflict=exc, item=item,
            status=409,
        )  # fmt: skip
    except ValidationError as exc:
        put_errors(form, exc)
        return _form_page(request, municipality, form, title=title, back=back, status=422)
    messages.success(request, _("Saved."))
    return redirect(done(saved))


def _unit_form(data=None, **kwargs):
    return UnitForm(data, activities=queries.activity_names(), **kwargs)


@login_required
def unit_new(request, code: str):
    municipality = _editable(request, code)
    title, back = _("Add a unit"), _register_url(municipality)
    if request.method != "POST":
        return _form_page(request, municipality, _unit_form(), title=title, back=back)
    return _save(
        request, municipality, _unit_form,
        lambda v: services.create_unit(municipality=municipality, by=request.user, **v),
        title=title, back=back, done=lambda u: u.get_absolute_url(),
    )  # fmt: skip


@login_required
def unit_edit(request, code: str, pk: int):
    municipality = _editable(request, code)
    item = _unit(municipality, pk)
    title, back = _("Change %(name)s") % {"name": item.name}, item.get_absolute_url()
    if request.method != "POST":
        initial = {**services.snapshot(item), "version": item.version}
        form = _unit_form(initial=initial)
        return _form_page(request, municipality, form, title=title, back=back, item=item)
    return _save(
        request, municipality, _unit_form,
        lambda v: services.update_unit(
            unit=item, by=request.user, version=request.POST.get("version") or 0, **v
        ),
        title=title, back=back, done=lambda u: u.get_absolute_url(), item=item,
    )  # fmt: skip


@login_required
def function_new(request, code: str, pk: int):
    municipality = _editable(request, code)
    parent = _unit(municipality, pk)
    title = _("Add a critical function to %(name)s") % {"name": parent.name}
    back = parent.get_absolute_url()
    if request.method != "POST":
        return _form_page(request, municipality, FunctionForm(), title=title, back=back)
    return _save(
        request, municipality, FunctionForm,
        lambda v: services.create_function(unit=parent, by=request.user, **v),
        title=title, back=back, done=lambda f: f.unit.get_absolute_url(),
    )  # fmt: skip


@login_required
def function_edit(request, code: str, pk: int):
    municipality = _editable(request, code)
    item = _function(municipality, pk)
    title, back = _("Change %(name)s") % {"name": item.name}, item.unit.get_absolute_url()
    if request.method != "POST":
        form = FunctionForm(initial={**services.snapshot(item), "version": item.version})
        return _form_page(request, municipality, form, title=title, back=back, item=item)
    return _save(
        request, municipality, FunctionForm,
        lambda v: services.update_function(
            function=item, by=request.user, version=request.POST.get("version") or 0, **v
        ),
        title=title, back=back, done=lambda f: f.unit.get_absolute_url(), item=item,
    )  # fmt: skip


@login_required
def dependency_new(request, code: str, pk: int):
    municipality = _editable(request, code)
    parent = _function(municipality, pk)
    title = _("Add a dependency of %(name)s") % {"name": parent.name}
    back = parent.unit.get_absolute_url()
    if request.method != "POST":
        return _form_page(request, municipality, DependencyForm(), title=title, back=back)
    return _save(
        request, municipality, DependencyForm,
        lambda v: services.create_dependency(function=parent, by=request.user, **v),
        title=title, back=back, done=lambda d: d.function.unit.get_absolute_url(),
    )  # fmt: skip


@login_required
def dependency_edit(request, code: str, pk: int):
    municipality = _editable(request, code)
    item = _dependency(municipality, pk)
    title = _("Change the dependency %(name)s of %(function)s") % {
        "name": item.get_category_display(),
        "function": item.function.name,
    }
    back = item.function.unit.get_absolute_url()
    if request.method != "POST":
        form = DependencyForm(initial=dependency_initial(item))
        return _form_page(request, municipality, form, title=title, back=back, item=item)
    return _save(
        request, municipality, DependencyForm,
        lambda v: services.update_dependency(
            dependency=item, by=request.user, version=request.POST.get("version") or 0, **v
        ),
        title=title, back=back, done=lambda d: d.function.unit.get_absolute_url(), item=item,
    )  # fmt: skip


KINDS = {"unit": _unit, "function": _function, "dependency": _dependency}


@login_required
@require_POST
def delete(request, code: str, kind: str, pk: int):
    municipality = _editable(request, code)
    if kind not in KINDS:
        raise Http404
    item = KINDS[kind](municipality, pk)
    if kind == "unit":
        back = _register_url(municipality)
    else:
        back = (item.unit if kind == "function" else item.function.unit).get_absolute_url()
    try:
        services.delete_item(item=item, by=request.user, version=request.POST.get("version") or 0)
    except services.ConcurrentEdit:
        messages.error(request, _("Someone else changed it after you opened it; not removed."))
    else:
        messages.success(request, _("Removed."))
    return redirect(back)
