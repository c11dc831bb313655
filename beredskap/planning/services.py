"""Loading and copying planning directions: every change of a direction's rows is here.

A file is validated whole before anything is written, and written in one transaction, so
a file with any error loads nothing. An adopted version is permanent: loading a changed
file for it is refused, and a new version starts as a draft copy (`copy_direction`).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from beredskap import audit

from .models import Assumption, Direction, Parameter, StartingPoint, TargetState
from .validation import VERSION, validate_direction

DIRECTIONS_DIR = Path(__file__).resolve().parent / "directions"


class DirectionInvalid(Exception):
    """The file (or request) has problems; nothing was written. `problems` lists each one."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)")

    def lines(self) -> list[str]:
        return [f"{self.source}: {location}: {message}" for location, message in self.problems]


@dataclass
class LoadResult:
    direction: Direction | None
    status: str  # "checked", "created", "replaced" or "unchanged"
    items: int


def shipped_directions() -> list[Path]:
    return sorted(DIRECTIONS_DIR.glob("*.yaml"))


def _parse(path: Path) -> tuple[dict, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DirectionInvalid(str(path), [("file", f"cannot be read ({exc.strerror})")]) from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise DirectionInvalid(str(path), [(where, f"not valid YAML ({exc})")]) from exc
    return data, hashlib.sha256(raw).hexdigest()


def load_direction(*, path: Path, by=None, check_only: bool = False) -> LoadResult:
    """Validate `path` and, unless `check_only`, load it as the version it names."""
    path = Path(path)
    data, checksum = _parse(path)
    problems = validate_direction(data)
    if problems:
        raise DirectionInvalid(str(path), problems)
    items = sum(len(data[kind]) for kind in ("starting_points", "assumptions", "target_states"))
    if check_only:
        return LoadResult(direction=None, status="checked", items=items)
    existing = Direction.objects.filter(version=data["version"]).first()
    if existing and existing.checksum == checksum:
        return LoadResult(direction=existing, status="unchanged", items=items)
    if existing and (existing.is_permanent or existing.copies.exists()):
        raise DirectionInvalid(
            str(path),
            [("direction", f"version: {existing.version} is {existing.status} and cannot "
                           "change; make a new version with copy_direction")],
        )  # fmt: skip
    direction = _write(data, source=path.name, checksum=checksum, existing=existing)
    audit.record(
        actor=by,
        action="planning.direction_loaded",
        target=direction,
        source=path.name,
        checksum=checksum,
        replaced=existing is not None,
    )
    status = "replaced" if existing else "created"
    return LoadResult(direction=direction, status=status, items=items)


def _texts(item: dict, *names: str) -> dict[str, str]:
    return {
        f"{name}_{language}": (item.get(name) or {}).get(language, "")
        for name in names
        for language in ("sv", "en")
    }


def _common(item: dict, index: int) -> dict:
    return {
        "code": item["code"],
        "position": index,
        "placeholder": item.get("placeholder", False),
        **_texts(item, "title", "text"),
    }


@transaction.atomic
def _write(data: dict, *, source: str, checksum: str, existing: Direction | None) -> Direction:
    if existing is not None:
        existing.delete()
    direction = Direction.objects.create(
        version=data["version"],
        status=data["status"],
        valid_from=data.get("valid_from"),
        valid_until=data.get("valid_until"),
        title_sv=data["title"]["sv"],
        title_en=data["title"]["en"],
        source=source,
        checksum=checksum,
    )
    StartingPoint.objects.bulk_create(
        StartingPoint(direction=direction, **_common(item, index))
        for index, item in enumerate(data["starting_points"])
    )
    for index, item in enumerate(data["assumptions"]):
        assumption = Assumption.objects.create(
            direction=direction,
            category=item["category"],
            sensitivity=item["sensitivity"],
            **_common(item, index),
        )
        Parameter.objects.bulk_create(
            Parameter(
                assumption=assumption,
                name=p["name"],
                unit=p["unit"],
                value=p["value"],
                position=position,
                **_texts(p, "note"),
            )
            for position, p in enumerate(item.get("parameters", []))
        )
    TargetState.objects.bulk_create(
        TargetState(
            direction=direction,
            area=item["area"],
            activity=item.get("activity") or "",
            criteria=item["criteria"],
            indicators=item.get("indicators", []),
            questions=item.get("questions", []),
            **_common(item, index),
        )
        for index, item in enumerate(data["target_states"])
    )
    return direction


@transaction.atomic
def copy_direction(*, source: Direction, version: str, by) -> Direction:
    """A draft copy of an adopted version, to be changed into the next version."""
    problems = []
    if source.status != Direction.Status.ADOPTED:
        problems.append(("source", f"{source.version} is {source.status}, not adopted"))
    if not VERSION.match(version):
        problems.append(("version", f'{version!r} must be like "2026.2"'))
    elif Direction.objects.filter(version=version).exists():
        problems.append(("version", f"{version} exists already"))
    if problems:
        raise DirectionInvalid(f"copy of {source.version}", problems)
    copy = Direction.objects.create(
        version=version,
        status=Direction.Status.DRAFT,
        title_sv=source.title_sv,
        title_en=source.title_en,
        copied_from=source,
    )
    _copy_items(source, copy)
    audit.record(actor=by, action="planning.direction_copied", target=copy, source=source.version)
    return copy


def _copy_items(source: Direction, copy: Direction) -> None:
    for model, related in ((StartingPoint, "starting_points"), (TargetState, "target_states")):
        rows = list(getattr(source, related).all())
        for row in rows:
            row.pk, row.direction = None, copy
        model.objects.bulk_create(rows)
    for assumption in source.assumptions.prefetch_related("parameters"):
        parameters = list(assumption.parameters.all())
        assumption.pk, assumption.direction = None, copy
        assumption.save(force_insert=True)
        for parameter in parameters:
            parameter.pk, parameter.assumption = None, assumption
        Parameter.objects.bulk_create(parameters)
