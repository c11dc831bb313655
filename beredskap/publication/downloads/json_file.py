"""JSON: the release, its indicators and its values in one document.

Numbers are JSON numbers (an integer when the value is whole) or null, so a client reads
them without parsing text; the `fields` say what each value's key means.
"""

import json
from decimal import Decimal
from typing import Any

from ..models import Release
from .columns import LICENCE, VALUE_COLUMNS
from .loading import ReleaseData


def json_number(number: Decimal | None) -> int | float | None:
    """58.3333 as a float, 3.0000 as the integer 3, None as None."""
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def release_info(release: Release) -> dict[str, Any]:
    return {
        "label": release.label,
        "year": release.round.year,
        "number": release.number,
        "released_at": release.released_at.isoformat(),
        "correction": release.is_correction,
        "notes": release.notes,
        "errata": release.errata,
        "value_count": release.value_count,
        "licence": LICENCE["name"],
        "licence_url": LICENCE["path"],
    }


def plan_shares(release: Release) -> list[dict[str, Any]]:
    """The continuity-plan indicator's self-reported and verified shares per county and for
    the nation (None where fewer than 3 municipalities make the aggregate)."""
    return [
        {
            "level": row.level,
            "unit_code": row.unit_code,
            "municipalities": row.municipalities,
            "self_reported_share": json_number(row.self_reported_share),
            "verified_share": json_number(row.verified_share),
        }
        for row in sorted(
            release.plan_shares.all(), key=lambda r: (r.level != "county", r.unit_code)
        )
    ]


def values_json(data: ReleaseData) -> bytes:
    """The release, its indicators and its values; numbers as JSON numbers or null."""
    numbers = {i for i, column in enumerate(VALUE_COLUMNS) if column.type == "number"}
    names = [column.name for column in VALUE_COLUMNS]
    document = {
        "release": release_info(data.release),
        "fields": [
            {"name": c.name, "type": c.type, "description": str(c.description)}
            for c in VALUE_COLUMNS
        ],
        "indicators": data.indicators,
        "continuity_plans": plan_shares(data.release),
        "values": [
            {
                name: json_number(cell) if i in numbers else cell
                for i, (name, cell) in enumerate(zip(names, row, strict=True))
            }
            for row in data.values
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
