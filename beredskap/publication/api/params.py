"""What the operations' parameters share: patterns, code lists, cursors and pages.

Pagination is by an opaque cursor (the last row's key, base64 JSON) inside the `next` URL,
so a client follows links and never builds one; a cursor the API did not give is a 422.
"""

import base64
import binascii
import json
from typing import Annotated, Literal

from django.http import HttpRequest
from pydantic import StringConstraints

from .base import ApiError

MAX_LIMIT = 1000
YEAR = {"ge": 1900, "le": 2999}
CODE = r"^[A-Za-z0-9_-]{1,30}$"
CODES = r"^[A-Za-z0-9_-]{1,30}(,[A-Za-z0-9_-]{1,30})*$"
LABEL = r"^[0-9]{4}\.[1-9][0-9]{0,3}$"
CURSOR = r"^[A-Za-z0-9_-]{1,200}$"
Level = Literal["municipality", "county", "group", "nation"]
CodeList = list[Annotated[str, StringConstraints(pattern=CODES)]] | None


def split_codes(values: list[str] | None) -> list[str]:
    """Repeated parameters and comma lists alike: `?indicator=A&indicator=B,C`."""
    return sorted({code for value in values or () for code in value.split(",") if code})


def encode_cursor(after) -> str:
    raw = json.dumps({"after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, kind: type):
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        after = json.loads(raw)["after"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        after = None
    valid = type(after) is kind and (
        0 <= after < 2**63 if kind is int else after.isascii() and after.isalnum()
    )
    if not valid:
        raise ApiError(422, "cursor", "Not a cursor this API gave out: follow the `next` URL.")
    return after


def paginate(request: HttpRequest, rows: list, limit: int, key) -> tuple[list, str | None]:
    """The page's rows and the URL of the next page (same parameters, a new cursor)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    params = request.GET.copy()
    params["cursor"] = encode_cursor(key(rows[-1]))
    return rows, request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def check_known(model, field: str, codes: list[str], parameter: str, what: str) -> None:
    """A 422 naming the codes a filter gives that `model` does not have."""
    found = set(model.objects.filter(**{f"{field}__in": codes}).values_list(field, flat=True))
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ApiError(422, parameter, f"Unknown {what}: {', '.join(unknown)}.")
