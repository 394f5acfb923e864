"""Scale: the synthetic catalog generator, and fixed query counts on every page type at any size."""

import io
import random
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from catalog.models import (
    BenchmarkScore,
    FactsRevision,
    LanguageModel,
    Offering,
    PairNote,
    Provider,
    Support,
    Vendor,
)
from catalog.slugs import pair_slug
from comparisons.local_cache import local_first, local_pages
from comparisons.parts import PAIR_CANDIDATES, Card, catalog_cards, related_candidates

pytestmark = pytest.mark.django_db

# SQL queries per page: (rendered with every cache empty, served from the page cache). A cached page
# costs one query, the revision lookup. A rendered pair: lookup, the two models with offerings and scores
# (3), their pair notes (1), the catalog's cards (1); a model page adds its price history. The same at
# 30 models and at 330.
# Pages that show offerings read their long-context price tiers too: one query, whatever the catalog's size.
EXPECTED = {
    "pair": (8, 1),  # + when each model's cheapest price last changed (one query for both, in their parts)
    "model": (9, 1),  # its parts hold when its cheapest price last changed, for every pair page it is in
    "directory": (8, 1),  # + the filter form's vendor and provider choices
    "vendor": (6, 1),
    "provider": (3, 1),
    "home": (6, 1),  # + the vendor and provider hub lists
    "methodology": (1, 1),
}


def generate(models: int, providers: int, seed: int) -> None:
    call_command(
        "generate_synthetic_catalog", models=models, providers=providers, seed=seed, stdout=io.StringIO()
    )


def busiest_urls() -> dict[str, str]:
    """The heaviest page of each kind: the most widely offered models, the biggest vendor and provider."""
    top = list(
        LanguageModel.objects.published()
        .annotate(n=Count("offerings"))
        .order_by("-n", "pk")
        .exclude(pk__in=PairNote.objects.values("model_a"))
        .exclude(pk__in=PairNote.objects.values("model_b"))[:2]
    )
    vendor = Vendor.objects.annotate(n=Count("models", filter=Q(models__published=True))).order_by("-n")[0]
    provider = Provider.objects.annotate(n=Count("offerings")).order_by("-n")[0]
    return {
        "pair": f"/compare/{pair_slug(top[0].slug, top[1].slug)}/",
        "model": top[0].get_absolute_url(),
        "directory": "/models/?page=2" if LanguageModel.objects.published().count() > 50 else "/models/",
        "vendor": vendor.get_absolute_url(),
        "provider": provider.get_absolute_url(),
        "home": "/",
        "methodology": "/methodology/",
    }


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def page_costs(client) -> dict[str, tuple[int, int]]:
    costs = {}
    for page, url in busiest_urls().items():
        cache.clear()
        local_first.clear()  # the per-process layer in front of Redis
        local_pages.clear()
        rendered = queries(client, url)
        costs[page] = (rendered, queries(client, url))
    return costs


def test_synthetic_catalog_is_skewed_gappy_and_tied():
    generate(models=150, providers=15, seed=7)
    assert LanguageModel.objects.count() == 150 and Provider.objects.count() == 15
    per_model = Counter(LanguageModel.objects.annotate(n=Count("offerings")).values_list("n", flat=True))
    assert per_model[0] > 0 and per_model[1] > 150 // 4  # many models at one provider or none
    assert max(per_model) >= 8  # and a few at many
    per_provider = sorted(Provider.objects.annotate(n=Count("offerings")).values_list("n", flat=True))
    assert per_provider[-1] >= 4 * max(per_provider[0], 1)  # popular providers carry most offerings
    assert Offering.objects.filter(input_price__isnull=True).exists()  # unpriced offerings
    assert LanguageModel.objects.filter(parameters_billions__isnull=True).exists()
    assert LanguageModel.objects.filter(vision=Support.UNKNOWN).exists()
    assert LanguageModel.objects.filter(published=False).exists()
    # Ties: the same input price at more than one offering of one model.
    assert Offering.objects.values("model", "input_price").annotate(n=Count("pk")).filter(n__gt=1).exists()
    covered = Counter(BenchmarkScore.objects.values_list("benchmark__slug", flat=True))
    assert len(covered) >= 8 and max(covered.values()) >= 3 * min(covered.values())
    assert PairNote.objects.exists()


def test_same_seed_same_catalog():
    generate(models=40, providers=5, seed=11)
    first = list(LanguageModel.objects.order_by("pk").values_list("name", "purpose", "context_window"))
    LanguageModel.objects.all().delete()
    generate(models=40, providers=5, seed=11)
    second = list(LanguageModel.objects.order_by("pk").values_list("name", "purpose", "context_window"))
    assert [row[1:] for row in first] == [row[1:] for row in second]


def test_every_page_type_keeps_its_query_count_as_the_catalog_grows(client):
    generate(models=30, providers=6, seed=1)
    small = page_costs(client)
    generate(models=300, providers=30, seed=2)
    large = page_costs(client)
    assert small == large == EXPECTED


def brute_force_related(anchors, limit: int = PAIR_CANDIDATES) -> list[tuple[int, str]]:
    """The oracle, from the rows themselves: published models sharing a vendor or a purpose with an anchor
    (the anchors excluded), most widely offered (active offerings) first, then by name."""
    active = Counter(Offering.objects.filter(active=True).values_list("model_id", flat=True))
    vendors, purposes = {a.vendor_id for a in anchors}, {a.purpose for a in anchors}
    found = [
        (active[m.pk], m.name)
        for m in LanguageModel.objects.filter(published=True)
        if (m.vendor_id in vendors or m.purpose in purposes) and m.pk not in {a.pk for a in anchors}
    ]
    return sorted(found, key=lambda row: (-row[0], row[1]))[:limit]


def test_related_candidates_from_the_catalog_cards_match_a_brute_force_ranking():
    """Pages pick "continue comparing" candidates from the cached cards instead of a query per page."""
    generate(models=200, providers=20, seed=5)
    cards = catalog_cards(FactsRevision.objects.get(pk=FactsRevision.CATALOG).revision)
    by_pk = {c.pk: c for c in cards}
    rng = random.Random(5)
    for _ in range(25):
        anchors = [by_pk[pk] for pk in rng.sample(sorted(by_pk), 2)]
        assert [
            (c.offering_count, c.name) for c in related_candidates(anchors, cards)
        ] == brute_force_related(anchors)
        one = brute_force_related(anchors[:1])
        assert [(c.offering_count, c.name) for c in related_candidates(anchors[:1], cards)] == one
    assert isinstance(cards[0], Card)
