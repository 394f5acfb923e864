# Versus: every target does its own set-up on a fresh machine.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install run test test-sqlite test-postgres lock check lint clean audit bench faults

install: $(VENV)/.installed

# The venv is rebuilt from the hash-locked requirements whenever the lock changes.
$(VENV)/.installed: requirements.lock
	@python=$$(scripts/find-python) && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_catalog
	PORT=$(PORT) DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on SQLite, then again on a throwaway PostgreSQL where its binaries are installed
# (the browser tests, which run their own server on SQLite, run once, in the first pass).
# VERSUS_REQUIRE_POSTGRES=1 (set by .ci/run) turns a missing PostgreSQL into a failure.
test: install test-sqlite test-postgres

test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

# The PostgreSQL pass also runs with Redis as the cache (CACHE_URL from scripts/with-redis) where
# redis-server is installed, as production does; exit code 97 means a service is not installed.
test-postgres: install
	@if command -v redis-server >/dev/null; then redis=scripts/with-redis; expect=redis; \
	elif [ -n "$$VERSUS_REQUIRE_REDIS" ]; then echo "redis-server is required but not installed" >&2; exit 1; \
	else redis=; expect=; echo "redis-server not installed: the PostgreSQL run uses the local-memory cache"; fi; \
	scripts/with-postgres $$redis env VERSUS_EXPECT_DB=postgresql VERSUS_EXPECT_CACHE=$$expect $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc = 97 ]; then \
	  if [ -n "$$VERSUS_REQUIRE_POSTGRES" ]; then echo "PostgreSQL is required but not installed" >&2; exit 1; fi; \
	  echo "PostgreSQL binaries not installed: skipped the PostgreSQL run"; \
	else exit $$rc; fi

# Outside tools against the demo site: broken links, Lighthouse, the Nu HTML checker, JSON-LD.
audit: install
	$(PY) bench/audit.py

# Load benchmark: synthetic catalog on a throwaway PostgreSQL + Redis, gunicorn, wrk; writes bench/RESULTS.md.
bench: install
	bench/run.sh --write $(BENCH_ARGS)

# Load and failure drills (PostgreSQL restart, a worker killed, Redis stopped, backup and restore).
faults: install
	bench/faults.sh

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Style (ruff, rules in pyproject.toml) and the import contracts (import-linter): catalog never imports
# comparisons, comparisons.content never imports HTTP, the cache, views or parts; config > comparisons > catalog.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Regenerate the hash-locked requirements from pyproject.toml (needs pip-tools).
lock:
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --extra test --strip-extras --allow-unsafe \
	  -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache db.sqlite3 staticfiles
