"""The kinds of notification, registered by the apps that raise them.

`notices` is on the ground floor and knows no other app, so it cannot list the workflow
events itself: each app registers its kinds (a code such as "response.returned" and a
label people choose by) when it is loaded, and `notify` refuses a kind nobody
registered, so a typo cannot create notifications no preference can switch off.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    position: int


_KINDS: dict[str, Kind] = {}


def register(code: str, label: str | Promise) -> Kind:
    """Make a kind known (idempotent: an app's module may be imported twice in tests)."""
    kind = _KINDS.get(code) or Kind(code, label, len(_KINDS))
    _KINDS[code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return _KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}; register it first.") from None


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order the apps registered them."""
    return sorted(_KINDS.values(), key=lambda kind: kind.position)
