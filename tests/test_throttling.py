"""Rate limits per client (search and calculator) and admin sign-in lockout, shared by all workers."""

import time

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.urls import reverse

from comparisons.models import Throttle
from tests.factories import make_model

pytestmark = pytest.mark.django_db


def expire_windows() -> None:
    """Time passes: every rate-limit window ends (Redis expires its counters; rows get old)."""
    if hasattr(caches["default"], "count"):
        redis = caches["default"]._cache.get_client(write=True)
        for key in redis.scan_iter(match="*throttle:*"):
            redis.pexpire(key, 1)
        time.sleep(0.01)
    else:
        Throttle.objects.update(window_start="2000-01-01T00:00:00Z")


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {"suggest": (3, 60), "calculator": (2, 60), "login": (3, 900)}
    return settings


def test_suggestions_answer_429_with_retry_after(client, limits):
    url = reverse("comparisons:suggest_models")
    for _ in range(3):
        assert client.get(url, {"q": "llama"}).status_code == 200
    response = client.get(url, {"q": "llama"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "You have sent too many requests in a short time" in response.content.decode()
    # Another client is not affected; the counters live where every worker shares them: in Redis when
    # the cache is Redis, else in the database.
    assert client.get(url, {"q": "llama"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    if hasattr(caches["default"], "count"):
        assert [cache.get(f"throttle:suggest:{ip}") for ip in ("127.0.0.1", "10.0.0.2")] == [4, 1]
        assert not Throttle.objects.exists()
    else:
        assert dict(Throttle.objects.values_list("key", "hits")) == {"suggest:127.0.0.1": 4, "suggest:10.0.0.2": 1}


def test_calculator_answers_429_with_a_message(client, limits):
    make_model("Alpha"), make_model("Beta")
    url = "/compare/alpha-vs-beta/"
    for _ in range(2):
        assert client.get(url, {"input_tokens": "5", "output_tokens": "5"}).status_code == 200
    response = client.get(url, {"input_tokens": "5", "output_tokens": "5"})
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many calculations in a short time" in response.content.decode()
    # Reading the page without the calculator is not limited.
    assert client.get(url).status_code == 200


def test_forged_forwarded_for_does_not_pick_a_new_client(client, limits):
    url = reverse("comparisons:suggest_models")
    for n in range(3):
        client.get(url, {"q": "x"}, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    assert client.get(url, {"q": "x"}, HTTP_X_FORWARDED_FOR="9.9.9.9").status_code == 429


def test_behind_a_proxy_the_configured_header_names_the_client(client, limits):
    limits.CLIENT_IP_HEADER, limits.TRUSTED_PROXY_COUNT = "HTTP_X_FORWARDED_FOR", 1
    url = reverse("comparisons:suggest_models")
    for _ in range(3):
        client.get(url, {"q": "x"}, HTTP_X_FORWARDED_FOR="evil, 1.1.1.1")
    # The proxy's own entry (the last) is the client; a forged first entry changes nothing.
    assert client.get(url, {"q": "x"}, HTTP_X_FORWARDED_FOR="forged, 1.1.1.1").status_code == 429
    assert client.get(url, {"q": "x"}, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 200


def test_admin_sign_in_locks_out_after_repeated_failures(client, limits):
    User.objects.create_superuser("admin", "a@example.com", "correct horse battery staple")
    url = reverse("admin:login")
    for _ in range(3):
        response = client.post(url, {"username": "admin", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    locked = client.post(url, {"username": "admin", "password": "correct horse battery staple"})
    assert locked.status_code == 429
    assert 0 < int(locked["Retry-After"]) <= 900
    # A forged X-Forwarded-For does not reset it, and the username is locked from anywhere.
    assert client.post(url, {"username": "admin", "password": "x"}, HTTP_X_FORWARDED_FOR="5.5.5.5").status_code == 429
    assert client.post(url, {"username": "admin", "password": "x"}, REMOTE_ADDR="10.9.9.9").status_code == 429
    # The lockout expires with its window.
    expire_windows()
    assert client.post(url, {"username": "admin", "password": "correct horse battery staple"}).status_code == 302
