import functools
import gzip
import random

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import include, path

from catalog.models import FactsRevision

from . import login


def autocomplete(request):
    """The admin's autocomplete, except that a page number that is not one (page=abc, 1e3, 99999) is an
    empty list, as the widget expects, rather than a 404."""
    try:
        return admin.site.autocomplete_view(request)
    except Http404:
        return JsonResponse({"results": [], "pagination": {"more": False}})


urlpatterns = [
    # Before the admin's own URLs: the same sign-in, throttled; the same autocomplete, nonsense answered.
    path("admin/login/", login.login, name="admin_login_throttled"),
    path("admin/autocomplete/", admin.site.admin_view(autocomplete), name="admin_autocomplete"),
    path("admin/", admin.site.urls),
    path("", include("comparisons.urls")),
]

# A database still locked after SQLite's busy timeout is a 503 with Retry-After wherever it is raised.
handler500 = "config.middleware.server_error"


def floor(request):
    """The benchmark's floor: the least a response can cost through the whole middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


def floor_with_revision(request):
    """The floor plus the revision lookup every page view makes (memoized per worker,
    catalog/revisions.py): what a page served from the cache can at best cost."""
    FactsRevision.objects.lookup(scopes=(FactsRevision.CATALOG,))
    return HttpResponse("ok", content_type="text/plain")


@functools.lru_cache(maxsize=4)
def _gzipped_noise(size: int) -> bytes:
    """A gzip stream of about `size` bytes (random content does not compress), the same every time."""
    return gzip.compress(random.Random(size).randbytes(max(0, size - 30)), compresslevel=1, mtime=0)


def floor_with_bytes(request, size: int):
    """The floor with a body of `size` bytes, sent as a cached page is (gzip, stored bytes as they are):
    what sending a page that large costs the worker, the kernel and the load generator on this host."""
    if size > 8_000_000:
        raise Http404("at most 8 MB")
    response = HttpResponse(_gzipped_noise(size), content_type="application/json")
    response.headers["Content-Encoding"] = "gzip"
    return response


if settings.BENCHMARK_FLOOR:
    urlpatterns[:0] = [
        path("-/floor", floor),
        path("-/floor-revision", floor_with_revision),
        path("-/floor-bytes/<int:size>", floor_with_bytes),
    ]
