"""What is wrong with a library item's fields, for the editor form and the YAML loader alike.

An item is a flat mapping (`FIELDS`); its codes are checked against what is loaded: areas
and indicators of any catalogue edition, målbilder and grundantaganden of any planning
direction. Every problem is reported, keyed by field, so a form or a file shows them all.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils.translation import gettext as _

from beredskap.catalogue.models import Area, Indicator
from beredskap.planning.models import Assumption, TargetState

from .models import DIMENSION_FIELDS, Audience, Kind, Topic

TEXT_FIELDS = ("title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en")
FIELDS = (
    "slug",
    "kind",
    *TEXT_FIELDS,
    "url",
    "publisher",
    "last_reviewed",
    "active",
    "position",
    *DIMENSION_FIELDS,
)
#: Paths under /library/ that a slug may not take.
RESERVED_SLUGS = {"new", "feed", "digest"}
_URL = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Known:
    """The codes an item may name: read once per form or file (four queries)."""

    areas: frozenset[str]
    indicators: frozenset[str]
    target_states: frozenset[str]
    assumptions: frozenset[str]

    @classmethod
    def now(cls) -> "Known":
        return cls(
            frozenset(Area.objects.values_list("code", flat=True).distinct()),
            frozenset(Indicator.objects.values_list("code", flat=True)),
            frozenset(TargetState.objects.values_list("code", flat=True).distinct()),
            frozenset(Assumption.objects.values_list("code", flat=True).distinct()),
        )

    def allowed(self, field: str) -> frozenset[str]:
        fixed = {"topics": Topic.values, "audiences": Audience.values}
        if field in fixed:
            return frozenset(fixed[field])
        return getattr(self, {"area_codes": "areas"}.get(field, field))


def problems(data: dict, known: Known) -> dict[str, list[str]]:
    """Every problem of `data` (a mapping with the keys of FIELDS) by field; {} if none."""
    found: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        found.setdefault(field, []).append(message)

    for key in data:
        if key not in FIELDS:
            add(key, "unknown field")
    slug = data.get("slug")
    if not isinstance(slug, str) or not slug:
        add("slug", "required")
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            add("slug", f"{slug!r} is not a slug (letters, digits, - and _)")
        if slug in RESERVED_SLUGS or len(slug) > 50:
            add("slug", _("%(slug)s cannot be used (reserved or too long)") % {"slug": slug})
    if data.get("kind") not in Kind.values:
        add("kind", f"must be one of {', '.join(Kind.values)}")
    for field in TEXT_FIELDS:
        value = data.get(field, "")
        if not isinstance(value, str):
            add(field, "must be text")
        elif field.startswith("title") and not value.strip():
            add(field, "required")
        elif field.startswith("title") and len(value) > 250:
            add(field, "longer than 250 characters")
    _check_address(data, add)
    publisher = data.get("publisher", "")
    if not isinstance(publisher, str) or len(publisher) > 150:
        add("publisher", "must be text of at most 150 characters")
    reviewed = data.get("last_reviewed")
    if reviewed is not None and not isinstance(reviewed, datetime.date):
        add("last_reviewed", "must be a date (YYYY-MM-DD)")
    if not isinstance(data.get("active", True), bool):
        add("active", "must be true or false")
    position = data.get("position", 0)
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position < 32768:
        add("position", "must be a whole number from 0")
    for field in DIMENSION_FIELDS:
        for message in _code_problems(data.get(field, []), known.allowed(field)):
            add(field, message)
    return found


def _check_address(data: dict, add) -> None:
    url = data.get("url", "")
    if url:
        try:
            if not isinstance(url, str) or len(url) > 500:
                raise ValidationError("too long")
            _URL(url)
        except ValidationError:
            add("url", f"{url!r} is not an http(s) address of at most 500 characters")
    elif data.get("kind") == Kind.LINK:
        add("url", _("A link needs an address."))
    if data.get("kind") == Kind.ARTICLE and not (data.get("body_sv") or "").strip():
        add("body_sv", _("An article needs a Swedish text."))


def _code_problems(value, allowed: frozenset[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(c, str) and c for c in value):
        return ["must be a list of codes"]
    found = []
    if len(set(value)) != len(value):
        found.append(_("A code is listed twice."))
    found += [
        _("Unknown code %(code)s.") % {"code": code} for code in value if code not in allowed
    ]
    return found
