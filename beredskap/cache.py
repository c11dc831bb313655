"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's `RedisCacheClient` makes a new `redis.Redis` for every cache call; building one
fills its table of some 170 response callbacks each time, which cost about a tenth of an
autosave's CPU (three cache reads a request: the session and a user's grants). A client
only holds the pool and that table, and is safe to share between threads, so one per pool
is kept. Selected in settings when REDIS_URL is set.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache` with one client per pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient
