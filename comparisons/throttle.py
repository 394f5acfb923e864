"""Rate limits per client, shared by every worker: in Redis when the cache is Redis, else in the database.

The client is the address the configured proxy header says (the nth entry from the right of
X-Forwarded-For, where n is the number of proxies we run), never a value a client can forge; without a
configured header, the connection's own address.
"""

import datetime
import math
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from .models import Throttle


def client_ip(request) -> str:
    header = settings.CLIENT_IP_HEADER
    if header:
        hops = [h.strip() for h in request.META.get(header, "").split(",") if h.strip()]
        # Each trusted proxy appends the address it received from: the client is PROXY_COUNT from the right.
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT][:100]
    return request.META.get("REMOTE_ADDR", "unknown")[:100]


@dataclass(frozen=True)
class Limit:
    hits: int
    seconds: int


def _shared_cache() -> bool:
    """Whether the default cache is Redis (config.cache.ResilientRedisCache), shared by every worker."""
    return hasattr(caches["default"], "count")


def hit(key: str, limit: Limit) -> int:
    """Count one request; 0 when allowed, else the seconds until the client may try again.

    A window starts at a client's first request and lasts `limit.seconds` (in Redis: a counter created
    with that expiry; else a database row)."""
    if _shared_cache():
        counted = caches["default"].count(f"throttle:{key}", limit.seconds)
        if counted is None:  # Redis is down: do not lock anyone out
            return 0
        count, seconds_left = counted
        return max(1, seconds_left) if count > limit.hits else 0
    now = timezone.now()
    with transaction.atomic():
        row, _ = Throttle.objects.select_for_update().get_or_create(key=key[:200], defaults={"window_start": now})
        if row.window_start <= now - datetime.timedelta(seconds=limit.seconds):
            row.window_start, row.hits = now, 0
        row.hits += 1
        row.save(update_fields=["window_start", "hits"])
    if row.hits > limit.hits:
        return max(1, math.ceil((row.window_start + datetime.timedelta(seconds=limit.seconds) - now).total_seconds()))
    return 0


def client_hit(request, name: str) -> int:
    """Count one request of this client against settings.RATE_LIMITS[name]; seconds to wait, or 0."""
    return hit(f"{name}:{client_ip(request)}", Limit(*settings.RATE_LIMITS[name]))


def peek(key: str, limit: Limit) -> int:
    """Seconds a client must still wait (0 if none), without counting a request."""
    if _shared_cache():
        counted = caches["default"].count(f"throttle:{key}", limit.seconds, add=0)
        if counted is None:
            return 0
        count, seconds_left = counted
        return max(1, seconds_left) if count >= limit.hits else 0
    row = Throttle.objects.filter(key=key[:200]).first()
    now = timezone.now()
    if row is None or row.window_start <= now - datetime.timedelta(seconds=limit.seconds) or row.hits < limit.hits:
        return 0
    return max(1, math.ceil((row.window_start + datetime.timedelta(seconds=limit.seconds) - now).total_seconds()))


def clear(key: str) -> None:
    if _shared_cache():
        cache.delete(f"throttle:{key}")
        return
    Throttle.objects.filter(key=key[:200]).delete()


def too_many(request, retry_after: int, what: str):
    response = render(request, "429.html", {"retry_after": retry_after, "what": what}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


def rate_limited(name: str):
    """Limit a view per client: settings.RATE_LIMITS[name] = (hits, seconds)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = client_hit(request, name)
            if wait:
                return too_many(request, wait, "requests")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
