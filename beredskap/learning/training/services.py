"""Every change of the training part: the catalogue, completions and the plan.

One function per use case, keyword-only arguments with `by=user`: each checks
`registry.access`, validates everything first (so the form, the import, the commands and
the tests keep the same rules), writes in a transaction and leaves an audit row. A bad
value is a `ValidationError` naming every problem; nothing is half-stored.

See docs/learning.md.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access
from beredskap.registry.models import County, Municipality

from ..models import Completion, PlanItem, Training
from . import calculations as calc
from . import queries

NATIONAL_FILE = Path(__file__).resolve().parent.parent / "data" / "trainings.yaml"
FIRST_YEAR = 2015


class Conflict(Exception):
    """Someone changed the plan item after this person opened it; nothing was written."""

    def __init__(self, current: PlanItem):
        self.current = current
        super().__init__(
            _(
                "Someone else changed this plan item after you opened it. Nothing was saved; "
                "it now shows what is saved."
            )
        )


# --- the catalogue ------------------------------------------------------------------------


def _check_training(entry: dict, where: str) -> list[str]:
    """Problems of one training's values (from the YAML file or the county board's form)."""
    problems = []
    name = entry.get("name") or {}
    if not str(name.get("sv") or "").strip():
        problems.append(_("%(where)s: give the name.") % {"where": where})
    if entry.get("format") not in Training.Format.values:
        problems.append(_("%(where)s: choose a format.") % {"where": where})
    audiences = entry.get("audiences") or []
    if not audiences or any(a not in Training.Audience.values for a in audiences):
        problems.append(_("%(where)s: choose at least one audience.") % {"where": where})
    duration = entry.get("duration_minutes")
    if not isinstance(duration, int) or isinstance(duration, bool) or not 1 <= duration <= 6000:
        problems.append(
            _("%(where)s: give the duration in minutes, 1 to 6000.") % {"where": where}
        )
    return problems


def _fields(entry: dict) -> dict:
    name, description = entry.get("name") or {}, entry.get("description") or {}
    return {
        "name_sv": name["sv"].strip(),
        "name_en": (name.get("en") or "").strip(),
        "description_sv": (description.get("sv") or "").strip(),
        "description_en": (description.get("en") or "").strip(),
        "format": entry["format"],
        "audiences": list(entry["audiences"]),
        "duration_minutes": entry["duration_minutes"],
        "areas": list(entry.get("areas") or []),
        "target_states": list(entry.get("target_states") or []),
        "url": entry.get("url") or "",
        "recurring": bool(entry.get("recurring")),
    }


def load_national_trainings(*, path: Path = NATIONAL_FILE, by=None) -> tuple[int, int]:
    """Create or update the national trainings from the YAML file, by code; idempotent.

    The whole file is checked before anything is written. Returns (created, updated)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = data.get("trainings") or []
    problems, codes = [], set()
    for number, entry in enumerate(entries, 1):
        code = str(entry.get("code") or "")
        where = code or _("training %(number)s") % {"number": number}
        if not code or code in codes:
            problems.append(_("%(where)s: a unique code is needed.") % {"where": where})
        codes.add(code)
        problems += _check_training(entry, where)
    if problems:
        raise ValidationError(problems)
    created = updated = 0
    with transaction.atomic():
        for entry in entries:
            fields = {**_fields(entry), "scope": Training.Scope.NATIONAL, "county": None}
            training = Training.objects.filter(code=entry["code"]).first()
            if training is None:
                Training.objects.create(code=entry["code"], **fields)
                created += 1
            elif any(getattr(training, k) != v for k, v in fields.items()):
                Training.objects.filter(pk=training.pk).update(**fields, updated_at=timezone.now())
                updated += 1
        if created or updated:
            audit.record(
                actor=by, action="training.national_loaded", created=created, updated=updated
            )
    return created, updated


def create_regional_training(*, county: County, by, code: str, **entry) -> Training:
    """A county board's own training, for its municipalities."""
    if not access.may_keep_trainings(by, county.pk):
        raise PermissionDenied(_("You do not keep this county board's trainings."))
    problems = _check_training(entry, _("The training"))
    code = f"{county.code}-{code}".lower()
    if Training.objects.filter(code=code).exists():
        problems.append(_("A training with this short name already exists."))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        training = Training.objects.create(
            code=code, scope=Training.Scope.REGIONAL, county=county, **_fields(entry)
        )
        audit.record(actor=by, action="training.created", target=training, county=county.code)
    return training


# --- completions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One completion count to record: a training, an activity ('' for none), a year."""

    training: Training
    activity_code: str
    year: int
    count: int


def _check_count(row: Count, *, activities: dict, ceiling: dict) -> list[str]:
    problems = []
    last = timezone.localdate().year
    if not isinstance(row.year, int) or not FIRST_YEAR <= row.year <= last:
        problems.append(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": last}
        )
    if row.activity_code and row.activity_code not in activities:
        problems.append(_("Unknown activity “%(code)s”.") % {"code": row.activity_code})
    if not isinstance(row.count, int) or isinstance(row.count, bool) or row.count < 0:
        problems.append(_("The count must be a whole number, 0 or more."))
    else:
        most = ceiling.get(row.activity_code, calc.UNKNOWN_STAFF_CEILING)
        if row.count > most:
            problems.append(
                _(
                    "%(count)s is more than the municipality's staff make plausible "
                    "(at most %(most)s for %(activity)s)."
                )
                % {
                    "count": row.count,
                    "most": most,
                    "activity": activities.get(row.activity_code, _("all activities")),
                }
            )
    return problems


def check_counts(municipality: Municipality, rows: list[Count], *, regional_ok=False) -> dict:
    """Problems by row index (0-based) of counts for one municipality; empty when all fit."""
    activities = queries.activity_names()
    ceiling = queries.ceilings(municipality)
    problems: dict[int, list[str]] = {}
    seen = set()
    for index, row in enumerate(rows):
        found = _check_count(row, activities=activities, ceiling=ceiling)
        if row.training.is_regional and not regional_ok:
            found.append(_("A regional training's participants are recorded by its county board."))
        key = (row.training.pk, row.activity_code, row.year)
        if key in seen:
            found.append(_("The same training, activity and year appear twice."))
        seen.add(key)
        if found:
            problems[index] = found
    return problems


def _store(municipality: Municipality, rows: list[Count], *, source: str, by) -> int:
    for row in rows:
        Completion.objects.update_or_create(
            municipality=municipality,
            training=row.training,
            activity_code=row.activity_code,
            year=row.year,
            defaults={"count": row.count, "source": source, "updated_by": by},
        )
    return len(rows)


def record_completions(
    *, municipality: Municipality, rows: list[Count], by, source: str = Completion.Source.FORM
) -> int:
    """Record (or correct) completion counts of a municipality, all or nothing."""
    if not access.may_record_completions(by, municipality):
        raise PermissionDenied(_("You do not record trainings for this municipality."))
    problems = check_counts(municipality, rows)
    if problems:
        raise ValidationError([m for found in problems.values() for m in found])
    with transaction.atomic():
        stored = _store(municipality, rows, source=source, by=by)
        audit.record(
            actor=by,
            action="training.completions_recorded",
            target=municipality,
            source=source,
            rows=[[r.training.code, r.activity_code, r.year, r.count] for r in rows],
        )
    return stored


def record_participants(*, training: Training, year: int, counts: dict, by) -> int:
    """A county board's participants of its own training, as counts per municipality
    (`counts`: Municipality → count); all or nothing."""
    if not training.is_regional or not access.may_keep_trainings(by, training.county_id):
        raise PermissionDenied(_("You do not keep this training's participants."))
    problems = []
    for municipality, count in counts.items():
        if municipality.county_id != training.county_id:
            problems.append(_("%(name)s is not in the county.") % {"name": municipality.name})
            continue
        row = Count(training, "", year, count)
        for found in check_counts(municipality, [row], regional_ok=True).values():
            problems += [f"{municipality.name}: {message}" for message in found]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for municipality, count in counts.items():
            _store(
                municipality,
                [Count(training, "", year, count)],
                source=Completion.Source.COUNTY,
                by=by,
            )
        audit.record(
            actor=by,
            action="training.participants_recorded",
            target=training,
            year=year,
            counts={m.code: c for m, c in counts.items()},
        )
    return len(counts)


# --- the training and exercise plan ---------------------------------------------------------


def add_plan_item(
    *,
    municipality: Municipality,
    year: int,
    kind: str,
    by,
    training: Training | None = None,
    exercise_type: str = "",
    title: str = "",
) -> PlanItem:
    """A planned training or exercise in the plan of the term of office `year` falls in."""
    if not access.may_record_completions(by, municipality):
        raise PermissionDenied(_("You do not keep this municipality's plan."))
    errors = {}
    if not isinstance(year, int) or not FIRST_YEAR <= year <= timezone.localdate().year + 8:
        errors["year"] = _("Choose a year of a term of office.")
    if kind == PlanItem.Kind.TRAINING:
        if training is None or (
            training.is_regional and training.county_id != municipality.county_id
        ):
            errors["training"] = _("Choose a training.")
        exercise_type = ""
    elif kind == PlanItem.Kind.EXERCISE:
        if exercise_type not in PlanItem.ExerciseType.values:
            errors["exercise_type"] = _("Choose the type of exercise.")
        training = None
    else:
        errors["kind"] = _("Choose a training or an exercise.")
    title = (title or "").strip()
    if len(title) > 200:
        errors["title"] = _("The description is too long.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = PlanItem.objects.create(
            municipality=municipality,
            term_start=calc.term_start(year),
            year=year,
            kind=kind,
            training=training,
            exercise_type=exercise_type,
            title=title,
        )
        audit.record(actor=by, action="training.plan_item_added", target=item, year=year)
    return item


def set_plan_item_status(*, item: PlanItem, status: str, version: int, by) -> PlanItem:
    """Mark a plan item planned, done or cancelled; a stale `version` is a `Conflict`."""
    if not access.may_record_completions(by, item.municipality):
        raise PermissionDenied(_("You do not keep this municipality's plan."))
    if status not in PlanItem.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        changed = PlanItem.objects.filter(pk=item.pk, version=version).update(
            status=status, version=version + 1, updated_at=timezone.now()
        )
        current = PlanItem.objects.select_related("training").get(pk=item.pk)
        if not changed:
            raise Conflict(current)
        audit.record(actor=by, action="training.plan_item_status", target=current, status=status)
    return current
