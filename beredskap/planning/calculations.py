"""The difference between two versions of a direction. Pure: no database.

A version is compared as a *snapshot*: for each kind of item, its items by code in order,
each a mapping of field to value, and assumptions with `parameters` as a mapping of
parameter name to {unit, value, note_sv, note_en}. Items are matched by their stable code;
their order (`position`) is not content and is not compared.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KINDS = ("starting_points", "assumptions", "target_states")
#: Not compared as fields: the code matches items, `position` only places them, `title` is
#: the display title in the reader's language (`title_sv` and `title_en` are compared), and
#: parameters are compared one by one.
IGNORED = {"code", "position", "title", "parameters"}

Snapshot = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ParameterChange:
    """A parameter added (before is None), removed (after is None) or changed."""

    name: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


@dataclass(frozen=True)
class ItemChange:
    code: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    fields: tuple[FieldChange, ...]
    parameters: tuple[ParameterChange, ...]


@dataclass(frozen=True)
class KindDiff:
    kind: str
    added: tuple[Mapping[str, Any], ...]
    removed: tuple[Mapping[str, Any], ...]
    changed: tuple[ItemChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class DirectionDiff:
    kinds: tuple[KindDiff, ...]

    @property
    def is_empty(self) -> bool:
        return all(kind.is_empty for kind in self.kinds)

    def counts(self) -> dict[str, int]:
        return {
            "added": sum(len(k.added) for k in self.kinds),
            "removed": sum(len(k.removed) for k in self.kinds),
            "changed": sum(len(k.changed) for k in self.kinds),
        }


def _parameter_changes(before: Mapping, after: Mapping) -> tuple[ParameterChange, ...]:
    names = list(before) + [name for name in after if name not in before]
    return tuple(
        ParameterChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )


def _item_change(code: str, before: Mapping, after: Mapping) -> ItemChange | None:
    fields = [f for f in before if f not in IGNORED] + [
        f for f in after if f not in IGNORED and f not in before
    ]
    changes = tuple(
        FieldChange(f, before.get(f), after.get(f))
        for f in fields
        if before.get(f) != after.get(f)
    )
    parameters = _parameter_changes(before.get("parameters", {}), after.get("parameters", {}))
    if not changes and not parameters:
        return None
    return ItemChange(code, before, after, changes, parameters)


def _kind_diff(kind: str, a: Mapping[str, Mapping], b: Mapping[str, Mapping]) -> KindDiff:
    changed = (_item_change(code, a[code], b[code]) for code in a if code in b)
    return KindDiff(
        kind=kind,
        added=tuple(item for code, item in b.items() if code not in a),
        removed=tuple(item for code, item in a.items() if code not in b),
        changed=tuple(change for change in changed if change is not None),
    )


def diff(a: Snapshot, b: Snapshot) -> DirectionDiff:
    """What changed from version `a` to version `b`, per kind of item; empty for a == b."""
    return DirectionDiff(
        tuple(_kind_diff(kind, a.get(kind, {}), b.get(kind, {})) for kind in KINDS)
    )
