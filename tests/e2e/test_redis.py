"""Redis is a cache, not a dependency: stopped or hung, pages are still served (no 5xx, latency bounded
by short socket timeouts), /healthz says 503, and the cache refills when Redis is back."""

import time

import pytest

from .servers import Gunicorn, RedisServer

PAGES = [
    "/",
    "/models/",
    "/models/llama-3-2-1b-instruct/",
    "/compare/llama-3-2-1b-instruct-vs-llama-3-2-3b-instruct/",
    "/vendors/meta/",
    "/providers/together-ai/",
    "/methodology/",
]


@pytest.fixture
def redis(redis_binary):
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture
def server(shared_db, redis):
    # A short back-off so the test sees the cache come back quickly; production waits 5 s.
    instance = Gunicorn(shared_db, redis.url, CACHE_RETRY_AFTER="0.5")
    yield instance
    instance.close()


def test_pages_are_served_with_redis_stopped_and_the_cache_refills_when_it_returns(server, redis, shared_db):
    for url in PAGES:
        assert server.get(url).status == 200
    assert redis.keys() > 0
    assert server.get("/healthz").status == 200

    redis.stop()
    for url in PAGES * 2:
        reply = server.get(url)
        assert reply.status == 200, (url, reply.status)
        assert reply.seconds < 2, (url, reply.seconds)
    health = server.get("/healthz")
    assert health.status == 503 and health.headers["Cache-Control"] == "no-store"

    redis.start()  # same port, empty
    time.sleep(0.6)  # the back-off
    assert redis.keys() == 0
    # Pages rendered from now on go to Redis again (pages rendered while it was down stay in this
    # process's own memory, under the same revision keys, and are still served from there).
    fresh = [f"{PAGES[3]}?input_tokens={n}&output_tokens=1" for n in range(1, 6)]
    for url in fresh:
        reply = server.get(url)
        assert reply.status == 200 and reply.headers["X-Cache"] == "miss"
    assert redis.keys() >= len(fresh)
    assert server.get("/healthz").status == 200
    # Another process with an empty memory finds them in Redis.
    other = Gunicorn(shared_db, redis.url)
    try:
        assert all(other.get(url).headers["X-Cache"] == "hit" for url in fresh)
    finally:
        other.close()


def test_a_hung_redis_costs_one_short_timeout_not_an_error(server, redis):
    url = PAGES[3]
    assert server.get(url).status == 200
    redis.pause()
    try:
        started = time.monotonic()
        replies = [server.get(url, timeout=10) for _ in range(10)]
        elapsed = time.monotonic() - started
        assert [r.status for r in replies] == [200] * 10
        # One socket timeout (0.25 s) trips the back-off; the other requests skip Redis entirely.
        assert elapsed < 3, elapsed
        assert max(r.seconds for r in replies) < 1.5
    finally:
        redis.resume()
