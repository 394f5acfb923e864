"""Redis as Django's cache, where an unreachable or hung Redis is a cache miss, never an error page.

Django's RedisCache raises on connection errors and timeouts. Pages are built from the database and
the cache only makes them fast, so this subclass logs the error and answers as if the key were absent
(writes are dropped). After a failure it leaves Redis alone for `RETRY_AFTER` seconds in this process,
so a hung Redis costs one short socket timeout per worker per interval, not one per request; then it
tries again, and the cache refills as pages are requested.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("versus.cache")

ERRORS = (RedisError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object (about 170 response callbacks) for every cache
    operation; one per connection pool is enough (redis.Redis is thread-safe over its pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        options = params.get("OPTIONS", {})
        self.retry_after = float(options.pop("RETRY_AFTER", self.RETRY_AFTER))
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0

    def _call(self, method: str, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except ERRORS as exc:
            self._failed(exc)
            return default

    def _failed(self, exc: Exception) -> None:
        self._down_until = time.monotonic() + self.retry_after
        logger.warning(
            "Redis cache unavailable (%s: %s); serving without it for %.0f s", type(exc).__name__, exc, self.retry_after
        )

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", None, key, delta, version)

    def clear(self):
        return self._call("clear", None)

    def count(self, key, timeout: int, add: int = 1, version=None) -> tuple[int, int] | None:
        """Add `add` to a counter that expires `timeout` s after it was created, and return (count, seconds
        until it expires), in one round trip (rate limits); None when Redis is unavailable."""
        if time.monotonic() < self._down_until:
            return None
        key = self.make_and_validate_key(key, version=version)
        try:
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
            if add:
                pipe.set(key, 0, ex=timeout, nx=True)
                pipe.incrby(key, add)
            else:
                pipe.get(key)
            pipe.ttl(key)
            *_, count, ttl = pipe.execute()
        except ERRORS as exc:
            self._failed(exc)
            return None
        return int(count or 0), max(int(ttl), 0)
