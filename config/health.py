"""`/healthz` for load balancers: 200 when the database and the cache answer, 503 otherwise."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

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


@require_GET
def healthz(request):
    checks = {"database": _database(), "cache": _cache()}
    response = JsonResponse({"ok": all(checks.values()), **checks}, status=200 if all(checks.values()) else 503)
    response["Cache-Control"] = "no-store"
    return response
