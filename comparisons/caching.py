"""Serving a public page: its cache key, gzip storage (local_cache.py's two-level cache), HTTP headers.

A public view reads the few revisions its page depends on in one small query (catalog.FactsRevision),
builds a key from them, and serves the cached HTML or renders and stores it. Keys change when the data
changes instead of being deleted, so every worker and every machine sees an edit on the next request,
whether the cache is per process (local memory) or shared (Redis). The same key is the page's ETag.

A view says how it is served with decorators: `@cached_page(key_for)` (the key, or None to render
uncached), `@vary_on_htmx` (a URL that answers a page or an htmx fragment).
"""

import datetime
import functools
import gzip
import hashlib
import os
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from catalog.models import FactsRevision

from .local_cache import LRU, local_pages
from .negotiation import accepts_gzip

# What a CDN or browser may reuse without asking: 60 s, and 30 s more while it revalidates in the
# background. The methodology page states the sum as the most a page can lag behind an edit.
MAX_AGE = 60
STALE_WHILE_REVALIDATE = 30
# Old keys are never deleted: they are simply not asked for again and expire (or are evicted first).
PAGE_TIMEOUT = 60 * 60 * 24
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")

_CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".svg", ".json", ".txt"}


def _code_release() -> str:
    """A digest of the code and templates that shape a page: a deploy gets new keys and ETags.

    VERSUS_RELEASE (e.g. a git commit) overrides it; otherwise every machine running the same files
    computes the same value.
    """
    if release := os.environ.get("VERSUS_RELEASE"):
        return release
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in ("templates", "static", "comparisons", "catalog", "config"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


RELEASE = _code_release()


@dataclass(frozen=True)
class Version:
    """What a cached page was built from: its cache key (also its ETag) and when its data last changed."""

    key: str
    last_modified: datetime.datetime | None

    @functools.cached_property
    def etag(self) -> str:
        return f'"{self.key.rsplit(":", 1)[1]}"'

    @functools.cached_property
    def last_modified_header(self) -> str | None:
        return http_date(self.last_modified.timestamp()) if self.last_modified is not None else None


@functools.lru_cache(maxsize=8)
def _midnight(today: datetime.date, zone: datetime.tzinfo) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time()), zone)


def day_started() -> tuple[datetime.date, datetime.datetime]:
    """Today's date and when it began (local time). What a page says can change with the day alone (an
    offering's retirement date passes): keys carry the date, so a page is rebuilt at most once a day."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate(timezone=zone)
    return today, _midnight(today, zone)


def make_version(page: str, parts: Iterable, rows: Iterable[tuple]) -> Version:
    """`rows` are (scope, revision, changed_at) from FactsRevision, or aggregates of them."""
    rows = sorted(rows, key=lambda row: str(row[0]))
    today, midnight = day_started()
    text = repr((RELEASE, today, page, tuple(parts), tuple((scope, revision) for scope, revision, _ in rows)))
    # Last-Modified is at least the day's start: a client asking "modified since yesterday?" gets today's
    # page, not a 304 for a page whose words changed at midnight.
    changed = (*(row[2] for row in rows if row[2] is not None), midnight)
    made_from = (text, changed)
    version = _versions.get(made_from)
    if version is None:
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        version = Version(f"page:{page}:{digest}", max(changed))
        _versions.update({made_from: version})
    return version


@dataclass(frozen=True)
class Revisions:
    """One revision read: (model id or scope, slug or None, revision, changed_at) rows of the published
    models among the slugs asked for and of the catalog-wide scopes."""

    rows: tuple[tuple, ...]

    @functools.cached_property
    def models(self) -> dict[str, tuple[int, int]]:
        """{slug: (model id, revision)} of the published models found."""
        return {slug: (pk, revision) for pk, slug, revision, _ in self.rows if slug is not None}

    @property
    def catalog(self) -> int | None:
        return next(
            (revision for pk, slug, revision, _ in self.rows if slug is None and pk == FactsRevision.CATALOG),
            None,
        )

    def version(
        self, page: str, parts: Iterable, scopes: tuple[int, ...] = (FactsRevision.CATALOG,)
    ) -> Version:
        """A page built from these models and the catalog-wide `scopes`."""
        return make_version(
            page,
            parts,
            [
                (pk, revision, changed)
                for pk, slug, revision, changed in self.rows
                if slug is not None or pk in scopes
            ],
        )


def read_revisions(request: HttpRequest, slugs: list[str]) -> Revisions:
    """The revisions of these models and of the catalog, read once per request: a view's key function and
    the view itself (on a miss) share the one query."""
    memo = request.__dict__.setdefault("revisions_read", {})
    key = tuple(slugs)
    if key not in memo:
        rows = FactsRevision.objects.lookup(
            slugs=slugs, scopes=(FactsRevision.CATALOG, FactsRevision.ANY_CHANGE)
        )
        memo[key] = Revisions(tuple(rows))
    return memo[key]


def version_for_scopes(page: str, parts: Iterable, scopes: tuple[int, ...]) -> Version:
    """A page keyed on catalog-wide rows only (FactsRevision.CATALOG, ANY_CHANGE)."""
    rows = FactsRevision.objects.lookup(scopes=scopes)
    return make_version(page, parts, [(pk, revision, changed) for pk, _, revision, changed in rows])


def version_for_list(page: str, parts: Iterable, model_filter: Q) -> Version:
    """A page that lists many models (directory, hubs): the catalog row and a digest of theirs."""
    s = FactsRevision.objects.summary(model_filter)
    return make_version(
        page, parts, [("catalog", s["catalog"], s["changed_at"]), ("models", (s["models"], s["count"]), None)]
    )


def version_for_all_models(page: str, parts: Iterable = ()) -> Version:
    """For pages that list the whole catalog (directory, sitemaps, suggestions): any change rebuilds them."""
    return version_for_scopes(page, parts, (FactsRevision.CATALOG, FactsRevision.ANY_CHANGE))


def version_for_catalog(page: str, parts: Iterable = ()) -> Version:
    """A page that depends only on what the catalog-wide row covers (home, methodology)."""
    return version_for_scopes(page, parts, (FactsRevision.CATALOG,))


# The versions made lately, by what they were made from (make_version): a page served from the cache again
# and again (a pair, a preset, the API's list) costs no hashing and no date formatting after the first time.
_versions = LRU(max_entries=2000)


# HTTP ----------------------------------------------------------------------------------------------

PUBLIC = f"public, max-age={MAX_AGE}, s-maxage={MAX_AGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"


def mark_public(response: HttpResponse) -> HttpResponse:
    """Cache-Control a CDN can use. The middleware downgrades it for signed-in users and cookies."""
    # Set whole, not patched: the views that call this set no other directive.
    response.headers["Cache-Control"] = PUBLIC
    return response


def _validators(response: HttpResponse, version: Version, gzipped: bool = False) -> HttpResponse:
    # The compressed body is another representation of the same page: a weak validator, as Django's
    # GZipMiddleware makes it (If-None-Match compares weakly, so either form answers 304).
    response.headers["ETag"] = f"W/{version.etag}" if gzipped else version.etag
    if version.last_modified_header is not None:
        response.headers["Last-Modified"] = version.last_modified_header
    patch_vary_headers(response, ("Accept-Encoding",))
    return mark_public(response)


def _compress(content: bytes) -> bytes:
    """gzip at level 3: within 10% of level 6's size for a page, in less than half the time (the pages of the
    long tail are built once and asked for rarely; bench/RESULTS.md). Fixed mtime, as Django's GZipMiddleware:
    the same page gives the same bytes."""
    return gzip.compress(content, compresslevel=3, mtime=0)


# Pages served to clients that do not take gzip (few: browsers, CDNs and search engines do), decompressed
# once per process.
_plain = LRU(max_entries=50)


def _serve(request: HttpRequest, version: Version, render: Callable[[], HttpResponse]) -> HttpResponse:
    """304 when the client has this version, else the cached page, else `render()` (stored when 200).

    Pages are stored gzip-compressed, once: a client that takes gzip gets the stored bytes as they are
    (no compression per request, a fifth of the bytes in the cache); others get them decompressed.
    Only 200 responses are stored or get validators: redirects, 404s and 400s are computed each time.
    `X-Cache: hit|miss` says which it was (for tests, benchmarks and whoever reads the logs).
    """
    meta = request.META
    gzipped = accepts_gzip(request)
    if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
        last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
        not_modified = get_conditional_response(request, etag=version.etag, last_modified=last_modified)
        if not_modified is not None and not_modified.status_code == 304:
            # The validator of the representation this client would get.
            return _validators(not_modified, version, gzipped)
    stored = local_pages.get(version.key)
    # (A value of another shape was stored by another release under the same VERSUS_RELEASE: rebuild.)
    if isinstance(stored, tuple) and len(stored) == 2:
        content_type, compressed = stored
        if gzipped:
            response = HttpResponse(compressed, content_type=content_type)
            response.headers["Content-Encoding"] = "gzip"
        else:
            plain = _plain.get(version.key)
            if plain is None:
                plain = zlib.decompress(compressed, wbits=31)
                _plain.update({version.key: plain})
            response = HttpResponse(plain, content_type=content_type)
        response.headers["X-Cache"] = "hit"
        return _validators(response, version, gzipped)
    response = render()
    if response.status_code != 200 or response.cookies:
        return response
    if hasattr(response, "render"):
        response.render()
    compressed = _compress(response.content)
    local_pages.set(version.key, (response.headers["Content-Type"], compressed), PAGE_TIMEOUT)
    if gzipped:
        response.content = compressed
        response.headers["Content-Encoding"] = "gzip"
    response.headers["X-Cache"] = "miss"
    return _validators(response, version, gzipped)


def cached_page(key_for: Callable[..., Version | None]):
    """Serve the view's page through the cache under `key_for(request, *args, **kwargs)`.

    `key_for` does the page's one revision read (a view needing what it read, such as which models were
    found, gets it again from `read_revisions` without a query). It returns None for what is not cached
    here (a redirect, a 404, an htmx fragment, an unusual query string): the view then answers as it is.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            version = key_for(request, *args, **kwargs)
            if version is None:
                return view(request, *args, **kwargs)
            return _serve(request, version, lambda: view(request, *args, **kwargs))

        return wrapped

    return decorator


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page; history restores (the back button) get the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def vary_on_htmx(view):
    """A URL that answers both a page and an htmx fragment says so to every cache on the way; a fragment
    is never stored by a shared cache under the page's URL (many CDNs ignore Vary on custom headers)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, HTMX_HEADERS)
        if is_fragment(request):
            patch_cache_control(response, private=True)
        return response

    return wrapped
