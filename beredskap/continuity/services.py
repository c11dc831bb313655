"""Every change of the continuity register, and the audited reads of it.

One function per use case, keyword-only arguments with `by=user`: each checks
`registry.access`, validates every field at once (a `ValidationError` keyed by field, so
the message names the field), runs in a transaction, appends a `RegisterRevision` with
the values before and after, and leaves an audit row. An edit carries the `version` it
started from; if someone saved since, it is a `ConcurrentEdit` and nothing is written.
Reading another organisation's unit-level data is audited too (`record_read`).

See docs/continuity.md.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.planning.models import Category
from beredskap.registry import access
from beredskap.registry.models import Municipality

from .models import (
    CHECKS,
    DEPENDENCY_CATEGORIES,
    ELEMENTS,
    MAX_HOURS,
    MAX_PEOPLE,
    MAX_STAFF,
    ContinuityPlan,
    CriticalFunction,
    Dependency,
    Management,
    PlanVerification,
    RegisterRevision,
    ReserveUnit,
    Unit,
)
from .uploads import check_document

UNIT_FIELDS = (
    "name",
    "activity_code",
    "management",
    "contract_sets_preparedness",
    "people_served",
)
FUNCTION_FIELDS = ("name", "max_tolerable_downtime_hours")
DEPENDENCY_FIELDS = (
    "category",
    "reserve_hours",
    "reserve_unit",
    "minimum_staff",
    "staff_available",
)
KINDS = {Unit: "unit", CriticalFunction: "function", Dependency: "dependency"}
FIELDS = {Unit: UNIT_FIELDS, CriticalFunction: FUNCTION_FIELDS, Dependency: DEPENDENCY_FIELDS}


class ConcurrentEdit(Exception):
    """Someone saved the item after this person opened it; nothing was written.

    `current` is the item as stored now; `attempted` the values this person sent.
    """

    def __init__(self, current, attempted: dict):
        self.current = current
        self.attempted = attempted
        super().__init__(_("Someone else saved this after you opened it."))


# --- checks ----------------------------------------------------------------------


def _require_editor(by, municipality: Municipality) -> None:
    if not access.may_edit_register(by, municipality):
        raise PermissionDenied(_("You do not keep this municipality's continuity register."))


def _whole(values: dict, field: str, label: str, errors: dict, *, low: int, high: int, unit=""):
    raw = values.get(field)
    if raw in (None, ""):
        return None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        errors[field] = _("%(label)s must be a whole number.") % {"label": label}
        return None
    if number < low or number > high:
        errors[field] = _("%(label)s must be between %(low)s and %(high)s %(unit)s.") % {
            "label": label,
            "low": low,
            "high": high,
            "unit": unit,
        }
        return None
    return number


def clean_unit(values: dict) -> dict:
    errors: dict[str, str] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = _("Name the unit.")
    activity_code = str(values.get("activity_code") or "").strip()
    if not activity_code:
        errors["activity_code"] = _("Choose the activity the unit provides.")
    management = values.get("management") or Management.OWN
    if management not in Management.values:
        errors["management"] = _("Choose own management or private provider.")
    people = _whole(values, "people_served", _("People served"), errors, low=0, high=MAX_PEOPLE)
    if errors:
        raise ValidationError(errors)
    return {
        "name": name[:200],
        "activity_code": activity_code[:30],
        "management": management,
        "contract_sets_preparedness": bool(values.get("contract_sets_preparedness"))
        and management == Management.PRIVATE,
        "people_served": people or 0,
    }


def clean_function(values: dict) -> dict:
    errors: dict[str, str] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = _("Name the function.")
    label = _("Maximum tolerable downtime")
    downtime = _whole(
        values, "max_tolerable_downtime_hours", label, errors, low=1, high=MAX_HOURS,
        unit=_("hours"),
    )  # fmt: skip
    if downtime is None and "max_tolerable_downtime_hours" not in errors:
        errors["max_tolerable_downtime_hours"] = _("Give the maximum tolerable downtime.")
    if errors:
        raise ValidationError(errors)
    return {"name": name[:200], "max_tolerable_downtime_hours": downtime}


def clean_dependency(values: dict) -> dict:
    """`reserve_hours` is in hours whatever `reserve_unit` says (the form converts days)."""
    errors: dict[str, str] = {}
    category = values.get("category")
    if category not in dict(DEPENDENCY_CATEGORIES):
        errors["category"] = _("Choose what the function depends on.")
    reserve_unit = values.get("reserve_unit") or ReserveUnit.HOURS
    if reserve_unit not in ReserveUnit.values:
        errors["reserve_unit"] = _("Choose hours or days.")
    reserve = _whole(
        values, "reserve_hours", _("Reserve"), errors, low=0, high=MAX_HOURS, unit=_("hours")
    )
    staff = {}
    if category == Category.STAFF:
        for field, label in (
            ("minimum_staff", _("Minimum staff")),
            ("staff_available", _("Staff available")),
        ):
            staff[field] = _whole(values, field, label, errors, low=0, high=MAX_STAFF)
            if staff[field] is None and field not in errors:
                errors[field] = _("%(label)s is needed for a staff dependency.") % {"label": label}
    if errors:
        raise ValidationError(errors)
    return {
        "category": category,
        "reserve_hours": reserve,
        "reserve_unit": reserve_unit,
        "minimum_staff": staff.get("minimum_staff"),
        "staff_available": staff.get("staff_available"),
    }


CLEAN = {Unit: clean_unit, CriticalFunction: clean_function, Dependency: clean_dependency}


# --- revisions -------------------------------------------------------------------


def snapshot(obj) -> dict:
    return {field: getattr(obj, field) for field in FIELDS[type(obj)]}


def _municipality_id(obj) -> int:
    if isinstance(obj, Unit):
        return obj.municipality_id
    if isinstance(obj, CriticalFunction):
        return obj.unit.municipality_id
    return obj.function.unit.municipality_id


def _log(obj, *, action: str, before, after, by, source: str) -> None:
    kind = KINDS[type(obj)]
    RegisterRevision.objects.create(
        municipality_id=_municipality_id(obj),
        kind=kind,
        object_id=obj.pk,
        action=action,
        version=obj.version,
        before=before,
        after=after,
        source=source,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record(
        actor=by, action=f"continuity.{kind}_{action}", target=obj, before=before, after=after
    )


# --- register edits --------------------------------------------------------------


def _create(model, *, municipality, by, values: dict, source: str, **parents):
    _require_editor(by, municipality)
    cleaned = CLEAN[model](values)
    with transaction.atomic():
        obj = model.objects.create(**parents, **cleaned)
        _log(obj, action="create", before=None, after=snapshot(obj), by=by, source=source)
    return obj


def create_unit(*, municipality: Municipality, by, source: str = "form", **values) -> Unit:
    _unique_name(Unit.objects.filter(municipality=municipality), values.get("name"))
    return _create(
        Unit, municipality=municipality, by=by, values=values, source=source,
        municipality_id=municipality.pk,
    )  # fmt: skip


def create_function(*, unit: Unit, by, **values) -> CriticalFunction:
    _unique_name(unit.functions.all(), values.get("name"))
    return _create(
        CriticalFunction, municipality=unit.municipality, by=by, values=values, source="form",
        unit=unit,
    )  # fmt: skip


def create_dependency(*, function: CriticalFunction, by, **values) -> Dependency:
    if function.dependencies.filter(category=values.get("category")).exists():
        raise ValidationError(
            {"category": _("The function already has a dependency of this kind; change it.")}
        )
    return _create(
        Dependency, municipality=function.unit.municipality, by=by, values=values,
        source="form", function=function,
    )  # fmt: skip


def _unique_name(queryset, name, *, exclude=None) -> None:
    name = str(name or "").strip()
    clash = queryset.filter(name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if name and clash.exists():
        raise ValidationError({"name": _("The name is already used here; choose another.")})


def _locked(model, pk: int):
    related = {Unit: ("municipality",), CriticalFunction: ("unit__municipality",)}
    queryset = model.objects.select_for_update()
    return queryset.select_related(*related.get(model, ("function__unit__municipality",))).get(
        pk=pk
    )


def _update(obj, *, by, version: int, values: dict, source: str = "form"):
    model = type(obj)
    municipality = _register_of(obj)
    _require_editor(by, municipality)
    cleaned = CLEAN[model](values)
    with transaction.atomic():
        current = _locked(model, obj.pk)
        if current.version != int(version):
            raise ConcurrentEdit(current, cleaned)
        before = snapshot(current)
        for field, value in cleaned.items():
            setattr(current, field, value)
        after = snapshot(current)
        if before == after:
            return current
        current.version += 1
        current.save()
        _log(current, action="update", before=before, after=after, by=by, source=source)
    return current


def _register_of(obj) -> Municipality:
    if isinstance(obj, Unit):
        return obj.municipality
    if isinstance(obj, CriticalFunction):
        return obj.unit.municipality
    return obj.function.unit.municipality


def update_unit(*, unit: Unit, by, version: int, source: str = "form", **values) -> Unit:
    _unique_name(unit.municipality.continuity_units.all(), values.get("name"), exclude=unit.pk)
    return _update(unit, by=by, version=version, values=values, source=source)


def update_function(*, function: CriticalFunction, by, version: int, **values):
    _unique_name(function.unit.functions.all(), values.get("name"), exclude=function.pk)
    return _update(function, by=by, version=version, values=values)


def update_dependency(*, dependency: Dependency, by, version: int, **values) -> Dependency:
    clash = dependency.function.dependencies.filter(category=values.get("category"))
    if clash.exclude(pk=dependency.pk).exists():
        raise ValidationError(
            {"category": _("The function already has a dependency of this kind; change it.")}
        )
    return _update(dependency, by=by, version=version, values=values)


def delete_item(*, item, by, version: int) -> None:
    """Remove a unit, function or dependency (and what belongs to it)."""
    _require_editor(by, _register_of(item))
    with transaction.atomic():
        current = _locked(type(item), item.pk)
        if current.version != int(version):
            raise ConcurrentEdit(current, {})
        _log(current, action="delete", before=snapshot(current), after=None, by=by, source="form")
        current.delete()


# --- plans and verification ------------------------------------------------------


def upload_plan(
    *, municipality: Municipality, by, upload, title: str, unit: Unit | None = None, **elements
) -> ContinuityPlan:
    """Store a plan document after checking its content; a refused file stores nothing."""
    _require_editor(by, municipality)
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the plan a title.")
    if unit is not None and unit.municipality_id != municipality.pk:
        errors["unit"] = _("Choose one of the municipality's units.")
    max_bytes = settings.CONTINUITY_PLAN_MAX_BYTES
    if upload is None:
        errors["file"] = _("Choose a file to upload.")
    elif upload.size > max_bytes:
        errors["file"] = _("The file is too large: at most %(mb)s MB.") % {
            "mb": round(max_bytes / 1048576, 1)
        }
    if errors:
        raise ValidationError(errors)
    data = upload.read(max_bytes + 1)
    document = check_document(data, upload.name, max_bytes=max_bytes)
    with transaction.atomic():
        plan = ContinuityPlan(
            municipality=municipality,
            unit=unit,
            title=title[:200],
            original_name=upload.name[-200:],
            content_type=document.content_type,
            size=len(data),
            uploaded_by=by,
            **{field: bool(elements.get(field)) for field in ELEMENTS},
        )
        plan.file.save(f"plan.{document.extension}", ContentFile(data), save=False)
        try:
            plan.save()
        except Exception:
            plan.file.delete(save=False)
            raise
        audit.record(
            actor=by, action="continuity.plan_upload", target=plan,
            municipality=municipality.code, size=plan.size, content_type=plan.content_type,
            elements={field: getattr(plan, field) for field in ELEMENTS},
        )  # fmt: skip
    return plan


def verify_plan(
    *, plan: ContinuityPlan, by, verified: bool, note: str = "", **checks
) -> PlanVerification:
    """A county reviewer's verdict on a plan, element by element."""
    if not access.may_verify_plans(by, plan.municipality):
        raise PermissionDenied(_("You do not verify this municipality's continuity plans."))
    found = {field: bool(checks.get(field)) for field in CHECKS}
    if verified and not all(found.values()):
        raise ValidationError(
            {"verified": _("A plan can be verified only when all four elements are found.")}
        )
    with transaction.atomic():
        verification = PlanVerification.objects.create(
            plan=plan, reviewer=by, verified=bool(verified), note=(note or "").strip(), **found
        )
        audit.record(
            actor=by, action="continuity.plan_verify", target=plan,
            municipality=plan.municipality.code, verified=bool(verified), checks=found,
            note=verification.note,
        )  # fmt: skip
    return verification


# --- audited reads ---------------------------------------------------------------


def record_read(*, by, municipality: Municipality, what: str, target=None) -> None:
    """Leave a read event when someone reads another organisation's unit-level data."""
    if access.reads_across(by, municipality):
        audit.record(
            actor=by, action="continuity.read", target=target or municipality,
            municipality=municipality.code, what=what,
        )  # fmt: skip
