"""Rate limits are per client, not per worker: two gunicorn processes (each with its own local-memory
cache, as two workers have) share the counters, on the embedded default (files beside the database) and
with Redis, and a refusal says how long the window has left."""


from .servers import Gunicorn, RedisServer

PAIR = "/compare/gpt-4o-vs-gpt-4o-mini/"
CALCULATION = PAIR + "?input_tokens=1000&output_tokens=1000"


def shared_limit(cache_url: str | None, db, allowed: int) -> None:
    # A limit no other server of the session uses, so no other test's counts share its counters.
    servers = [Gunicorn(db, cache_url, RATE_LIMIT_CALCULATOR=f"{allowed}/600") for _ in range(2)]
    try:
        assert servers[0].get(PAIR).status == 200  # reading the page is not counted
        # Taking turns: with a counter per process each would allow `allowed`, twice as many in all.
        statuses = [servers[n % 2].get(CALCULATION).status for n in range(allowed + 2)]
        assert statuses == [200] * allowed + [429, 429]
        refused = servers[1].get(CALCULATION)
        assert refused.status == 429 and 0 < int(refused.headers["Retry-After"]) <= 600
    finally:
        for server in servers:
            server.close()


def test_two_workers_share_the_calculator_limit_on_the_embedded_default(shared_db):
    shared_limit(None, shared_db, allowed=4)


def test_two_workers_share_the_calculator_limit_in_redis(shared_db, redis_server):
    shared_limit(redis_server.url, shared_db, allowed=5)


def test_with_redis_down_nobody_is_limited_and_nothing_fails(shared_db, redis_binary):
    redis = RedisServer().start()
    server = Gunicorn(shared_db, redis.url, RATE_LIMIT_CALCULATOR="1/600", RATE_LIMIT_SUGGEST="1/600")
    try:
        redis.stop()
        replies = [server.get(url) for url in [CALCULATION, "/models/suggest/?q=gpt"] * 3]
        assert [reply.status for reply in replies] == [200] * 6
    finally:
        server.close()
        redis.close()
