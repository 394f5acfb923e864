"""The caches that hold rate-limit counters: an unreachable Redis limits nobody, and the embedded
default's file cache counts every request of every worker and keeps each window's end."""

import multiprocessing
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from config.cache import ResilientRedisCache, SharedFileCache
from tests.factories import make_model

pytestmark = pytest.mark.django_db


def unreachable_redis(settings):
    """A rate-limit cache on a port nothing listens on (connection refused at once)."""
    return override_settings(
        CACHES={**settings.CACHES, "unreachable": {
            "BACKEND": "config.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}}},
        RATE_LIMIT_CACHE="unreachable",
    )


def test_an_unreachable_rate_limit_cache_limits_nobody(client, settings):
    make_model("Alpha"), make_model("Beta")
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS, "suggest": (1, 60), "calculator": (1, 60), "login_address": (1, 900),
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with unreachable_redis(settings):
        for _ in range(3):
            assert client.get(reverse("comparisons:suggest_models"), {"q": "al"}).status_code == 200
            calculation = client.get("/compare/alpha-vs-beta/", {"input_tokens": "5", "output_tokens": "5"})
            assert calculation.status_code == 200
            signed_in = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
            assert signed_in.status_code == 200  # the form again, with its error: not a 429, not a 500


def _count(location: str, times: int) -> None:
    cache = SharedFileCache(location, {})
    for _ in range(times):
        cache.incr("counter")


def test_the_file_cache_loses_no_count_between_processes(tmp_path):
    cache = SharedFileCache(str(tmp_path), {})
    assert cache.add("counter", 0, 60)
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=_count, args=(str(tmp_path), 50)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert cache.get("counter") == 200


def test_the_file_cache_keeps_a_counters_expiry_when_it_counts(tmp_path):
    cache = SharedFileCache(str(tmp_path), {"TIMEOUT": 1})  # Django's incr would reset it to this
    cache.add("counter", 1, 3)
    time.sleep(1.2)
    assert cache.incr("counter") == 2
    assert cache.get("counter") == 2  # still there after the default timeout
    with pytest.raises(ValueError):
        cache.incr("absent")


def test_the_counters_are_in_redis_when_the_site_has_it_else_in_files():
    from django.conf import settings

    if isinstance(caches["default"], ResilientRedisCache):
        assert settings.RATE_LIMIT_CACHE == "default"
    else:
        assert isinstance(caches[settings.RATE_LIMIT_CACHE], SharedFileCache)


def test_a_rate_limit_directory_that_cannot_be_written_limits_nobody(client, settings, tmp_path):
    make_model("Alpha"), make_model("Beta")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "calculator": (1, 60)}
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")  # a file where the directory should be: every read and write fails
    files = {"BACKEND": "config.cache.SharedFileCache", "LOCATION": str(blocked)}
    with override_settings(CACHES={**settings.CACHES, "blocked": files}, RATE_LIMIT_CACHE="blocked"):
        for _ in range(3):
            calculation = client.get("/compare/alpha-vs-beta/", {"input_tokens": "5", "output_tokens": "5"})
            assert calculation.status_code == 200


def test_the_file_cache_counts_a_window_from_its_first_request_and_reads_without_counting(tmp_path):
    cache = SharedFileCache(str(tmp_path), {})
    assert cache.count("window", 0, 2) == 0  # a read starts nothing
    assert [cache.count("window", 1, 2) for _ in range(3)] == [1, 2, 3]
    assert cache.count("window", 0, 2) == 3
    time.sleep(2.1)  # the window ends 2 s after its first count, however often it was counted
    assert cache.count("window", 1, 2) == 1


def test_an_unreachable_redis_counts_nothing_and_says_so(settings):
    with unreachable_redis(settings):
        assert caches["unreachable"].count("window", 1, 60) is None
