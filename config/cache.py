"""Caches of our own: Redis where an unreachable Redis is a miss, and a file cache for rate-limit counters.

Redis as Django's cache, where an unreachable or hung Redis is a cache miss, never an error page.

Django's RedisCache raises on connection errors and timeouts. Pages are built from the database and
the cache only makes them fast, so this subclass logs the error and answers as if the key were absent
(writes are dropped). After a failure it leaves Redis alone for `RETRY_AFTER` seconds in this process,
so a hung Redis costs one short socket timeout per worker per interval, not one per request; then it
tries again, and the cache refills as pages are requested.
"""

import fcntl
import logging
import os
import pickle
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("versus.cache")

ERRORS = (RedisError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object (about 170 response callbacks) for every cache
    operation; one per connection pool is enough (redis.Redis is thread-safe over its pool)."""

    # Django's incr asks whether the key exists, then increments it: two round trips. One script does both,
    # and still never creates a key (a counter without its expiry would never end its window).
    INCR_EXISTING = (
        "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end"
    )
    # A rate-limit counter (comparisons/throttle.py) in one round trip: add, and start the window's expiry
    # when the key is new (or has none), atomically.
    COUNT = (
        "local n = redis.call('incrby', KEYS[1], ARGV[1]) "
        "if redis.call('ttl', KEYS[1]) == -1 then redis.call('expire', KEYS[1], ARGV[2]) end "
        "return n"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(self.INCR_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count(self, key, delta: int, timeout: int) -> int:
        client = self.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:  # sent as EVALSHA: the script's text crosses the socket once per connection pool
            script = self._scripts[id(client)] = client.register_script(self.COUNT)
        return script(keys=[key], args=[delta, timeout], client=client)


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
            "Redis cache unavailable (%s: %s); serving without it for %.0f s",
            type(exc).__name__, exc, self.retry_after,
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

    def count(self, key, delta: int, timeout: int) -> int | None:
        """A rate-limit counter after adding `delta` (0: read it), living `timeout` s from its first count;
        None while Redis cannot be reached."""
        if time.monotonic() < self._down_until:
            return None
        try:
            return self._cache.count(self.make_and_validate_key(key), delta, timeout)
        except ERRORS as exc:
            self._failed(exc)
            return None

    def clear(self):
        return self._call("clear", None)


class SharedFileCache(FileBasedCache):
    """Django's file cache, for rate-limit counters on a machine without Redis: every worker reads
    the same directory, and `add` and `incr` hold an exclusive lock on it, so no count is lost between
    workers. `incr` keeps the counter's expiry (Django's resets it to the default timeout, which would end
    a 15-minute sign-in window after 5). A directory that cannot be read or written (full disk, wrong
    owner) is logged and limits nobody, as an unreachable Redis does. The directory must be writable by
    the site only: entries are pickles."""

    CULL_EVERY = 60.0  # seconds; Django lists the whole directory on every write to decide

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_cull = 0.0

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._createdir()
        with open(os.path.join(self._dir, "lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield  # closing the file releases the lock

    def _createdir(self):
        try:
            super()._createdir()
        except OSError:
            pass  # the read or write that follows fails too, and says so

    def _failed(self, exc: OSError) -> None:
        logger.warning("Rate-limit cache %s unavailable (%s: %s)", self._dir, type(exc).__name__, exc)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OSError as exc:
            self._failed(exc)
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with self._locked():
                return super().add(key, value, timeout, version)
        except OSError as exc:
            self._failed(exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return self._incr(key, delta, version)
        except OSError as exc:
            self._failed(exc)
            return None  # an uncounted request: "cannot tell", which limits nobody

    def count(self, key, delta: int, timeout: int) -> int | None:
        """A rate-limit counter after adding `delta` (0: read it), living `timeout` s from its first count;
        None when the directory cannot be used. One lock, one read and (when counting) one write."""
        try:
            with self._locked():
                value, expiry = self._read(key, None)
                if value is None:
                    value, expiry = 0, time.time() + timeout
                if delta:
                    value += delta
                    self.set(key, value, expiry - time.time(), None)
                return value
        except OSError as exc:
            self._failed(exc)
            return None

    def _read(self, key, version) -> tuple[int | None, float | None]:
        """(value, expiry time) of a live entry; (None, None) when absent or expired."""
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                expiry = pickle.load(f)
                value = pickle.loads(zlib.decompress(f.read()))
        except FileNotFoundError:
            return None, None
        if expiry is not None and expiry <= time.time():
            return None, None
        return value, expiry

    def _incr(self, key, delta, version):
        with self._locked():
            value, expiry = self._read(key, version)
            if value is None:
                raise ValueError(f"Key '{key}' not found.")
            value += delta
            self.set(key, value, None if expiry is None else expiry - time.time(), version)
            return value

    def _cull(self):
        # Ended windows go first (Django's cull deletes at random, live counters too), and the directory is
        # listed once a minute per worker, not on every request.
        if time.monotonic() < self._next_cull:
            return
        self._next_cull = time.monotonic() + self.CULL_EVERY
        filelist = self._list_cache_files()
        if len(filelist) < self._max_entries:
            return
        for fname in filelist:
            try:
                with open(fname, "rb") as f:
                    self._is_expired(f)  # deletes the file when it has expired
            except FileNotFoundError:
                pass
        super()._cull()
