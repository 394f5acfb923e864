"""The two-level cache: a bounded per-process LRU in front of the shared cache (Redis), for the parts of
pages (parts.py) and the pages themselves (caching.py). Keys carry revisions, so an entry is never stale,
only unused."""

import functools
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

# Old keys are never deleted: they are simply not asked for again and expire (or are evicted first).
PART_TIMEOUT = 60 * 60 * 24


class LRU:
    """A bounded, thread-safe, least-recently-used map, in this process only."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.entries: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict:
        found = {}
        with self.lock:
            for key in keys:
                if key in self.entries:
                    self.entries.move_to_end(key)
                    found[key] = self.entries[key]
        return found

    def get(self, key: str):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        return None

    def update(self, values: dict) -> None:
        with self.lock:
            self.entries.update(values)
            for key in values:
                self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def cache_is_shared() -> bool:
    """Whether the default cache is shared by every worker (Redis), rather than each process's own memory
    (the embedded default's local-memory cache, where keeping a copy of what the process holds anyway
    would only cost pickling it)."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


class LocalFirst:
    """A bounded per-process LRU in front of the shared cache (skipped when that is local memory already).

    Safe because keys carry revisions: an entry is never stale, only unused."""

    def __init__(self, max_entries: int = 4000):
        self.local = LRU(max_entries)

    @functools.cached_property
    def enabled(self) -> bool:
        # Settings do not change while a process runs; reading them costs on every page view.
        return cache_is_shared()

    def get_many(self, keys: list[str]) -> dict:
        found = self.local.get_many(keys) if self.enabled else {}
        missing = [k for k in keys if k not in found]
        if missing:
            shared = cache.get_many(missing)
            self._remember(shared)
            found.update(shared)
        return found

    def get(self, key: str):
        if self.enabled and (value := self.local.get(key)) is not None:
            return value
        value = cache.get(key)
        if value is not None:
            self._remember({key: value})
        return value

    def set_many(self, values: dict, timeout: int = PART_TIMEOUT) -> None:
        if values:
            cache.set_many(values, timeout)
            self._remember(values)

    def set(self, key: str, value, timeout: int = PART_TIMEOUT) -> None:
        cache.set(key, value, timeout)
        self._remember({key: value})

    def _remember(self, values: dict) -> None:
        if self.enabled and values:
            self.local.update(values)

    def clear(self) -> None:
        self.local.clear()


# Per-model parts of pages (parts.py).
local_first = LocalFirst()
# Whole pages are larger (15-60 KB): fewer of them per process.
local_pages = LocalFirst(max_entries=400)
