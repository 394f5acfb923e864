"""Admin sign-in with brute-force protection: after repeated failures from one address or for one
username, sign-in answers 429 with Retry-After until the window expires."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from comparisons.throttle import Limit, clear, client_ip, hit, peek, too_many


def _limit() -> Limit:
    return Limit(*settings.RATE_LIMITS["login"])


def _keys(request, username: str) -> list[str]:
    return [f"login-ip:{client_ip(request)}", f"login-user:{(username or '').strip().lower()[:150]}"]


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        for key in _keys(request, credentials.get("username", "")):
            hit(key, _limit())


def login(request, extra_context=None):
    if request.method == "POST":
        keys = _keys(request, request.POST.get("username", ""))
        wait = max(peek(key, _limit()) for key in keys)
        if wait:
            return too_many(request, wait, "failed sign-ins")
        response = admin.site.login(request, extra_context)
        if response.status_code == 302:
            clear(keys[1])
        return response
    return admin.site.login(request, extra_context)
