"""Rate limits per client: fixed-window counters in a cache every worker shares, never the database.

settings.RATE_LIMIT_CACHE names that cache (config/settings.py): Redis when the site has it, else a file
cache beside the SQLite database. A cache that cannot be reached limits nobody.

Counting is one round trip: our caches (config/cache.py) count and start a window's expiry in one atomic
step (`count`); any other cache gets `add` then `incr`. django-ratelimit, which we used before, made two
Redis round trips of every counted request, the largest cost of a cached API answer (bench/RESULTS.md).

The client is the address the configured proxy header says (the nth entry from the right of
X-Forwarded-For, where n is the number of proxies we run), never a value a client can forge; without a
configured header, the connection's own address.
"""

import hashlib
import time
import zlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# A counter outlives its window by this much (clocks of workers on other machines differ a little).
EXPIRY_MARGIN = 5


def client_ip(request) -> str:
    header = settings.CLIENT_IP_HEADER
    if header:
        hops = [h.strip() for h in request.META.get(header, "").split(",") if h.strip()]
        # Each trusted proxy appends the address it received from: the client is PROXY_COUNT from the right.
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT][:100]
    return request.META.get("REMOTE_ADDR", "unknown")[:100]


def _count(key: str, delta: int, timeout: int) -> int | None:
    """The counter under `key` after adding `delta` (0: read it), started with `timeout` s to live when
    new; None when the cache cannot be reached."""
    counters = caches[settings.RATE_LIMIT_CACHE]
    if hasattr(counters, "count"):
        return counters.count(key, delta, timeout)
    try:
        counters.add(key, 0, timeout)
        return counters.incr(key, delta) if delta else counters.get(key)
    except ValueError:  # it ended between the two steps
        return None


def usage(name: str, value: str, *, increment: bool) -> tuple[int, int]:
    """(requests counted in the current window of settings.RATE_LIMITS[name] for `value`, seconds until
    that window ends), counting this one if `increment`; (0, 0) when the counter cannot be reached.

    Windows are `period` s long, each value's shifted by a hash of it, so that not every client's window
    ends in the same second. The key holds the limit: a changed limit (a redeploy, or servers of another
    configuration sharing the cache) counts afresh rather than reading a count kept against another."""
    hits, period = settings.RATE_LIMITS[name]
    now = int(time.time())
    ends = now + period - (now + zlib.crc32(value.encode())) % period
    digest = hashlib.blake2b(value.encode(), digest_size=12).hexdigest()  # any text, a key of fixed length
    key = f"rate:{name}:{hits}/{period}:{ends}:{digest}"
    counted = _count(key, 1 if increment else 0, ends - now + EXPIRY_MARGIN)
    if counted is None:
        return 0, 0
    return counted, max(1, ends - now)


def hit(name: str, value: str) -> int:
    """Count one request against settings.RATE_LIMITS[name] for `value`; seconds to wait, or 0."""
    count, seconds_left = usage(name, value, increment=True)
    return seconds_left if count > settings.RATE_LIMITS[name][0] else 0


def peek(name: str, value: str) -> int:
    """Seconds to wait if one more request for `value` would be over the limit (0 if not), counting none."""
    count, seconds_left = usage(name, value, increment=False)
    return seconds_left if count >= settings.RATE_LIMITS[name][0] else 0


def client_hit(request, name: str) -> int:
    """Count one request of this client against settings.RATE_LIMITS[name]; seconds to wait, or 0."""
    return hit(name, client_ip(request))


def too_many(request, retry_after: int, what: str):
    response = render(request, "429.html", {"retry_after": retry_after, "what": what}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


def rate_limited(name: str) -> Callable:
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


def refuse_form(form, request, what: str) -> None:
    """Show a form answered in place with 429 (see limited_in_place) as refused: its field errors as
    usual, and above them how long to wait before `what` again."""
    form.is_valid()
    form.add_error(
        None, f"Too many {what} in a short time: please wait {request.retry_after} seconds and try again."
    )


def limited_in_place(name: str, applies: Callable) -> Callable:
    """Count a request against settings.RATE_LIMITS[name] when `applies(request)`, and let the view answer:
    it reads `request.retry_after` and shows its message in place with status 429; that answer gets
    Retry-After and is never stored."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.retry_after = client_hit(request, name) if applies(request) else 0
            response = view(request, *args, **kwargs)
            if request.retry_after and response.status_code == 429:
                response["Retry-After"] = str(request.retry_after)
                patch_cache_control(response, private=True, no_store=True)
            return response

        return wrapped

    return decorator
