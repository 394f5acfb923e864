"""Cross-cutting HTTP concerns: a request id on every log line, who may cache a response, and a busy
database."""

import contextvars
import logging
import re
import sys
import uuid
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.signals import request_finished
from django.db import OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views import defaults

from catalog.revisions import memo as revision_memo
from comparisons.negotiation import accepts_gzip

# The id of the request being handled in this thread, for the logging filter below.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
busy_logger = logging.getLogger("versus.database")

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
        if request.path.startswith(self.admin_prefix) or response.cookies or self._signed_in(request):
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
        if "\x00" in query or (
            request.method == "POST"
            and any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())
        ):
            return HttpResponseBadRequest(
                "A NUL character is not allowed in a request.", content_type="text/plain"
            )
        return self.get_response(request)


# Seconds a client is asked to wait when the database stayed locked for the whole busy timeout.
DATABASE_BUSY_RETRY_AFTER = 5


def is_database_busy(exception: BaseException | None) -> bool:
    """SQLite's "database is locked" (another writer held the lock past the busy timeout)."""
    return isinstance(exception, OperationalError) and "is locked" in str(exception)


def database_busy(request) -> HttpResponse:
    """503 with Retry-After; no context processors (they would read the database that just failed)."""
    admin = request.path.startswith("/admin/")
    body = render_to_string(
        "503.html",
        {
            "admin": admin,
            "wrote": request.method not in WriteFenceMiddleware.SAFE,
            "retry_after": DATABASE_BUSY_RETRY_AFTER,
        },
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(DATABASE_BUSY_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """A view whose database stayed locked past the busy timeout answers 503 with Retry-After, not a 500.

    The view's transaction was rolled back, so nothing was saved, and the page says so in the admin.
    Last in MIDDLEWARE, so it sees the view's exception first; `server_error` (handler500) covers the
    rest of the stack, such as a session saved on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        busy_logger.warning(
            "database busy past the timeout: %s %s answered 503", request.method, request.path
        )
        return database_busy(request)


def server_error(request):
    """handler500: a locked database anywhere in the stack is a 503 too; anything else Django's 500."""
    if is_database_busy(sys.exc_info()[1]):
        return database_busy(request)
    return defaults.server_error(request)
