"""The county boards' support log: every change of a `SupportActivity`, its reads, its CSV.

A county reviewer logs the support the board gave its municipalities (networks,
exercises, advice, experience exchange, …). Each change is one function here, with
keyword-only arguments and `by=user`: it checks `registry.access`, validates everything
(so the web form, commands and tests keep the same rules), runs in a transaction and
leaves an audit row. An edit carries the `updated_at` it started from: if someone saved
the activity since, it is a `Conflict` and nothing is written. Experience exchange may be
shared with every county board (`shared`); nothing else may.

See docs/support-log.md.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap import audit
from beredskap.catalogue.models import Edition, Indicator, IndicatorVersion
from beredskap.registry import access
from beredskap.registry.models import County, Municipality

from .models import SupportActivity

Kind = SupportActivity.Kind

#: What an edit may change (and what the audit row of an update names when changed).
FIELDS = (
    "held_on",
    "kind",
    "title",
    "area_code",
    "municipalities",
    "participants",
    "description",
    "lessons",
    "indicators",
    "shared",
)
RELATED = ("municipalities", "indicators")
DEFAULTS = {
    "area_code": "",
    "municipalities": (),
    "participants": 0,
    "description": "",
    "lessons": "",
    "indicators": (),
    "shared": False,
}


#: The rule the form checks too (before the services see the values).
ONLY_EXCHANGE_SHARED = gettext_lazy(
    "Only experience exchange can be shared with the other county boards."
)


class Conflict(Exception):
    """Someone saved the activity after this person opened it; nothing was written.

    `current` is the activity as stored now (with its new `updated_at`).
    """

    def __init__(self, current: SupportActivity):
        self.current = current
        super().__init__(
            _(
                "Someone else saved this activity after you opened it. Your changes were not "
                "saved; they are still in the form. Compare them with what is saved now and "
                "save again to keep yours."
            )
        )


# --- the catalogue the log refers to -----------------------------------------------------


def newest_edition() -> Edition | None:
    return Edition.objects.order_by("-year").first()


def area_choices(edition: Edition | None) -> list[tuple[str, str]]:
    """(code, "code name") of the edition's indicator areas, in the edition's order."""
    if edition is None:
        return []
    return [(area.code, f"{area.code} {area.name}") for area in edition.areas.all()]


def indicator_titles(edition: Edition | None) -> dict[int, str]:
    """Indicator id → "code title" as defined in the edition."""
    if edition is None:
        return {}
    versions = IndicatorVersion.objects.filter(edition=edition).select_related("indicator")
    return {v.indicator_id: f"{v.indicator.code} {v.title}" for v in versions}


# --- changes ---------------------------------------------------------------------------


def _require_keeper(by, county_id: int) -> None:
    if not access.may_keep_support(by, county_id):
        raise PermissionDenied(_("You do not keep this county's support log."))


def _clean(county: County, values: dict, *, previous_area_code: str = "") -> dict:
    """The values checked and normalised; every problem at once, by field."""
    errors: dict[str, str] = {}
    values = dict(values)
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        errors["title"] = _("Give the topic of the activity.")
    elif len(values["title"]) > SupportActivity._meta.get_field("title").max_length:
        errors["title"] = _("The topic is too long.")
    if values.get("kind") not in Kind.values:
        errors["kind"] = _("Choose what kind of activity it was.")
    if not isinstance(values.get("held_on"), datetime.date):
        errors["held_on"] = _("Give the date as YYYY-MM-DD.")
    participants = values.get("participants")
    if not isinstance(participants, int) or isinstance(participants, bool) or participants < 0:
        errors["participants"] = _("Give the number of participants as a whole number, 0 or more.")
    values["area_code"] = (values.get("area_code") or "").strip()
    code = values["area_code"]
    if code and code != previous_area_code and code not in dict(area_choices(newest_edition())):
        errors["area_code"] = _("Choose a topic area of the current indicator catalogue.")
    values["municipalities"] = list(values.get("municipalities") or ())
    if any(m.county_id != county.pk for m in values["municipalities"]):
        errors["municipalities"] = _("Choose only municipalities in %(county)s.") % {
            "county": county.name
        }
    values["indicators"] = list(values.get("indicators") or ())
    values["description"] = values.get("description") or ""
    values["lessons"] = values.get("lessons") or ""
    values["shared"] = bool(values.get("shared"))
    if values["shared"] and values.get("kind") != Kind.EXCHANGE:
        errors["shared"] = ONLY_EXCHANGE_SHARED
    elif values["shared"] and not values["lessons"].strip():
        errors["lessons"] = _("Write the lessons learned before sharing the exchange.")
    if errors:
        raise ValidationError(errors)
    return values


def _summary(activity: SupportActivity) -> dict:
    return {
        "county": activity.county.code,
        "held_on": activity.held_on.isoformat(),
        "kind": activity.kind,
        "title": activity.title,
        "shared": activity.shared,
    }


@transaction.atomic
def create_activity(
    *,
    county: County,
    by,
    held_on: datetime.date,
    kind: str,
    title: str,
    area_code: str = "",
    municipalities: Iterable[Municipality] = (),
    participants: int = 0,
    description: str = "",
    lessons: str = "",
    indicators: Iterable[Indicator] = (),
    shared: bool = False,
) -> SupportActivity:
    """Log one support activity of `county`'s board."""
    _require_keeper(by, county.pk)
    values = _clean(
        county,
        {
            "held_on": held_on,
            "kind": kind,
            "title": title,
            "area_code": area_code,
            "municipalities": municipalities,
            "participants": participants,
            "description": description,
            "lessons": lessons,
            "indicators": indicators,
            "shared": shared,
        },
    )
    related = {name: values.pop(name) for name in RELATED}
    activity = SupportActivity.objects.create(
        county=county, created_by=by if getattr(by, "is_authenticated", False) else None, **values
    )
    activity.municipalities.set(related["municipalities"])
    activity.indicators.set(related["indicators"])
    audit.record(
        actor=by,
        action="support.created",
        target=activity,
        municipalities=sorted(m.code for m in related["municipalities"]),
        indicators=sorted(i.code for i in related["indicators"]),
        **_summary(activity),
    )
    return activity


def _locked(activity: SupportActivity) -> SupportActivity:
    return SupportActivity.objects.select_for_update().select_related("county").get(pk=activity.pk)


def _current(activity: SupportActivity, name: str):
    if name in RELATED:
        return {obj.pk for obj in getattr(activity, name).all()}
    return getattr(activity, name)


@transaction.atomic
def update_activity(
    *,
    activity: SupportActivity,
    by,
    expected_updated_at: datetime.datetime | None,
    **changes,
) -> SupportActivity:
    """Change a logged activity; `changes` are any of `FIELDS` (the rest stay as they are).

    `expected_updated_at` is the activity's `updated_at` when the person opened it: if it
    was saved since, `Conflict` is raised and nothing is written.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"update_activity() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = _locked(activity)
    _require_keeper(by, locked.county_id)
    if expected_updated_at is None or locked.updated_at != expected_updated_at:
        raise Conflict(locked)
    before = {name: _current(locked, name) for name in FIELDS}
    merged = {
        name: changes[name]
        if name in changes
        else (getattr(locked, name).all() if name in RELATED else getattr(locked, name))
        for name in FIELDS
    }
    values = _clean(locked.county, merged, previous_area_code=locked.area_code)
    related = {name: values.pop(name) for name in RELATED}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    locked.municipalities.set(related["municipalities"])
    locked.indicators.set(related["indicators"])
    changed = sorted(name for name in FIELDS if _current(locked, name) != before[name])
    audit.record(
        actor=by, action="support.updated", target=locked, changed=changed, **_summary(locked)
    )
    return locked


@transaction.atomic
def delete_activity(*, activity: SupportActivity, by) -> None:
    """Remove a logged activity; the audit row keeps what it was."""
    locked = _locked(activity)
    _require_keeper(by, locked.county_id)
    audit.record(
        actor=by,
        action="support.deleted",
        target=locked,
        municipalities=sorted(locked.municipalities.values_list("code", flat=True)),
        participants=locked.participants,
        **_summary(locked),
    )
    locked.delete()


# --- reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the list (and its CSV) is narrowed to; empty values filter nothing."""

    year: int | None = None
    kind: str = ""
    area_code: str = ""
    municipality: str = ""  # an SCB code
    county: str = ""  # an SCB code (the shared page)

    def as_details(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def _with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("county", "created_by").prefetch_related(
        "municipalities", "indicators"
    )


def filtered(qs: QuerySet, filters: Filters) -> QuerySet:
    if filters.year:
        qs = qs.of_year(filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area_code:
        qs = qs.filter(area_code=filters.area_code)
    if filters.municipality:
        qs = qs.filter(municipalities__code=filters.municipality)
    if filters.county:
        qs = qs.filter(county__code=filters.county)
    return qs


def county_activities(county: County, filters: Filters = Filters()) -> QuerySet:
    """The county's activities, newest first, narrowed by `filters`, ready to list."""
    return _with_related(filtered(SupportActivity.objects.filter(county=county), filters))


def shared_activities(filters: Filters = Filters()) -> QuerySet:
    """Experience exchange every county board may read, newest first."""
    qs = SupportActivity.objects.filter(shared=True, kind=Kind.EXCHANGE)
    return _with_related(filtered(qs, filters))


def years(qs: QuerySet) -> list[int]:
    """The years that have activities, newest first."""
    return sorted({d.year for d in qs.dates("held_on", "year")}, reverse=True)


def totals(qs: QuerySet) -> dict:
    """Activities, participants and the municipalities reached (ids) of a filtered list."""
    plain = qs.order_by().values("pk")
    summary = SupportActivity.objects.filter(pk__in=plain).aggregate(
        activities=Count("pk"), participants=Sum("participants")
    )
    reached = set(
        Municipality.objects.filter(support_activities__in=plain)
        .values_list("pk", flat=True)
        .distinct()
    )
    return {
        "activities": summary["activities"],
        "participants": summary["participants"] or 0,
        "reached": reached,
    }


# --- CSV -------------------------------------------------------------------------------

#: Text starting with these would be taken as a formula by a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell as text that a spreadsheet shows as written (never runs it as a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_header() -> list[str]:
    return [
        _("County"),
        _("Date"),
        _("Kind"),
        _("Topic"),
        _("Topic area"),
        _("Municipality codes"),
        _("Municipalities reached"),
        _("Participants"),
        _("Description"),
        _("Lessons learned"),
        _("Indicators addressed"),
        _("Shared with all county boards"),
        _("Recorded by"),
    ]


def csv_rows(activities: Iterable[SupportActivity], areas: dict[str, str]) -> Iterable[list]:
    for a in activities:
        municipalities = sorted(a.municipalities.all(), key=lambda m: m.code)
        yield [
            a.county.name,
            a.held_on,
            a.get_kind_display(),
            a.title,
            areas.get(a.area_code, a.area_code),
            " ".join(m.code for m in municipalities),
            ", ".join(m.name for m in municipalities),
            a.participants,
            a.description,
            a.lessons,
            " ".join(sorted(i.code for i in a.indicators.all())),
            a.shared,
            str(a.created_by) if a.created_by else "",
        ]


def write_csv(activities: Iterable[SupportActivity], areas: dict[str, str]) -> bytes:
    """UTF-8 with a byte order mark and `;` between cells, as Swedish Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_header())
    writer.writerows([csv_cell(cell) for cell in row] for row in csv_rows(activities, areas))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_csv(*, county: County, by, filters: Filters = Filters()) -> bytes:
    """The county's (filtered) log as CSV; the export of internal data is audited."""
    _require_keeper(by, county.pk)
    activities = list(county_activities(county, filters))
    areas = dict(area_choices(newest_edition()))
    data = write_csv(activities, areas)
    audit.record(
        actor=by,
        action="support.exported",
        target=county,
        rows=len(activities),
        **filters.as_details(),
    )
    return data
