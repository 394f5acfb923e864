"""Admin sign-in that brute force cannot turn against editors.

Failed sign-ins are limited three ways (settings.RATE_LIMITS, README "Configuration"):

- **a username from one address** (`login`, 5 in 15 minutes): django-axes locks that pair only, so a
  guesser is stopped while the editor, at their own address, signs in as usual;
- **an address, whatever the username** (`login_address`, 20 in 15 minutes): slows one address spraying
  many usernames;
- **a username from every address** (`login_username`, 100 an hour): slows an attacker with many
  addresses. It never applies at an address where that editor signed in before (axes' access log), so
  nobody else's failures can refuse an editor there.

Each refusal is a 429 with Retry-After. The address is `comparisons.throttle.client_ip` (the configured
proxy header, never a value a client can forge), checked to be an IP address before axes stores it. Axes
keeps its lockouts in the database (a sign-in is a write anyway); the other two are fixed-window
counters in the rate-limit cache (comparisons/throttle.py).
"""

import datetime
import ipaddress
import math

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from comparisons.throttle import client_ip, hit, peek, too_many


def client_address(request) -> str:
    """The client's IP address for axes (whose column is an IP address type on PostgreSQL)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def failure_limit(request, credentials) -> int:
    """Failures of one username from one address before django-axes locks the pair."""
    return settings.RATE_LIMITS["login"][0]


def cool_off(request=None) -> datetime.timedelta:
    """How long a locked pair stays locked after its latest failure."""
    return datetime.timedelta(seconds=settings.RATE_LIMITS["login"][1])


def _username(value) -> str:
    return str(value or "").strip()[:150]


def _waits(request, username: str) -> list[int]:
    """Seconds to wait by each counter a sign-in attempt is checked against: the address's, and the
    username's unless the editor has signed in from this address before."""
    address = client_address(request)
    waits = [peek("login_address", address)]
    if not AccessLog.objects.filter(username=username, ip_address=address).exists():
        waits.append(peek("login_username", username.lower()))
    return waits


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        hit("login_address", client_address(request))
        hit("login_username", _username(credentials.get("username")).lower())


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout of this (username, address) pair, as a 429 that says when to try again."""
    username = _username((credentials or {}).get("username") or request.POST.get("username"))
    latest = (
        AccessAttempt.objects.filter(username=username, ip_address=client_address(request))
        .order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    )
    wait = cool_off().total_seconds()
    if latest is not None:
        wait = (latest + cool_off() - timezone.now()).total_seconds()
    return too_many(request, max(1, math.ceil(wait)), "failed sign-ins")


def login(request, extra_context=None):
    if request.method == "POST":
        wait = max(_waits(request, _username(request.POST.get("username"))))
        if wait:
            return too_many(request, wait, "failed sign-ins")
    return admin.site.login(request, extra_context)
