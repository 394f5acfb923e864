#!/usr/bin/env bash
# `make bench`: the load benchmark. Starts a throwaway PostgreSQL and Redis (scripts/with-*), then
# bench/run.py builds the synthetic catalog, starts gunicorn (2 sync workers) and drives it with wrk.
# Run it when nothing else heavy runs on the machine; the result goes to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
exec scripts/with-postgres scripts/with-redis .venv/bin/python bench/run.py "$@"
