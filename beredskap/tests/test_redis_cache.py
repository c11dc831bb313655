"""The Redis cache backend production uses (settings with REDIS_URL): values round-trip
through a real Redis, and one redis-py client serves every call instead of a new one each
(see beredskap/cache.py). Skipped where no Redis listens on 127.0.0.1:6379."""

import socket
import uuid

import pytest

from beredskap.cache import RedisCache


def _redis_listening() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = pytest.mark.skipif(not _redis_listening(), reason="no Redis on 127.0.0.1:6379")


def _cache(prefix: str) -> RedisCache:
    return RedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": prefix})


def test_values_round_trip_and_are_deleted_by_key():
    cache = _cache(uuid.uuid4().hex)
    cache.set("grants", {"respondent": ["0380"]}, 30)
    cache.set_many({"a": 1, "b": "två"}, 30)

    assert cache.get("grants") == {"respondent": ["0380"]}
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": "två"}
    assert cache.incr("a") == 2
    cache.delete("grants")
    assert cache.get("grants", "gone") == "gone"


def test_one_client_serves_every_call():
    cache = _cache(uuid.uuid4().hex)
    client = cache._cache.get_client(write=True)
    cache.set("x", 1, 30)
    cache.get("x")

    assert cache._cache.get_client() is client
    assert cache._cache.get_client("x", write=True) is client
    assert _cache("other")._cache.get_client() is not client  # a cache of its own
