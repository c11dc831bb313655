"""The support log as CSV that Swedish Excel opens as it is (the export in `services`).

UTF-8 with a byte order mark and `;` between cells; headers and kinds in the interface
language; a text cell that a spreadsheet would take as a formula gets a leading `'`, so a
logged topic can never run as one on the reader's machine. See docs/support-log.md.
"""

import csv
import datetime
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import SupportActivity

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
