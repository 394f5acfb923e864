"""Versus settings: one module, every difference between environments comes from environment variables.

See .env.example for the variables and README.md for what production sets.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for development; production passes real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The default key is for development and tests only: `check --deploy` flags it (security.W009).
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-versus-development-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

# Canonical links, sitemaps and structured data use this, never the request's Host header.
# Unset, it is the development server's own address, so `make run PORT=8001` links to :8001.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves static files the way whitenoise does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "axes",
    "catalog",
    "comparisons",
]

MIDDLEWARE = [
    # First, so that every log line of the request, from any middleware, carries its id.
    "config.middleware.RequestIdMiddleware",
    # /healthz before host validation and the HTTPS redirect: load balancers probe machines by address.
    "config.health.HealthCheckMiddleware",
    # A write answers once its new data revision has been announced to the workers (PostgreSQL).
    "config.middleware.WriteFenceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed (whitenoise serves static files pre-compressed). BREACH needs a secret in a
    # compressed response that also reflects attacker input: public pages carry no CSRF token or
    # session data, and the admin's CSRF token is masked per response by Django.
    "config.middleware.GZipMiddleware",
    # Above sessions and CSRF, so that it sees every cookie they set: never `public` with a cookie.
    "config.middleware.CachePolicyMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns django-axes' lockout of a (username, address) pair into our 429 (config.login.locked_out).
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the view's exceptions first: a database still locked after the busy timeout
    # (SQLite) answers 503 with Retry-After, and the admin says that nothing was saved.
    "config.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comparisons.context_processors.site",
            ],
        },
    },
]

# SQLite by default so that one command runs the site; production sets DATABASE_URL=postgres://...
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Opening a PostgreSQL connection costs about 8 ms a request: keep connections.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
    # A persistent connection the server or a proxy dropped is found before a request's first query, not
    # by a failing one. A page served from the cache makes no query at all (revisions are memoized,
    # catalog/revisions.py), so the check costs only pages being built.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
    # Server-side parameter binding and prepared statements: PostgreSQL parses and plans a query a
    # worker repeats (the revision lookup runs on every page view) once per connection. Behind a pooler
    # in transaction mode (PgBouncer), set DATABASE_PREPARE_THRESHOLD= (empty) to turn preparing off.
    prepare_threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "server_side_binding": env.bool("DATABASE_SERVER_SIDE_BINDING", default=True),
        "prepare_threshold": int(prepare_threshold) if prepare_threshold else None,
    })
else:
    # SQLite serves while it writes (the embedded default runs several gunicorn workers on one file):
    # - WAL: readers never wait for a writer, nor a writer for readers; synchronous=NORMAL is durable in
    #   WAL mode except for the last commits before a power cut, and makes each commit one write, not two.
    # - IMMEDIATE: a transaction takes the write lock when it begins, so it waits the busy timeout for
    #   another writer instead of failing at once when it upgrades from a read ("database is locked"), and
    #   two admin saves of one stale form are serialised: the second sees the first's commit (a conflict).
    # - timeout: how long a writer waits for the lock (imports commit in small batches: bench/FAULTS.md);
    #   after it, the request answers 503 with Retry-After (config.middleware.DatabaseBusyMiddleware).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", env.float("DATABASE_SQLITE_TIMEOUT", default=5.0))
    # A new connection per request held a cached pair page at 0.28 of robots.txt's rate, about 0.8 with
    # persistent ones (issue 14). The health check is free on SQLite: a file does not drop connections.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)

# Revisions read by page views are memoized per worker (catalog/revisions.py) and forgotten when the
# database says they changed: PostgreSQL announces it (LISTEN/NOTIFY), and the memo is also checked against
# the table this often should the announcements stop; on SQLite each read compares the connection's
# `PRAGMA data_version` first, which is exact, so the number only switches the memo on. 0 reads the
# database on every page view (needed on PostgreSQL behind a pooler in transaction mode, where LISTEN does
# not work).
REVISION_MEMO_CHECK_SECONDS = env.float("REVISION_MEMO_CHECK_SECONDS", default=5.0)

# Local memory by default (per process); production sets CACHE_URL=redis://... shared by every worker.
# Correctness never depends on sharing it: page keys carry the data revision (comparisons/caching.py).
def _cache(url: str) -> dict:
    config = env.cache_url_config(url)
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # Redis errors and timeouts are cache misses (config/cache.py); short timeouts bound the latency a
        # hung Redis adds, and no retries: the database is the fallback, not a second attempt.
        config["BACKEND"] = "config.cache.ResilientRedisCache"
        config.setdefault("OPTIONS", {}).update({
            "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.25),
            "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
            "retry": Retry(NoBackoff(), 0),
            "RETRY_AFTER": env.float("CACHE_RETRY_AFTER", default=5.0),
        })
    elif config["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
        # Counters need an atomic increment across processes (config.cache.SharedFileCache).
        config["BACKEND"] = "config.cache.SharedFileCache"
        config.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
    return config


CACHES = {"default": _cache(env.str("CACHE_URL", default="locmemcache://versus"))}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # Pages are ~30 KB: room for a few thousand of them per process.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic writes here; whitenoise serves from here (env: tests and benchmarks use a temp dir).
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed file names, so whitenoise can serve them with far-future cache headers.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (tests, `make run`), find static files in the source tree.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Simple-history keeps who changed what; the price history on model pages is read from it.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# `make bench` measures every page against a trivial view of the project's own at /-/floor; it exists
# only when this is set.
BENCHMARK_FLOOR = env.bool("VERSUS_BENCHMARK_FLOOR", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the request id (echoed as X-Request-ID; gunicorn's access log prints it too).
    "filters": {"request_id": {"()": "config.middleware.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; its failures and lockouts (WARNING) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Security -------------------------------------------------------------------------------------------
# Behind a TLS-terminating proxy production sets DJANGO_HTTPS=true: redirect to HTTPS, secure cookies,
# HSTS. Off by default so that `make run` and the tests work over plain HTTP on 127.0.0.1.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Trust X-Forwarded-Proto only when a proxy in front sets it (and strips it from clients).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=HTTPS) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (Django's own middleware): scripts only from our origin (htmx is vendored, no
# inline script), no inline styles, no framing, forms post only here. No nonces: pages are cached whole,
# and a nonce baked into cached HTML would not match the next response's header.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Client addresses and rate limits ------------------------------------------------------------------
# Where the client's address comes from. Empty (default): the connection's own address. Behind a
# proxy, the header it sets (e.g. HTTP_X_FORWARDED_FOR) and how many proxies of ours append to it;
# never trust a header no proxy of ours overwrites, or any client could pick its own address.
CLIENT_IP_HEADER = env.str("DJANGO_CLIENT_IP_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)


def _limit(name: str, default: str) -> tuple[int, int]:
    hits, seconds = env.str(name, default=default).split("/")
    return int(hits), int(seconds)


# (requests, seconds) per client; the type-ahead sends a request per pause in typing.
RATE_LIMITS = {
    "suggest": _limit("RATE_LIMIT_SUGGEST", "120/60"),
    "calculator": _limit("RATE_LIMIT_CALCULATOR", "60/60"),
    # The JSON API (/api/v1/...), per client: tools poll it, a page view does not.
    "api": _limit("RATE_LIMIT_API", "120/60"),
    # Failed admin sign-ins before a lockout (config/login.py): per username from one address (django-axes),
    # per address whatever the username (spraying), and per username from every address, high, so that an
    # attacker with many addresses is slowed; never applied where that editor signed in before.
    "login": _limit("RATE_LIMIT_LOGIN", "5/900"),
    "login_address": _limit("RATE_LIMIT_LOGIN_ADDRESS", "20/900"),
    "login_username": _limit("RATE_LIMIT_LOGIN_USERNAME", "100/3600"),
}

# Per-client counters (comparisons/throttle.py) live in a cache every worker shares, never in the database
# (a public GET writes nothing there): RATE_LIMIT_CACHE_URL if set; else the default cache when it is
# Redis; else files beside the SQLite database, or in .ratelimit/<database name> (the embedded default's
# local memory is one per worker).
if env.str("RATE_LIMIT_CACHE_URL", default=""):
    CACHES["ratelimit"] = _cache(env.str("RATE_LIMIT_CACHE_URL"))
elif CACHES["default"]["BACKEND"] != "config.cache.ResilientRedisCache":
    _database = DATABASES["default"]
    _sqlite = _database["ENGINE"] == "django.db.backends.sqlite3" and _database["NAME"] != ":memory:"
    _beside = f"{_database['NAME']}-ratelimit" if _sqlite else BASE_DIR / ".ratelimit" / _database["NAME"]
    CACHES["ratelimit"] = {
        "BACKEND": "config.cache.SharedFileCache",
        "LOCATION": str(_beside),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
RATE_LIMIT_CACHE = "ratelimit" if "ratelimit" in CACHES else "default"

# django-axes locks a (username, address) pair after RATE_LIMITS["login"] failures, in the database every
# worker shares; a successful sign-in clears it and is kept in its access log (the editor's known addresses).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Read from RATE_LIMITS["login"] when asked, so the limit has one home.
AXES_FAILURE_LIMIT = "config.login.failure_limit"
AXES_COOLOFF_TIME = "config.login.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.login.client_address"
AXES_LOCKOUT_CALLABLE = "config.login.locked_out"
AXES_VERBOSE = False
# Lockouts are not edited in the catalog's admin; `manage.py axes_reset_username NAME` lifts one early.
AXES_ENABLE_ADMIN = False
