"""The one way to leave an audit trail."""

from typing import Any

from django.db import models

from .models import Event


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    **details: Any,
) -> Event:
    """Append an audit event. `actor` may be a user, anonymous, or None (the system)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        actor=user,
        actor_name=user.get_username() if user else details.pop("actor_name", ""),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        details=details,
    )
