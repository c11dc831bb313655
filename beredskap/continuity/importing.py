"""Importing a filled-in register template: all or nothing, in a fixed number of queries.

Rows are matched to the register by the unit's name, the function's name within its unit
and the dependency's category within its function (ignoring case); what matches is
updated (its version moves on), what does not is added. Nothing is removed: removing is
done on the pages, one item at a time. Each change appends a `RegisterRevision` with
source "import", and the import leaves one audit row with its counts. Many hundreds of
units are written with bulk statements, not one query per row.

Optimistic locking, as the survey's spreadsheet import: each row carries the versions of
its unit, function and dependency when the template was made. An item saved since (its
version moved on) whose row in the file differs from what is stored now is a conflict,
unless the row still says what the item said at the file's version (the person importing
did not touch it; the later change stands). Any conflict refuses the whole upload
(`Stale`), each named by sheet, row and column with the file's and the stored value; so
does a row carrying the version of an item no longer in the register under its name
(`_vanished`: renamed or removed on the pages since the download).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry.models import Municipality

from .models import (
    DEPENDENCY_CATEGORIES,
    CriticalFunction,
    Dependency,
    Management,
    RegisterRevision,
    Unit,
)
from .services import DEPENDENCY_FIELDS, FUNCTION_FIELDS, UNIT_FIELDS, _require_editor
from .spreadsheet import LETTER, Parsed, Problem

#: The sheet's column of each field, by kind (the dependency's reserve unit has none).
COLUMN_OF = {
    "unit": {"name": "unit", "activity_code": "activity_code", "management": "management",
             "contract_sets_preparedness": "contract_sets_preparedness",
             "people_served": "people_served"},
    "function": {"name": "function",
                 "max_tolerable_downtime_hours": "max_tolerable_downtime_hours"},
    "dependency": {"category": "category", "reserve_hours": "reserve_hours",
                   "minimum_staff": "minimum_staff", "staff_available": "staff_available"},
}  # fmt: skip
KIND_FIELDS = {"unit": UNIT_FIELDS, "function": FUNCTION_FIELDS, "dependency": DEPENDENCY_FIELDS}


class Stale(Exception):
    """Rows of the file that someone changed on the pages since it was downloaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(_("The register changed after the workbook was downloaded."))


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Writer:
    def __init__(self, municipality: Municipality, by):
        self.municipality = municipality
        self.by = by if getattr(by, "is_authenticated", False) else None
        self.revisions: list[RegisterRevision] = []
        self.outcome = Outcome()

    def revise(self, kind: str, obj, action: str, before, after) -> None:
        self.revisions.append(
            RegisterRevision(
                municipality=self.municipality, kind=kind, object_id=obj.pk, action=action,
                version=obj.version, before=before, after=after, source="import",
                created_by=self.by,
            )
        )  # fmt: skip

    def apply(self, model, kind: str, fields, existing: dict, wanted: dict, make) -> dict:
        """Update `existing` (key → object) to `wanted` (key → values); add what is missing.
        Returns key → object for everything wanted."""
        changed, new, result = [], [], {}
        for key, values in wanted.items():
            obj = existing.get(key)
            if obj is None:
                new.append((key, make(key, values)))
                continue
            before = {f: getattr(obj, f) for f in fields}
            after = {f: values[f] for f in fields}
            result[key] = obj
            if before == after:
                self.outcome.unchanged += 1
                continue
            for f in fields:
                setattr(obj, f, values[f])
            obj.version += 1
            changed.append((obj, before, after))
        if changed:
            model.objects.bulk_update([c[0] for c in changed], [*fields, "version"])
        created = model.objects.bulk_create([obj for _key, obj in new])
        for (key, _obj), obj in zip(new, created, strict=True):
            result[key] = obj
            self.revise(kind, obj, "create", None, {f: getattr(obj, f) for f in fields})
        for obj, before, after in changed:
            self.revise(kind, obj, "update", before, after)
        self.outcome.created += len(created)
        self.outcome.updated += len(changed)
        return result


def _comparable(value):
    """Numbers as floats (JSON keeps 24 where the model holds 24.0), the rest as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return float(value)


def _differing(kind: str, a: dict, b: dict) -> list[str]:
    return [f for f in KIND_FIELDS[kind] if _comparable(a.get(f)) != _comparable(b.get(f))]


def _shown(field: str, value, activities: dict[str, str]) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    labels = {
        "activity_code": activities,
        "management": dict(Management.choices),
        "category": dict(DEPENDENCY_CATEGORIES),
    }.get(field, {})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(labels.get(value, value))


def _conflicts(
    municipality: Municipality, parsed: Parsed, current: dict, activities: dict[str, str]
) -> list[Problem]:
    """The rows whose item changed since the download, as problems; rows the person did not
    touch take the stored values (so the later change stands). One query, only when some
    item's version moved on."""
    behind, problems = {}, _vanished(parsed, current)
    for (kind, key), (row, version) in parsed.versions.items():
        obj = current[kind].get(key)
        if obj is not None and version != obj.version:
            behind[(kind, key)] = (obj, row, version)
    if not behind:
        return problems
    then = {
        (kind, pk, version): after
        for kind, pk, version, after in RegisterRevision.objects.filter(
            municipality=municipality, object_id__in={obj.pk for obj, *_r in behind.values()}
        ).values_list("kind", "object_id", "version", "after")
    }
    wanted = {"unit": parsed.units, "function": parsed.functions,
              "dependency": parsed.dependencies}  # fmt: skip
    for (kind, key), (obj, row, version) in sorted(behind.items(), key=lambda i: i[1][1]):
        stored = {f: getattr(obj, f) for f in KIND_FIELDS[kind]}
        written = wanted[kind][key]
        fields = _differing(kind, written, stored)
        if not fields:
            continue
        at = then.get((kind, obj.pk, version))
        if at is not None and not _differing(kind, written, at):
            wanted[kind][key] = {**written, **stored}  # untouched here: the later change stands
            continue
        for f in fields:
            column = COLUMN_OF[kind].get(f)
            message = _(
                "Someone else changed this after the workbook was downloaded (in the file: "
                "%(file)s; saved now: %(stored)s). Download the workbook again and make your "
                "change there."
            ) % {
                "file": _shown(f, written.get(f), activities),
                "stored": _shown(f, stored[f], activities),
            }
            problems.append(Problem(row, LETTER.get(column, ""), message, parsed.sheet))
    return problems


#: The column that names an item of each kind.
NAMED_BY = {"unit": "unit", "function": "function", "dependency": "category"}


def _vanished(parsed: Parsed, current: dict) -> list[Problem]:
    """Rows that carry the version of an item from the download but name none that is in
    the register now: the item was renamed or removed after the download (or the row was
    copied from another item's). Matched by name, such a row would otherwise add the old
    name back as a new item beside the renamed one."""
    problems = []
    for (kind, key), (row, _version) in sorted(parsed.versions.items(), key=lambda i: i[1]):
        if current[kind].get(key) is None:
            message = _(
                "This row carries the version of an item from the downloaded workbook, but "
                "the register has no item of that name now: it was renamed or removed after "
                "the download, or the row was copied from another one. Download the workbook "
                "again; add a new item on an empty row."
            )
            problems.append(Problem(row, LETTER[NAMED_BY[kind]], message, parsed.sheet))
    return problems


def import_register(
    *, municipality: Municipality, by, parsed: Parsed, activities: dict[str, str] | None = None
) -> Outcome:
    """Write a parsed template with no problems; refuses one with problems (ValueError) and
    one whose rows someone changed since the download (`Stale`, nothing written)."""
    _require_editor(by, municipality)
    if parsed.problems:
        raise ValueError("A template with problems cannot be imported.")
    writer = _Writer(municipality, by)
    with transaction.atomic():
        units = {
            u.name.lower(): u
            for u in Unit.objects.select_for_update().filter(municipality=municipality)
        }
        functions = {
            (f.unit.name.lower(), f.name.lower()): f
            for f in CriticalFunction.objects.filter(unit__municipality=municipality)
            .select_related("unit")
        }  # fmt: skip
        dependencies = {
            (d.function.unit.name.lower(), d.function.name.lower(), d.category): d
            for d in Dependency.objects.filter(function__unit__municipality=municipality)
            .select_related("function__unit")
        }  # fmt: skip
        current = {"unit": units, "function": functions, "dependency": dependencies}
        stale = _conflicts(municipality, parsed, current, activities or {})
        if stale:
            raise Stale(stale)
        units = writer.apply(
            Unit, "unit", UNIT_FIELDS, units, parsed.units,
            lambda key, v: Unit(municipality=municipality, **v),
        )  # fmt: skip
        functions = writer.apply(
            CriticalFunction, "function", FUNCTION_FIELDS, functions, parsed.functions,
            lambda key, v: CriticalFunction(unit=units[key[0]], **v),
        )  # fmt: skip
        writer.apply(
            Dependency, "dependency", DEPENDENCY_FIELDS, dependencies, parsed.dependencies,
            lambda key, v: Dependency(function=functions[key[:2]], **v),
        )  # fmt: skip
        RegisterRevision.objects.bulk_create(writer.revisions, batch_size=500)
        audit.record(
            actor=by, action="continuity.import", target=municipality,
            created=writer.outcome.created, updated=writer.outcome.updated,
            unchanged=writer.outcome.unchanged,
        )  # fmt: skip
    return writer.outcome
