"""What crawlers get: sitemaps, robots.txt, head tags, and every page reachable through links."""

import datetime
import xml.etree.ElementTree as ET
from collections import deque
from decimal import Decimal
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import LanguageModel, Offering, Provider, Purpose, Support, Vendor
from comparisons.indexing import Catalog
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import json_ld, parse

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locs(response) -> list[str]:
    return [e.text for e in ET.fromstring(response.content).findall(".//s:loc", NS)]


@pytest.fixture
def catalog(settings):
    settings.SITE_URL = "https://versus.example"
    meta, openai = make_vendor("Meta"), make_vendor("OpenAI")
    fw, oa = make_provider("Fireworks AI"), make_provider("OpenAI API", slug="openai")
    small = make_model("Llama 3.2 1B Instruct", vendor=meta, context_window=131072, open_weights=Support.YES,
                       knowledge_cutoff=datetime.date(2023, 12, 1), function_calling=Support.YES)
    guard = make_model(
        "Llama Guard 3 1B",
        vendor=meta,
        purpose=Purpose.SAFETY_CLASSIFIER,
        open_weights=Support.YES,
        function_calling=Support.NO,
    )
    big = make_model("GPT-4o", vendor=openai, context_window=128000, open_weights=Support.NO,
                     knowledge_cutoff=datetime.date(2023, 10, 1), function_calling=Support.YES)
    unpriced = make_model("Unpriced Model", vendor=meta)
    make_offering(small, fw, input_price=Decimal("0.03"), output_price=Decimal("0.2"))
    make_offering(guard, fw, input_price=Decimal("0.1"), output_price=Decimal("0.1"))
    make_offering(big, oa, input_price=Decimal("2.5"), output_price=Decimal("10"))
    make_offering(unpriced, fw, input_price=None, output_price=None)
    make_model("Hidden", vendor=meta, published=False)
    return small, guard, big, unpriced


def test_sitemap_index_lists_sections_on_the_site_url(client, catalog):
    response = client.get("/sitemap.xml", HTTP_HOST="testserver")
    assert response.status_code == 200
    assert locs(response) == [
        "https://versus.example/sitemap-pages.xml",
        "https://versus.example/sitemap-models.xml",
        "https://versus.example/sitemap-vendors.xml",
        "https://versus.example/sitemap-providers.xml",
        "https://versus.example/sitemap-comparisons-1.xml",
    ]


def test_sitemap_index_gives_each_section_the_latest_lastmod_of_its_urls(client, catalog):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    for entry in index.findall("s:sitemap", NS):
        section = entry.find("s:loc", NS).text.rsplit("/", 1)[1]
        lastmod = entry.find("s:lastmod", NS)
        assert lastmod is not None and lastmod.text, f"{section} has no lastmod"
        urls = ET.fromstring(client.get(f"/{section}").content)
        latest = max(e.text for e in urls.findall(".//s:lastmod", NS))
        # The index carries the full timestamp, the section the day: both name the same latest change.
        assert datetime.datetime.fromisoformat(lastmod.text).date().isoformat() == latest


def test_sitemap_sections_list_canonical_urls_of_indexable_pairs_only(client, catalog):
    models = locs(client.get("/sitemap-models.xml"))
    assert "https://versus.example/models/llama-3-2-1b-instruct/" in models
    assert not any("hidden" in url for url in models)
    assert locs(client.get("/sitemap-vendors.xml")) == ["https://versus.example/vendors/meta/", "https://versus.example/vendors/openai/"]
    pairs = locs(client.get("/sitemap-comparisons-1.xml"))
    assert pairs == [
        "https://versus.example/compare/gpt-4o-vs-llama-3-2-1b-instruct/",
        "https://versus.example/compare/gpt-4o-vs-llama-guard-3-1b/",
        "https://versus.example/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/",
    ]
    # The unpriced model's pairs are not indexable: noindex on the page, out of the sitemap.
    page = parse(client.get("/compare/llama-guard-3-1b-vs-unpriced-model/").content)
    assert page.meta["robots"] == "noindex, follow"
    for url in pairs:
        assert "robots" not in parse(client.get(urlsplit(url).path).content).meta


def test_comparison_sitemaps_are_paged_within_the_limit():
    vendor = make_vendor("Lab")
    provider = make_provider("Host")
    for n in range(12):
        model = make_model(
            f"Model {n:02d}",
            vendor=vendor,
            context_window=1000 * (n + 1),
            parameters_billions=Decimal(n + 1),
            release_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=40 * n),
        )
        make_offering(model, provider, input_price=Decimal(n + 1), output_price=Decimal(n + 2))
    catalog = Catalog.load()
    chunks = catalog.chunks(limit=20)
    assert len(chunks) > 1
    seen = []
    for start, stop in chunks:
        pairs = list(catalog.pairs_in_chunk(start, stop))
        assert len(pairs) <= 20
        seen.extend(p[2] for p in pairs)
    assert len(seen) == len(set(seen)) == 66  # all 12 x 11 / 2 pairs, each once


def test_lastmod_is_when_either_models_facts_changed(client, catalog):
    small, guard, big, _ = catalog
    from catalog.models import FactsRevision

    old = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    FactsRevision.objects.update(changed_at=old)
    before = ET.fromstring(client.get("/sitemap-comparisons-1.xml").content)
    assert {e.text for e in before.findall(".//s:lastmod", NS)} == {"2025-01-01"}
    offering = Offering.objects.get(model=guard)
    offering.input_price = Decimal("0.09")
    offering.save()
    after = ET.fromstring(client.get("/sitemap-comparisons-1.xml").content)
    lastmods = {
        u.find("s:loc", NS).text.rsplit("/", 2)[1]: u.find("s:lastmod", NS).text
        for u in after.findall("s:url", NS)
    }
    today = offering.updated_at.date().isoformat()
    assert lastmods == {
        "gpt-4o-vs-llama-3-2-1b-instruct": "2025-01-01",
        "gpt-4o-vs-llama-guard-3-1b": today,
        "llama-3-2-1b-instruct-vs-llama-guard-3-1b": today,
    }


def test_robots_txt(client, catalog):
    response = client.get("/robots.txt", HTTP_HOST="testserver")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /models/suggest/" in text
    assert "Sitemap: https://versus.example/sitemap.xml" in text


def test_head_tags_and_breadcrumbs(client, catalog):
    response = client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/")
    page = parse(response.content)
    assert page.title == "Llama 3.2 1B Instruct vs Llama Guard 3 1B: price and specs"
    assert len(page.title) <= 60
    assert page.meta["og:title"] == page.title
    assert page.meta["og:url"] == page.canonical == "https://versus.example/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    assert page.meta["twitter:card"] == "summary"
    assert page.meta["og:description"] == page.meta["description"]
    assert len(page.meta["description"]) <= 160
    (crumbs,) = [b for b in json_ld(response.content) if b["@type"] == "BreadcrumbList"]
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Home",
        "Models",
        "Llama 3.2 1B Instruct vs Llama Guard 3 1B",
    ]
    assert crumbs["itemListElement"][1]["item"] == "https://versus.example/models/"
    # The same crumbs are visible on the page.
    assert ("/models/", "Models") in page.links
    # Every block of JSON-LD is about something visible: the FAQ and the breadcrumbs.
    assert {b["@type"] for b in json_ld(response.content)} == {"FAQPage", "BreadcrumbList"}


def test_favicon_is_linked(client, catalog):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon" in html


def test_directory_variants_are_noindex_with_a_canonical_but_pages_stay_crawlable(client, catalog):
    assert "robots" not in parse(client.get("/models/").content).meta
    sorted_page = parse(client.get("/models/?sort=price").content)
    assert sorted_page.meta["robots"] == "noindex, follow"
    assert sorted_page.canonical == "https://versus.example/models/"


def crawl(client, start="/", depth=4) -> dict[str, int]:
    """Breadth-first through <a href> links on the site; the depth at which each path was first reached."""
    seen, queue = {start: 0}, deque([start])
    while queue:
        path = queue.popleft()
        if seen[path] >= depth:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href, _ in parse(response.content).links:
            parts = urlsplit(href)
            if (
                parts.netloc
                or not parts.path.startswith("/")
                or parts.path.startswith(("/admin/", "/static/"))
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen[target] = seen[path] + 1
                queue.append(target)
    return seen


def test_every_page_is_reachable_from_home_within_four_clicks(client, settings):
    call_command("load_demo_catalog", stdout=StringIO())
    reached = crawl(client)
    expected = {m.get_absolute_url() for m in LanguageModel.objects.published()}
    expected |= {v.get_absolute_url() for v in Vendor.objects.filter(models__published=True)}
    expected |= {p.get_absolute_url() for p in Provider.objects.filter(offerings__model__published=True)}
    catalog = Catalog.load()
    pairs = {reverse("comparisons:compare_pair", args=[slug]) for start, stop in catalog.chunks()
             for _, _, slug, _ in catalog.pairs_in_chunk(start, stop)}
    assert len(pairs) > 100
    expected |= pairs
    missing = expected - set(reached)
    assert not missing, sorted(missing)[:10]
    assert max(reached[p] for p in expected) <= 4


def test_the_sites_own_pages_are_in_the_sitemap(client, catalog):
    """Home, methodology, the cheapest models for a workload and each named workload, price changes, the
    dataset and its API: each answers 200 and is listed."""
    listed = locs(client.get("/sitemap-pages.xml"))
    paths = ["/", "/methodology/", "/best/", "/changes/", "/data/", "/api/", "/best/chatbot/",
             "/best/long-document-retrieval/", "/best/batch-classification/", "/best/agentic-coding/"]
    assert listed == [f"https://versus.example{path}" for path in paths]
    for path in paths:
        assert client.get(path).status_code == 200, path
