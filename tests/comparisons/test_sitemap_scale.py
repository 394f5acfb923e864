"""Sitemaps at the catalog's size: what they list is what the pages decide, and their cost does not grow
with the number of pairs (the times are bench/run.py's: `make bench`, sitemap rows)."""

import datetime
import io
import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import LanguageModel, Offering, ProviderKind
from catalog.slugs import pair_slug
from comparisons import indexing
from comparisons.content import build_comparison, model_facts, summarize
from comparisons.indexing import Catalog
from tests.factories import make_model, make_offering, make_provider

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locs(client, path) -> list[str]:
    return [urlsplit(e.text).path for e in ET.fromstring(client.get(path).content).findall(".//s:loc", NS)]


@pytest.fixture
def synthetic():
    call_command("generate_synthetic_catalog", "--models", "45", "--providers", "8", "--seed", "3",
                 stdout=io.StringIO())


def test_the_sitemaps_list_exactly_the_pairs_whose_pages_are_indexable(client, synthetic):
    facts = [model_facts(m) for m in LanguageModel.objects.published().with_facts()]
    expected = {
        f"/compare/{pair_slug(a.slug, b.slug)}/"
        for a, b in itertools.combinations(facts, 2)
        if build_comparison(a, b).indexable
    }
    assert 50 < len(expected) < len(facts) * (len(facts) - 1) / 2  # some pairs are thin, many are not
    listed = []
    for section in locs(client, "/sitemap.xml"):
        if "comparisons-" in section:
            listed += locs(client, section)
    assert sorted(listed) == sorted(expected)


def test_model_pages_without_a_live_offering_are_left_out_of_the_sitemap(client, synthetic):
    listed = set(locs(client, "/sitemap-models.xml"))
    for m in LanguageModel.objects.published().with_facts():
        assert (m.get_absolute_url() in listed) == model_facts(m).has_live_offering, m.slug


def test_each_sections_lastmod_in_the_index_is_its_latest_url(synthetic):
    catalog = Catalog.load()
    chunks = catalog.chunks(limit=60)
    assert len(chunks) > 5
    for start, stop in chunks:
        pairs = list(catalog.pairs_in_chunk(start, stop))
        assert catalog.latest_in_chunk(start, stop) == max((p[3] for p in pairs), default=None)


def test_after_an_edit_only_the_edited_model_is_read_again(synthetic, monkeypatch):
    Catalog.load()
    read = []
    original = indexing._summaries

    def spy(pks=None):
        read.append(pks)
        return original(pks)

    monkeypatch.setattr(indexing, "_summaries", spy)
    offering = Offering.objects.filter(active=True, model__published=True).first()
    offering.input_price = (offering.input_price or Decimal(0)) + 1
    offering.save()
    catalog = Catalog.load()
    assert read == [[offering.model_id]]
    # And what was read again is the new price.
    me = catalog.models[catalog.position[offering.model.slug]]
    assert me.summary == summarize(model_facts(LanguageModel.objects.with_facts().get(
        pk=offering.model_id)))
    Catalog.load()
    assert read == [[offering.model_id]]  # nothing changed since: nothing read


def test_the_index_costs_the_same_queries_at_any_size(client, settings):
    def queries(models: int) -> int:
        call_command("generate_synthetic_catalog", "--models", str(models), "--providers", "6",
                     "--seed", str(models), stdout=io.StringIO())
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap.xml").status_code == 200
        return len(captured)

    assert queries(10) == queries(40)


@pytest.mark.parametrize("shared", [True, False], ids=["shared cache", "local memory"])
def test_a_new_worker_starts_from_the_summaries_another_one_shared(synthetic, monkeypatch, settings, tmp_path,
                                                                  shared):
    """Through a cache the workers share (Redis, or files), a worker starts from the summaries another one
    built; in local memory nothing is shared, so nothing is stored there either (pickling 10,000 summaries
    for nobody cost 0.2 s of a cold sitemap on the embedded default)."""
    if shared:
        settings.CACHES = {**settings.CACHES, "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    else:
        settings.CACHES = {**settings.CACHES, "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sitemap-test"}}
    monkeypatch.setattr(indexing, "RELOAD_AT_MOST", 5)
    monkeypatch.setattr(indexing, "_known", ("", {}))
    first = Catalog.load()  # a pass over the whole catalog
    read = []
    real = indexing._summaries
    monkeypatch.setattr(indexing, "_summaries", lambda pks=None: read.append(pks) or real(pks))
    monkeypatch.setattr(indexing, "_known", ("", {}))  # another process, which has read nothing yet
    again = Catalog.load()
    assert read == ([] if shared else [None])
    assert [m.summary for m in again.models] == [m.summary for m in first.models]


def test_every_summary_the_sitemaps_read_is_the_one_the_pages_build(synthetic):
    """The sitemaps read a few columns of each model (modalities, prices, capabilities) instead of building
    its facts: for every model, the summary is the one its page's facts give."""
    catalog = Catalog.load()
    pages = {m.slug: summarize(model_facts(m)) for m in LanguageModel.objects.published().with_facts()}
    assert {m.slug: m.summary for m in catalog.models} == pages
    assert {s.has for s in pages.values()} != {0}  # capabilities, multimodality among them, were read


def test_the_sitemaps_judge_every_kind_of_offering_as_the_pages_do():
    """The sitemaps read offerings through the SQL twins of `is_live` and `is_eligible`: a model priced only
    by an offering retired yesterday or today, an unconfirmed $0, a free tier, an inactive row or a missing
    price has the summary its page gives, and one retiring tomorrow still counts."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    paid, free_tier = make_provider("Paid"), make_provider("Trial", kind=ProviderKind.FREE_TIER)
    states = {
        "retired yesterday": dict(retires_on=today - day),
        "retired today": dict(retires_on=today),
        "retiring tomorrow": dict(retires_on=today + day),
        "unconfirmed zero": dict(input_price="0", output_price="0"),
        "confirmed zero": dict(input_price="0", output_price="0", free_confirmed=True),
        "zero input": dict(input_price="0", output_price="0.4"),
        "switched off": dict(active=False),
        "no output price": dict(output_price=None),
        "free tier": dict(provider=free_tier),
    }
    for n, (name, fields) in enumerate(states.items()):
        model = make_model(name.title())
        make_offering(model, fields.pop("provider", paid), **{"input_price": f"0.{n + 1}", **fields})
        # A dearer offering beside it, retired today for every other model.
        make_offering(model, make_provider(f"Dear {n}"), input_price="9", output_price="9",
                      retires_on=today if n % 2 else None)
    pages = {m.slug: summarize(model_facts(m)) for m in LanguageModel.objects.published().with_facts()}
    assert {m.slug: m.summary for m in Catalog.load().models} == pages
    nine = Decimal(9)
    assert {slug: (s.live, s.prices[0]) for slug, s in pages.items()} == {
        "retired-yesterday": (True, nine),
        "retired-today": (False, None),
        "retiring-tomorrow": (True, Decimal("0.3")),
        "unconfirmed-zero": (True, None),
        "confirmed-zero": (True, 0),
        "zero-input": (True, 0),
        "switched-off": (True, nine),
        "no-output-price": (True, None),
        "free-tier": (True, nine),
    }
