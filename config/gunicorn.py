"""gunicorn configuration: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be overridden by the environment (GUNICORN_* or the usual gunicorn flags).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: page rendering is CPU-bound and the database connection is persistent per worker.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then (a guard against slow leaks), with jitter so they do not all restart at
# once. Rarely: a new worker starts with empty in-process caches
# (comparisons/caching.py, catalog/revisions.py)
# and is slow until they fill. At 50,000 a worker under full load restarted every 20 s and, both within
# seconds of each other, moved the never-seen pair benchmark by a third from round to round.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = max_requests // 2
accesslog = "-"
errorlog = "-"
# The request id the app echoes (config/middleware.py), so access lines join up with the app's logs.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]'

# Behind a load balancer that terminates TLS; trust its forwarded headers only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
