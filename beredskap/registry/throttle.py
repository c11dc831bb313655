"""Counts that every worker and server shares: API rate limits and sign-in throttling.

A limit kept in one process's memory is no limit behind gunicorn's four workers or two
app servers: each would let a client have its own allowance. So counts live in the
`counters` cache (settings.py): Redis when `REDIS_URL` is set, otherwise the database
cache table `beredskap_counters` (made by migration registry 0004). Counting is a fixed
window per key: `cache.add` opens the window, `cache.incr` counts. In Redis that is
atomic; in the database cache `incr` is a read and a write, so two requests in the same
instant may be counted once: a limit may let a few extra through under a burst, never
refuse early.

The client's address is ninja's (`API_NUM_PROXIES` hops back in `X-Forwarded-For`), the
same for the API and the sign-in page.
"""

import math
import time

from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

ALIAS = "counters"


def counters():
    return caches[ALIAS]


def client_address(request: HttpRequest) -> str:
    """The client's address as the API's rate limits see it (proxies: API_NUM_PROXIES)."""
    return BaseThrottle().get_ident(request) or ""


def hit(key: str, limit: int, period: int) -> tuple[bool, float]:
    """Count one request against `limit` per `period` seconds; (allowed, seconds to wait)."""
    now = time.time()
    window = math.floor(now / period)
    cache_key = f"{key}:{window}"
    cache = counters()
    cache.add(cache_key, 0, period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window closed between add and incr
        cache.add(cache_key, 1, period)
        count = 1
    return count <= limit, (window + 1) * period - now
