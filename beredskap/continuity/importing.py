"""Importing a filled-in register template: all or nothing, in a fixed number of queries.

Rows are matched to the register by the unit's name, the function's name within its unit
and the dependency's category within its function (ignoring case); what matches is
updated (its version moves on), what does not is added. Nothing is removed: removing is
done on the pages, one item at a time. Each change appends a `RegisterRevision` with
source "import", and the import leaves one audit row with its counts. Many hundreds of
units are written with bulk statements, not one query per row.
"""

from dataclasses import dataclass

from django.db import transaction

from beredskap import audit
from beredskap.registry.models import Municipality

from .models import CriticalFunction, Dependency, RegisterRevision, Unit
from .services import DEPENDENCY_FIELDS, FUNCTION_FIELDS, UNIT_FIELDS, _require_editor
from .spreadsheet import Parsed


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


def import_register(*, municipality: Municipality, by, parsed: Parsed) -> Outcome:
    """Write a parsed template with no problems; refuses one with problems (ValueError)."""
    _require_editor(by, municipality)
    if parsed.problems:
        raise ValueError("A template with problems cannot be imported.")
    writer = _Writer(municipality, by)
    with transaction.atomic():
        units = {u.name.lower(): u for u in Unit.objects.filter(municipality=municipality)}
        units = writer.apply(
            Unit, "unit", UNIT_FIELDS, units, parsed.units,
            lambda key, v: Unit(municipality=municipality, **v),
        )  # fmt: skip
        functions = {
            (f.unit.name.lower(), f.name.lower()): f
            for f in CriticalFunction.objects.filter(unit__municipality=municipality)
            .select_related("unit")
        }  # fmt: skip
        functions = writer.apply(
            CriticalFunction, "function", FUNCTION_FIELDS, functions, parsed.functions,
            lambda key, v: CriticalFunction(unit=units[key[0]], **v),
        )  # fmt: skip
        dependencies = {
            (d.function.unit.name.lower(), d.function.name.lower(), d.category): d
            for d in Dependency.objects.filter(function__unit__municipality=municipality)
            .select_related("function__unit")
        }  # fmt: skip
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
