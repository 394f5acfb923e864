#!/usr/bin/env bash
# `make faults`: load and failure drills (bench/faults.py) on a throwaway PostgreSQL and Redis, which
# this script starts so that the drill can restart and stop them, behind our own nginx instance (Debian's
# nginx, installed when missing; never the system service). Writes bench/FAULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "faults: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "faults: installing nginx" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
fi
# The SQLite import drill imports LiteLLM's real price list, shipped inside the litellm wheel.
cache=bench/.cache
json=$cache/model_prices_and_context_window_backup.json
if [ ! -s "$json" ]; then
  mkdir -p "$cache"
  .venv/bin/python -m pip download --quiet --disable-pip-version-check --no-deps litellm==1.110.2 -d "$cache"
  .venv/bin/python - "$cache" "$json" <<'PY'
import glob, sys, zipfile
wheel = sorted(glob.glob(f"{sys.argv[1]}/litellm-1.110.2-*.whl"))[0]
with zipfile.ZipFile(wheel) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("litellm/model_prices_and_context_window_backup.json"))
PY
fi
exec scripts/with-postgres scripts/with-redis .venv/bin/python bench/faults.py "$@"
