"""`/healthz` for load balancers: 200 when the database and the cache answer, 503 otherwise.

Answered by a middleware near the top of the stack, before anything validates the Host header or redirects
to HTTPS: a load balancer probes each machine by its own address (`Host: 10.0.0.5:8000`), over plain HTTP,
and a 400 or a 301 there would take every machine out of service.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger("versus.health")


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unavailable")
        return False


def _cache() -> bool:
    # A round trip: the resilient Redis backend turns errors into misses, so a failed write reads back None.
    token = uuid.uuid4().hex
    try:
        cache.set("healthz", token, 30)
        return cache.get("healthz") == token
    except Exception:
        logger.exception("health check: cache unavailable")
        return False


@require_safe
def healthz(request):
    checks = {"database": _database(), "cache": _cache()}
    response = JsonResponse(
        {"ok": all(checks.values()), **checks}, status=200 if all(checks.values()) else 503
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.PATH:
            return healthz(request)
        return self.get_response(request)
