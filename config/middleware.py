"""Cross-cutting HTTP concerns: a request id on every log line, and who may cache a response."""

import contextvars
import logging
import re
import uuid
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.core.signals import request_finished
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

from catalog.revisions import memo as revision_memo
from comparisons.negotiation import accepts_gzip

# The id of the request being handled in this thread, for the logging filter below.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# An incoming X-Request-ID (from a load balancer or CDN) is kept only if it looks like an id: no spaces,
# quotes or control characters that could forge log lines or headers.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


class RequestIdMiddleware:
    """Takes a sane X-Request-ID or makes one, exposes it to logging and echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs "Not Found" and errors after the middleware returns.
        # The request_finished signal clears it once the response is sent.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _clear_request_id(**kwargs) -> None:
    request_id_var.set("-")


request_finished.connect(_clear_request_id, dispatch_uid="versus_clear_request_id")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class CachePolicyMiddleware:
    """Public views mark their pages `public`; this is the last word on who may store a response.

    `private, no-store` for the admin, for anything answered to a signed-in user, and for any response
    that sets a cookie; `private` for htmx requests, so a shared cache never stores what an htmx request
    got under a page's URL. Sits above the session and CSRF middleware so it sees the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(self.admin_prefix)
            or response.cookies
            or self._signed_in(request)
        ):
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        elif request.headers.get("HX-Request") and "public" in response.get("Cache-Control", ""):
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # Only a request with a session cookie can be signed in: checking it for everyone else would
        # read the session and add `Vary: Cookie` to every public page.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class WriteFenceMiddleware:
    """A request that may write (any method but GET, HEAD, OPTIONS) answers only once the database has
    announced the revision its writes made to this worker (catalog/revisions.py): the same commit signals
    every other worker and machine, so the next request anywhere sees the change. Reads pass straight by.
    """

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE:
            return self.get_response(request)
        with revision_memo.fence():
            return self.get_response(request)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's, but a client that refuses gzip (`gzip;q=0`) gets the response uncompressed."""

    def process_response(self, request, response):
        if not accepts_gzip(request):
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)


class RejectNulMiddleware:
    """400 for a NUL character in the query string or a form field: no page takes one, and PostgreSQL
    refuses them in text (a search term with one, passed to a query as the admin's autocomplete does,
    was a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The raw query string, not request.GET: parsing it here would refuse 1,000+ parameters on pages that
        # read none. A form is parsed only when posted.
        query = unquote_plus(request.META.get("QUERY_STRING", ""))
        if "\x00" in query or (request.method == "POST" and any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists()
        )):
            return HttpResponseBadRequest("A NUL character is not allowed in a request.", content_type="text/plain")
        return self.get_response(request)
