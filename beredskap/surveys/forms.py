"""Reading one slot's fields from a posted form (plain form post and htmx alike)."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from .validation import Invalid


def raw_value(kind: str, data, key: str) -> Any:
    if kind == "multiple_choice":
        return data.getlist(key)
    if kind == "share":
        return {
            "numerator": data.get(f"{key}-num", ""),
            "denominator": data.get(f"{key}-den", ""),
        }
    return data.get(key, "")


def evidence_date(data, key: str) -> datetime.date | None:
    raw = data.get(f"{key}-date", "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(_("Give the decision date as YYYY-MM-DD.")) from None


def version(data, key: str) -> int:
    try:
        return int(data.get(f"{key}-version", "0"))
    except ValueError:
        return 0


def changed(slot, data) -> bool:
    """Whether the posted fields differ from the saved answer (plain posts save only changes)."""
    answer = slot.answer
    raw = raw_value(slot.question.kind, data, slot.key)
    current = answer.value if answer else None
    if slot.question.kind == "share":
        current = current or {"numerator": "", "denominator": ""}
        posted = {k: str(v).strip() for k, v in raw.items()}
        return posted != {k: str(v) for k, v in current.items()}
    if slot.question.kind == "multiple_choice":
        return sorted(raw) != sorted(current or [])
    if (str(raw).strip() or None) != (None if current is None else str(current)):
        return True
    extras = (
        data.get(f"{slot.key}-comment", "").strip() != (answer.comment if answer else ""),
        data.get(f"{slot.key}-ref", "").strip() != (answer.evidence_reference if answer else ""),
        data.get(f"{slot.key}-date", "").strip()
        != (answer.evidence_date.isoformat() if answer and answer.evidence_date else ""),
    )
    return any(extras) or bool(answer and answer.prefilled and data.get(f"{slot.key}-confirm"))
