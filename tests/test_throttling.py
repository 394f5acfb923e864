"""Rate limits per client (search and calculator) and admin sign-in lockout, shared by all workers."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from comparisons.throttle import forget_local_counts, usage
from tests.factories import make_model

pytestmark = pytest.mark.django_db


def expire_windows() -> None:
    """Time passes: every rate-limit window ends (its counters expire from the rate-limit cache), and every
    django-axes lockout with it."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=1))
    caches[settings.RATE_LIMIT_CACHE].clear()
    forget_local_counts()


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {
        "suggest": (3, 60), "calculator": (2, 60),
        "login": (3, 900), "login_address": (8, 900), "login_username": (12, 3600),
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many sign-ins, fast
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
    # the cache is Redis, else in files beside the database (settings.RATE_LIMIT_CACHE).
    assert client.get(url, {"q": "llama"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert [usage("suggest", ip, increment=False)[0] for ip in ("127.0.0.1", "10.0.0.2")] == [4, 1]


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


def test_a_changed_limit_counts_afresh(client, limits):
    """Servers of two configurations share one cache (a redeploy that raises a limit, or CI's e2e servers):
    each limit has counters of its own, so a client refused under one is not refused under another."""
    make_model("Alpha"), make_model("Beta")
    url, calculation = "/compare/alpha-vs-beta/", {"input_tokens": "5", "output_tokens": "5"}
    assert [client.get(url, calculation).status_code for _ in range(3)] == [200, 200, 429]
    limits.RATE_LIMITS = {**limits.RATE_LIMITS, "calculator": (3, 60)}
    assert [client.get(url, calculation).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_one_worker_counts_exactly_and_settles_with_the_shared_counter_in_batches(client, limits):
    """A generous limit: the worker settles with the shared counter after a sixteenth of what is left (10,
    then 9, 8, ..., then every request for the last 32), not on every request; still, the 161st request of
    the window is refused, not the 162nd."""
    limits.RATE_LIMITS = {**limits.RATE_LIMITS, "suggest": (160, 60)}
    url = reverse("comparisons:suggest_models")
    shared = []
    for _ in range(160):
        assert client.get(url, {"q": "llama"}).status_code == 200
        shared.append(usage("suggest", "127.0.0.1", increment=False)[0])
    assert shared[:12] == [0] * 9 + [10, 10, 10]  # the first batch: 10 requests
    assert len(set(shared)) <= 64  # settled 61 times, not 160
    assert shared[-1] >= 160 - 1  # near the limit, every request
    refused = client.get(url, {"q": "llama"})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60


def test_a_client_spread_over_workers_gets_past_the_limit_by_at_most_a_batch_each(client, limits):
    """Another worker (this process after forgetting what it counted, as a fresh process knows nothing)
    has counted a batch of its own before it learns what the first one settled."""
    limits.RATE_LIMITS = {**limits.RATE_LIMITS, "suggest": (64, 60)}
    url = reverse("comparisons:suggest_models")
    for _ in range(60):
        assert client.get(url, {"q": "llama"}).status_code == 200
    forget_local_counts()  # the client's next requests reach another worker
    statuses = [client.get(url, {"q": "llama"}).status_code for _ in range(10)]
    admitted = statuses.count(200)
    assert statuses == [200] * admitted + [429] * (10 - admitted)
    assert 4 <= admitted <= 4 + 64 // 16  # the 4 left, and at most one batch (64 / 16) more


def test_when_the_window_ends_the_client_is_admitted_again(client, limits, rate_limit_clock):
    url = reverse("comparisons:suggest_models")
    assert [client.get(url, {"q": "llama"}).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get(url, {"q": "llama"})
    rate_limit_clock.advance(int(refused["Retry-After"]) - 1)  # a second before the window ends
    assert client.get(url, {"q": "llama"}).status_code == 429
    rate_limit_clock.advance(1)
    assert [client.get(url, {"q": "llama"}).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_counts_not_yet_settled_are_settled_within_a_second(client, limits, monkeypatch):
    from comparisons import throttle

    limits.RATE_LIMITS = {**limits.RATE_LIMITS, "suggest": (1000, 60)}
    url = reverse("comparisons:suggest_models")
    for _ in range(5):
        client.get(url, {"q": "llama"})
    assert usage("suggest", "127.0.0.1", increment=False)[0] == 0  # a batch is 62 here
    monkeypatch.setattr(throttle, "SETTLE_SECONDS", 0.0)  # a second later
    client.get(url, {"q": "llama"})
    assert usage("suggest", "127.0.0.1", increment=False)[0] == 6


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


PASSWORD = "correct horse battery staple"
EDITOR, ATTACKER = "10.0.0.1", "203.0.113.66"


def sign_in(client, password, address, username="editor"):
    credentials = {"username": username, "password": password}
    return client.post(reverse("admin:login"), credentials, REMOTE_ADDR=address)


@pytest.fixture
def editor(limits, client):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    assert sign_in(client, PASSWORD, EDITOR).status_code == 302  # the editor's own address, now known
    client.logout()


def test_a_guesser_is_locked_out_but_not_the_editor_at_their_own_address(client, editor):
    for _ in range(2):
        assert sign_in(client, "wrong", ATTACKER).status_code == 200  # the form again, with its error
    locked = sign_in(client, "wrong", ATTACKER)  # the third failure locks the pair
    assert locked.status_code == 429
    assert sign_in(client, PASSWORD, ATTACKER).status_code == 429  # even with the right password
    assert 0 < int(locked["Retry-After"]) <= 900
    assert "too many failed sign-ins" in locked.content.decode()
    # A forged X-Forwarded-For does not pick a new address.
    assert sign_in(client, "x", ATTACKER).status_code == 429
    assert client.post(reverse("admin:login"), {"username": "editor", "password": "x"}, REMOTE_ADDR=ATTACKER,
                       HTTP_X_FORWARDED_FOR="5.5.5.5").status_code == 429
    # The editor, from their own address, is never refused by someone else's failures.
    assert sign_in(client, PASSWORD, EDITOR).status_code == 302
    # The lockout ends with its window.
    client.logout()
    expire_windows()
    assert sign_in(client, PASSWORD, ATTACKER).status_code == 302


def test_an_attacker_retrying_at_every_retry_after_never_locks_the_editor_out(client, editor):
    """The drill of issue 13: 20 windows of guessing, the editor signs in after each one."""
    refused = 0
    for _ in range(20):
        while sign_in(client, "guess", ATTACKER).status_code != 429:
            pass
        response = sign_in(client, PASSWORD, EDITOR)
        refused += response.status_code != 302
        client.logout()
        expire_windows()  # the attacker waits out Retry-After
    assert refused == 0


def test_many_addresses_slow_the_username_but_not_the_editor_where_they_signed_in_before(client, editor):
    for n in range(12):  # one guess from each of many addresses: no pair and no address reaches its limit
        assert sign_in(client, "guess", f"198.51.100.{n}").status_code == 200
    # The username is now slowed from any new address...
    assert sign_in(client, PASSWORD, "198.51.100.200").status_code == 429
    # ...but not where the editor signed in before.
    assert sign_in(client, PASSWORD, EDITOR).status_code == 302


def test_an_address_spraying_usernames_is_slowed(client, limits):
    for n in range(8):
        assert sign_in(client, "guess", ATTACKER, username=f"user{n}").status_code == 200
    response = sign_in(client, "guess", ATTACKER, username="someone-else")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # Another address is not affected.
    assert sign_in(client, "guess", "192.0.2.7", username="someone-else").status_code == 200


def test_a_client_address_that_is_not_an_ip_is_stored_as_the_connection_address(client, limits):
    limits.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"},
                           HTTP_X_FORWARDED_FOR="not-an-address")
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]
