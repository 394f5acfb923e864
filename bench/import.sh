#!/usr/bin/env bash
# Import benchmark: LiteLLM's whole price file (from the litellm wheel on PyPI) and models.dev's bundled
# data into an empty throwaway PostgreSQL, each twice; checks pages; writes bench/IMPORT_RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s install
cache=bench/.cache
mkdir -p "$cache"
if [ ! -s "$cache/litellm.json" ]; then
  .venv/bin/python -m pip download --quiet --no-deps --disable-pip-version-check "litellm==1.110.2" -d "$cache/wheel"
  .venv/bin/python - "$cache" <<'PY'
import glob, sys, zipfile
cache = sys.argv[1]
wheel = glob.glob(f"{cache}/wheel/litellm-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(f"{cache}/litellm.json", "wb") as out:
    out.write(z.read("litellm/model_prices_and_context_window_backup.json"))
PY
fi
scripts/with-postgres .venv/bin/python bench/import_bench.py "$PWD/$cache/litellm.json"
