#!/usr/bin/env bash
# `make faults`: load and failure drills (bench/faults.py) on a throwaway PostgreSQL and Redis, which
# this script starts so that the drill can restart and stop them. Writes bench/FAULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "faults: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
exec scripts/with-postgres scripts/with-redis .venv/bin/python bench/faults.py "$@"
