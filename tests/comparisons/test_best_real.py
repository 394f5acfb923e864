"""/best/ on the real catalog: LiteLLM 1.110.2's whole price file and the bundled models.dev data imported,
then two named workloads' rankings checked against a brute-force computation over every offering in the
database, written here from the methodology page's rules without the site's code (issue 18)."""

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Offering, ProviderKind, Support
from comparisons.content.presets import PRESETS
from tests.catalog.test_real_litellm import REAL
from tests.databases import ON_POSTGRES
from tests.html import ranked, visible_text

pytestmark = [
    # On PostgreSQL the imports commit batch by batch, as `manage.py import_catalog` does in production. In
    # one uncommitted test transaction, the revision triggers' tens of thousands of updates of the same rows
    # would all stay live, and each update would walk every earlier version (minutes). On SQLite a committed
    # import pauses between batches to let other writers in, so there the test transaction is kept.
    pytest.mark.django_db(transaction=ON_POSTGRES),
    pytest.mark.skipif(REAL is None, reason="the LiteLLM 1.110.2 price file is not here"),
]
MILLION = Decimal(1_000_000)


def brute_force(params: dict[str, str]) -> list[tuple[str, Decimal]]:
    """(model name, monthly cost) of every fitting model at its cheapest eligible offering, cheapest first
    (ties by name), from the stored rows alone."""
    requests = int(params["requests"])
    prompt, answer = int(params["input_per_request"]), int(params["output_per_request"])
    tokens_in, tokens_out = requests * prompt, requests * answer
    read = Decimal(params.get("cache_hit", "0")) / 100
    write = Decimal(params.get("cache_write", "0")) / 100
    min_context = int(params.get("min_context", "0"))
    needs = [c for c in params.get("capability", "").split(",") if c]
    today = timezone.localdate()
    best: dict[str, Decimal] = {}
    offerings = Offering.objects.select_related("model", "provider").prefetch_related("tiers").filter(
        model__published=True, model__purpose__in=["chat", "code"], active=True
    )
    for o in offerings:
        m = o.model
        if o.retires_on is not None and o.retires_on <= today:
            continue
        if o.provider.kind != ProviderKind.PAY_AS_YOU_GO or o.input_price is None or o.output_price is None:
            continue
        if o.input_price == 0 and o.output_price == 0 and not o.free_confirmed:
            continue
        if any(getattr(m, c) != Support.YES for c in needs):
            continue
        window = o.context_window or m.context_window
        if min_context and (window or 0) < min_context:
            continue
        if window is not None and window < prompt + answer:  # one request must fit
            continue
        if m.input_modalities and "text" not in m.input_modalities:  # a text workload
            continue
        tiers = sorted((t for t in o.tiers.all() if prompt > t.threshold), key=lambda t: t.threshold)
        tier = tiers[-1] if tiers else None

        def rate(name, tier=tier, o=o):
            value = getattr(tier, name) if tier is not None else None
            return getattr(o, name) if value is None else value

        price_in, price_out = rate("input_price"), rate("output_price")
        cached = rate("cached_input_price")
        written = rate("cache_write_price")
        cost = (
            tokens_in * (1 - read - write) * price_in
            + tokens_in * read * (cached if cached is not None else price_in)
            + tokens_in * write * (written if written is not None else price_in)
            + tokens_out * price_out
        ) / MILLION + (o.request_price or 0) * requests
        if m.name not in best or cost < best[m.name]:
            best[m.name] = cost
    return sorted(best.items(), key=lambda kv: (kv[1], kv[0].lower()))


def cents(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


@pytest.fixture
def real_catalog():
    for args in (("litellm", str(REAL)), ("modelsdev",)):
        call_command("import_catalog", *args, stdout=io.StringIO(), stderr=io.StringIO())
    cache.clear()


def test_the_presets_rankings_on_the_real_catalog_are_the_brute_force_ones(client, real_catalog):
    for slug in ("chatbot", "agentic-coding"):  # one import (a minute) for both
        params = PRESETS[slug].params
        expected = brute_force(params)
        assert len(expected) > 30  # the real catalog: hundreds of models fit the chatbot
        html = client.get(f"/best/{slug}/").content.decode()
        shown = ranked(html)
        assert shown == [(name, cents(cost)) for name, cost in expected[:25]], slug
        text = visible_text(html)
        assert f"{len(expected):,} models fit, cheapest first" in text
        assert "$0.00" not in [cost for _, cost in shown]  # no free tier or unconfirmed $0 ranked
        # The page's first answer names the cheapest, as computed here.
        assert f"{expected[0][0]} at " in text.split("What is the cheapest model for", 1)[1]
