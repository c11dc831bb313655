"""Running a service from a learning form: what it refuses lands on the form.

The exercise and the event pages both save through services that raise a
`ValidationError` (bad input, field by field or as a whole) or their `Conflict` (someone
saved first); the form then shows why, and carries the stored stamp so the next save is
judged against what is saved now.
"""

from django.core.exceptions import ValidationError
from django.db import transaction


def apply(form, call, *, conflict: type[Exception], stamp: str):
    """Run `call()` in a transaction and return what it returns, or None when it refused:
    its errors are then on `form`, and on a `conflict` the form's `stamp` field (the
    version or sequence the service checks) is set to the stored one."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    except conflict as exc:
        form.add_error(None, str(exc))
        data = form.data.copy()
        data[stamp] = str(getattr(exc.current, stamp))
        form.data = data
    return None
