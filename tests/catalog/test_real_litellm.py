"""The acceptance numbers on the real LiteLLM 1.110.2 price file, when it is present (it is not in the
repository): `pip download --no-deps litellm==1.110.2` and unzip
litellm/model_prices_and_context_window_backup.json, then point VERSUS_LITELLM_JSON at it (or leave it at
/tmp/ll/litellm/...). The whole file is parsed; the two entries of the acceptance examples are imported."""

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers import litellm
from catalog.importers.apply import run_import
from catalog.importers.entries import Parsed
from catalog.models import LanguageModel, Source
from comparisons.content import model_facts
from comparisons.content.calculation import Workload, build_calculation

PATHS = [
    os.environ.get("VERSUS_LITELLM_JSON", ""),
    "/tmp/ll/litellm/model_prices_and_context_window_backup.json",
    "/tmp/h1ll/litellm/model_prices_and_context_window_backup.json",
]
REAL = next((Path(p) for p in PATHS if p and Path(p).is_file()), None)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(REAL is None, reason="the LiteLLM 1.110.2 price file is not here"),
]
D = Decimal


def test_the_real_file_prices_the_acceptance_examples():
    parsed = litellm.parse(json.loads(REAL.read_text(), parse_float=Decimal))
    wanted = {"gemini/gemini-2.5-pro", "claude-sonnet-4-5"}
    run_import(Parsed(entries=[e for e in parsed.entries if e.origin in wanted]), Source.LITELLM, "real")
    models = [model_facts(m) for m in LanguageModel.objects.with_facts()]
    gemini = next(m for m in models if any(o.provider_model_id == "gemini-2.5-pro" for o in m.offerings))
    w = Workload(300_000_000, 1_000_000, requests=1000, prompt_tokens=300_000)
    (_, lines), = build_calculation([gemini], workload=w).tables
    assert [(line.label, line.text) for line in lines] == [("Google AI Studio", "$765.00")]
    (_, lines), = build_calculation([gemini], workload=Workload(**{**w.__dict__, "batch": True})).tables
    assert [line.text for line in lines] == ["$382.50"]
    sonnet = next(m for m in models if any(o.provider_model_id == "claude-sonnet-4-5" for o in m.offerings))
    (o,) = sonnet.offerings
    assert (o.cache_write_price, o.cache_write_1h_price, o.cached_input_price) == (D("3.75"), D(6), D("0.3"))
    assert (o.batch_input_price, o.batch_output_price) == (D("1.5"), D("7.5"))
    # The whole file: every rate within its bound, no row refused for the new fields.
    assert not [r for r in parsed.rejected if "cost" in r[1] or "request" in r[1] or "tier" in r[1]]
