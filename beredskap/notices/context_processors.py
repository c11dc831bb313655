"""The header's unread count for a signed-in user: one COUNT query per page.

The count is a function the template calls (once, cached), so partial templates that are
rendered with the request (htmx fragments) and never show the header cost nothing.
"""

import functools

from .models import Notification


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def count() -> int:
        return Notification.objects.filter(recipient=user).unread().count()

    return {"unread_notifications": count}
