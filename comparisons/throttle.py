"""Rate limits per client: fixed-window counters in a cache every worker shares, never the database.

settings.RATE_LIMIT_CACHE names that cache (config/settings.py): Redis when the site has it, else a file
cache beside the SQLite database. A cache that cannot be reached limits nobody.

Counting is one round trip: our caches (config/cache.py) count and start a window's expiry in one atomic
step (`count`); any other cache gets `add` then `incr`. django-ratelimit, which we used before, made two
Redis round trips of every counted request. Public pages and the API settle their counts in batches
(`client_hit`); sign-in counts every attempt at once.

The client is the address the configured proxy header says (the nth entry from the right of
X-Forwarded-For, where n is the number of proxies we run), never a value a client can forge; without a
configured header, the connection's own address.
"""

import hashlib
import threading
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


def _window(name: str, value: str) -> tuple[str, int, int]:
    """(the counter's key, the time its window ends, now), both times in whole seconds since the epoch.

    Windows are `period` s long, each value's shifted by a hash of it, so that not every client's window
    ends in the same second. The key holds the limit: a changed limit (a redeploy, or servers of another
    configuration sharing the cache) counts afresh rather than reading a count kept against another."""
    hits, period = settings.RATE_LIMITS[name]
    now = int(time.time())
    ends = now + period - (now + zlib.crc32(value.encode())) % period
    digest = hashlib.blake2b(value.encode(), digest_size=12).hexdigest()  # any text, a key of fixed length
    return f"rate:{name}:{hits}/{period}:{ends}:{digest}", ends, now


def usage(name: str, value: str, *, increment: bool) -> tuple[int, int]:
    """(requests counted in the current window of settings.RATE_LIMITS[name] for `value`, seconds until
    that window ends), counting this one if `increment`; (0, 0) when the counter cannot be reached."""
    key, ends, now = _window(name, value)
    counted = _count(key, 1 if increment else 0, ends - now + EXPIRY_MARGIN)
    if counted is None:
        return 0, 0
    return counted, max(1, ends - now)


def hit(name: str, value: str) -> int:
    """Count one request against settings.RATE_LIMITS[name] for `value`, in the shared counter at once;
    seconds to wait, or 0. For sign-in, where every attempt must be counted everywhere."""
    count, seconds_left = usage(name, value, increment=True)
    return seconds_left if count > settings.RATE_LIMITS[name][0] else 0


def peek(name: str, value: str) -> int:
    """Seconds to wait if one more request for `value` would be over the limit (0 if not), counting none."""
    count, seconds_left = usage(name, value, increment=False)
    return seconds_left if count >= settings.RATE_LIMITS[name][0] else 0


# A client's requests to the public pages and the API are counted in this process first and settled with
# the shared counter in batches: after a sixteenth of what the limit had left at the last settling (so
# every request, once fewer than 32 are left), or after SETTLE_SECONDS, whichever comes first. The shared
# counter's round trip was the largest cost of a cached API answer (bench/RESULTS.md). A client can thus
# get past its limit by at most a sixteenth of it per worker (never for limits under 32), and only while
# its requests are spread over several workers; within one worker the count is exact.
BATCH_SHARE = 16
SETTLE_SECONDS = 1.0
MAX_CLIENTS = 10_000  # windows kept per process; ended ones are dropped first
# {key: [count at the last settling, counted here since, monotonic time of the last settling, window end]}
_counts: dict[str, list] = {}
_counts_lock = threading.Lock()


def client_hit(request, name: str) -> int:
    """Count one request of this client against settings.RATE_LIMITS[name] (in batches, as above);
    seconds to wait, or 0."""
    limit = settings.RATE_LIMITS[name][0]
    key, ends, now = _window(name, client_ip(request))
    moment = time.monotonic()
    with _counts_lock:
        counts = _counts.get(key)
        if counts is None:
            if len(_counts) >= MAX_CLIENTS:
                _forget_ended(now)
            counts = _counts[key] = [0, 0, moment, ends]
        counts[1] += 1
        batch = max(1, (limit - counts[0]) // BATCH_SHARE)
        settle = counts[1] >= batch or moment - counts[2] >= SETTLE_SECONDS
        if settle:
            delta, counts[1] = counts[1], 0
        else:
            total = counts[0] + counts[1]
    if settle:
        settled = _count(key, delta, ends - now + EXPIRY_MARGIN)
        if settled is None:  # the counter cannot be reached: it limits nobody
            return 0
        with _counts_lock:
            counts[0], counts[2] = settled, moment
            total = counts[0] + counts[1]
    return max(1, ends - now) if total > limit else 0


def forget_local_counts() -> None:
    """Forget this process's counts (after the shared counters were emptied: between tests)."""
    with _counts_lock:
        _counts.clear()


def _forget_ended(now: int) -> None:
    for key in [key for key, counts in _counts.items() if counts[3] <= now]:
        del _counts[key]
    if len(_counts) >= MAX_CLIENTS:  # that many clients in one window: start afresh (counts not settled
        _counts.clear()  # are lost, at most a batch each)


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
