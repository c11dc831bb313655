"""The county boards' support log: every change of a `SupportActivity`, and its CSV export.

A county reviewer logs the support the board gave its municipalities (networks,
exercises, advice, experience exchange, …). Each change is one function here, with
keyword-only arguments and `by=user`: it checks `registry.access`, validates everything
(so the web form, commands and tests keep the same rules), runs in a transaction and
leaves an audit row. An edit carries the `updated_at` it started from: if someone saved
the activity since, it is a `Conflict` and nothing is written. Experience exchange may be
shared with every county board (`shared`); nothing else may. Reads are in `queries`,
the CSV format in `export`; exporting is here because it is audited (the log is internal).

See docs/support-log.md.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap import audit
from beredskap.catalogue.models import Indicator
from beredskap.learning.models import Event
from beredskap.registry import access
from beredskap.registry.models import County, Municipality

from .export import write_csv
from .models import SupportActivity
from .queries import Filters, area_choices, county_activities, newest_edition

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

#: The rule the form checks too (before the services see the values).
ONLY_EXCHANGE_SHARED = gettext_lazy(
    "Only experience exchange can be shared with the other county boards."
)


#: Why an activity logged from a meeting cannot be changed in the log.
FROM_EVENT = gettext_lazy(
    "This activity is a meeting of the events pages: change it there, and the log follows."
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
    if locked.event_id is not None:
        raise PermissionDenied(FROM_EVENT)
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
    if locked.event_id is not None:
        raise PermissionDenied(FROM_EVENT)
    audit.record(
        actor=by,
        action="support.deleted",
        target=locked,
        municipalities=sorted(locked.municipalities.values_list("code", flat=True)),
        participants=locked.participants,
        **_summary(locked),
    )
    locked.delete()


#: The support log's kind for each kind of county meeting.
EVENT_KINDS = {Event.Kind.COUNTY_NETWORK: Kind.NETWORK, Event.Kind.OTHER: Kind.OTHER}


@transaction.atomic
def sync_event_activity(*, event: Event, by) -> SupportActivity | None:
    """Keep a county board's meeting in its support log, as one activity, from the event.

    Called (through `learning.signals.event_changed`, in the event's transaction) on
    every change of the event or its registrations: the activity's date, topic and
    description follow the event, its municipalities are the registered municipalities,
    its participants those who attended (the registered seats until attendance is
    recorded). A cancelled meeting leaves the log. National events are not a county's.
    """
    if event.county_id is None:
        return None
    activity = SupportActivity.objects.select_for_update().filter(event=event).first()
    if event.is_cancelled:
        if activity is not None:
            audit.record(
                actor=by, action="support.deleted", target=activity, event=event.pk,
                **_summary(activity),
            )  # fmt: skip
            activity.delete()
        return None
    registrations = list(event.registrations.select_related("organisation"))
    if any(r.attended is not None for r in registrations):
        participants = sum(r.attended or 0 for r in registrations)
    else:
        participants = event.registrations.aggregate(n=Sum("seats"))["n"] or 0
    municipalities = [
        r.organisation.municipality_id for r in registrations if r.organisation.municipality_id
    ]
    values = {
        "county_id": event.county_id,
        "held_on": timezone.localtime(event.starts_at).date(),
        "kind": EVENT_KINDS.get(event.kind, Kind.OTHER),
        "title": event.title,
        "description": event.agenda,
        "participants": participants,
    }
    created = activity is None
    if created:
        activity = SupportActivity(
            event=event, created_by=by if getattr(by, "is_authenticated", False) else None
        )
    for name, value in values.items():
        setattr(activity, name, value)
    activity.save()
    activity.municipalities.set(
        Municipality.objects.filter(pk__in=municipalities, county_id=event.county_id)
    )
    audit.record(
        actor=by,
        action="support.created" if created else "support.updated",
        target=activity,
        event=event.pk,
        participants=participants,
        **_summary(activity),
    )
    return activity


def export_csv(*, county: County, by, filters: Filters = Filters()) -> bytes:  # noqa: B008 (frozen)
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
