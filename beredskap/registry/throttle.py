"""Counts that every worker and server shares: API rate limits and sign-in throttling.

A limit kept in one process's memory is no limit behind gunicorn's four workers or two
app servers: each would let a client have its own allowance. So counts live in the
`counters` cache (settings.py): Redis when `REDIS_URL` is set, otherwise the database
cache table `beredskap_counters` (made by migration registry 0004). Counting is a fixed
window per key: in Redis `cache.add` opens the window and `cache.incr` counts, atomically;
in the database cache table one upsert statement counts (`_count_in_table`: `add` and
`incr` there took a dozen queries and could count two requests of the same instant once).

The client's address is ninja's (`API_NUM_PROXIES` hops back in `X-Forwarded-For`), the
same for the API and the sign-in page.
"""

import datetime
import math
import time

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from ninja.throttling import BaseThrottle

ALIAS = "counters"


def counters():
    return caches[ALIAS]


def client_address(request: HttpRequest) -> str:
    """The client's address as the API's rate limits see it (proxies: API_NUM_PROXIES)."""
    return BaseThrottle().get_ident(request) or ""


def _window_key(key: str, window: int) -> str:
    return f"{key}:{window}:n"


def count(key: str, period: int) -> tuple[int, float]:
    """Count one event under `key` in the current window of `period` seconds: the count so
    far in this window and the seconds until it closes."""
    now = time.time()
    window = math.floor(now / period)
    cache_key = _window_key(key, window)
    cache = counters()
    if isinstance(cache, DatabaseCache):
        total = _count_in_table(cache, cache_key, (window + 1) * period)
        return total, (window + 1) * period - now
    cache.add(cache_key, 0, period)
    try:
        total = cache.incr(cache_key)
    except ValueError:  # the window closed between add and incr
        cache.add(cache_key, 1, period)
        total = 1
    return total, (window + 1) * period - now


def _count_in_table(cache: DatabaseCache, cache_key: str, closes: float) -> int:
    """Count in the database cache table in one statement (an upsert returning the count),
    where `add` and `incr` would take a dozen (issue 14: an API request's queries). The
    count is a plain integer in `value` under a key of its own (`…:n`) that only this
    function reads; the first count of a window also deletes the expired rows."""
    key = cache.make_and_validate_key(cache_key)
    connection = connections[router.db_for_write(cache.cache_model_class)]
    quote = connection.ops.quote_name
    table, value = quote(cache._table), quote("value")
    expires = datetime.datetime.fromtimestamp(closes, tz=datetime.UTC).replace(microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('cache_key')}, {value}, {quote('expires')}) "
            f"VALUES (%s, '1', %s) ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
            f"{value} = CAST(CAST({table}.{value} AS INTEGER) + 1 AS TEXT) RETURNING {value}",
            [key, connection.ops.adapt_datetimefield_value(expires)],
        )
        total = int(cursor.fetchone()[0])
        if total == 1:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(f"DELETE FROM {table} WHERE {quote('expires')} < %s", [now])
    return total


def hit(key: str, limit: int, period: int) -> tuple[bool, float]:
    """Count one request against `limit` per `period` seconds; (allowed, seconds to wait)."""
    total, remaining = count(key, period)
    return total <= limit, remaining


# --- sign-in -----------------------------------------------------------------------
# Failed sign-ins are counted per username and per client address in windows of
# LOGIN_WINDOW. Reaching a threshold locks that username or address for a while: a short
# lock first (slowed: a minute between tries), then a long one (refused). While locked,
# no password is checked at all, so a right guess after many wrong ones does not sign in.
# An office behind one address has many users, so the address threshold is higher.
LOGIN_WINDOW = 15 * 60
#: (counted by, failures in the window, seconds locked); the longest lock reached applies.
LOGIN_RULES = [
    ("username", 5, 60),
    ("username", 10, 15 * 60),
    ("address", 50, 15 * 60),
]


def _login_keys(username: str, address: str) -> dict[str, str]:
    return {
        "username": f"login:username:{username.strip().casefold()}",
        "address": f"login:address:{address}",
    }


def login_locked(*, username: str, address: str) -> int:
    """Seconds until sign-in is open again for this username from this address; 0: open."""
    keys = _login_keys(username, address).values()
    until = max(counters().get(f"{key}:lock", 0) for key in keys)
    return max(0, math.ceil(until - time.time()))


def login_failed(*, username: str, address: str) -> None:
    """Count a failed sign-in; lock the username or address when a threshold is reached."""
    for scope, key in _login_keys(username, address).items():
        failures, _ = count(key, LOGIN_WINDOW)
        reached = [secs for by, after, secs in LOGIN_RULES if by == scope and failures >= after]
        if reached:
            counters().set(f"{key}:lock", time.time() + max(reached), max(reached))


def login_succeeded(*, username: str) -> None:
    """A right password (while not locked) forgives the username's earlier failures."""
    key = _login_keys(username, "")["username"]
    counters().delete(_window_key(key, math.floor(time.time() / LOGIN_WINDOW)))
