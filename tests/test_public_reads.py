"""Public GET requests write nothing to the database: not a counter, not a session, not a cache row.

Rate-limit counters live in a cache (comparisons/throttle.py), so a reader, even one over a limit, is
served by reads only; on SQLite a write would also queue every reader behind the one write lock.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import LanguageModel, Provider, Vendor
from catalog.slugs import pair_slug

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
CALCULATION = {"input_tokens": "1000000", "output_tokens": "200000"}


@pytest.fixture
def public_urls() -> list[tuple[str, dict]]:
    """One URL of every kind of public page, over the demo catalog."""
    call_command("load_demo_catalog", stdout=StringIO())
    a, b, c = LanguageModel.objects.order_by("slug").values_list("slug", flat=True)[:3]
    pair, three = f"/compare/{pair_slug(a, b)}/", f"/compare/{pair_slug(a, b, c)}/"
    return [
        ("/", {}),
        (pair, {}),
        (pair, CALCULATION),
        (three, {}),
        (three, CALCULATION),
        (f"/models/{a}/", {}),
        (f"/models/{a}/comparisons/", {}),
        ("/models/", {"min_context": "128000", "max_price": "1", "vendor": Vendor.objects.first().slug}),
        (f"/vendors/{Vendor.objects.first().slug}/", {}),
        (f"/providers/{Provider.objects.first().slug}/", {}),
        ("/models/suggest/", {"q": "gpt"}),
        ("/methodology/", {}),
        ("/robots.txt", {}),
        ("/sitemap.xml", {}),
        ("/changes/", {"direction": "down"}),
        ("/changes/feed/", {}),
        (f"/models/{a}/changes/feed/", {}),
        (f"/providers/{Provider.objects.first().slug}/changes/feed/", {}),
        ("/data/", {}),
        ("/api/", {}),
        ("/api/v1/models", {}),
        (f"/api/v1/models/{LanguageModel.objects.get(slug=a).vendor.slug}/{a}/endpoints", {}),
        ("/api/v1/api.json", {}),
        ("/api/v1/changes", {}),
        ("/api/v1/openapi.json", {}),
        ("/no/such/page/", {}),
    ]


def sitemap_sections(client) -> list[tuple[str, dict]]:
    index = client.get("/sitemap.xml").content.decode()
    return [(re.sub(r"^https?://[^/]+", "", url), {}) for url in re.findall(r"<loc>([^<]+)</loc>", index)]


def writes_while_getting(client, urls) -> tuple[list[int], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        statuses = [client.get(url, params, follow=True).status_code for url, params in urls]
    return statuses, [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]


def test_public_pages_write_nothing(client, public_urls):
    urls = public_urls + sitemap_sections(client)
    assert len(urls) > len(public_urls)  # the sitemap sections are in
    statuses, writes = writes_while_getting(client, urls)
    assert statuses == [404 if url == "/no/such/page/" else 200 for url, _ in urls]
    assert writes == []
    # Seen a second time (from the page cache), still nothing.
    assert writes_while_getting(client, urls)[1] == []


def test_a_client_over_its_limits_writes_nothing_either(client, settings, public_urls):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "suggest": (1, 60), "calculator": (1, 60)}
    statuses, writes = writes_while_getting(client, public_urls * 2)
    assert 429 in statuses
    assert writes == []
