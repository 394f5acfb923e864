import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Offering
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor
from tests.html import parse

pytestmark = pytest.mark.django_db


def build_catalog(offerings: int, tag: str = "x"):
    """A vendor, ten providers, models and `offerings` priced offerings spread over them."""
    vendor = make_vendor(f"Vendor {tag}")
    providers = [make_provider(f"Provider {tag} {i}") for i in range(10)]
    models = [make_model(f"Model {tag} {i}", vendor=vendor) for i in range(max(2, offerings // 10 + 1))]
    benchmark = make_benchmark(f"Benchmark {tag}")
    for model in models:
        make_score(model, benchmark, score=Decimal("50"))
    for n, (model, provider) in enumerate(itertools.islice(itertools.product(models, providers), offerings)):
        make_offering(model, provider, input_price=Decimal(n + 1) / 100, output_price=Decimal(n + 2) / 100)
    for offering in Offering.objects.filter(model__vendor=vendor)[:3]:
        offering.input_price += Decimal("0.01")
        offering.save()  # a price history
    return models


def urls(models):
    a, b = sorted([models[0].slug, models[1].slug])
    return {
        "home": reverse("comparisons:home"),
        "directory": reverse("comparisons:model_list"),
        "model": models[0].get_absolute_url(),
        "vendor": reverse("comparisons:vendor_detail", args=[models[0].vendor.slug]),
        "provider": reverse("comparisons:provider_detail", args=[models[0].offerings.first().provider.slug]),
        "pair": reverse("comparisons:compare_pair", args=[f"{a}-vs-{b}"]),
        "methodology": reverse("comparisons:methodology"),
    }


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["home", "directory", "model", "vendor", "provider", "pair", "methodology"])
def test_every_page_costs_the_same_queries_at_any_catalog_size(client, page):
    small = count_queries(client, urls(build_catalog(5, "small"))[page])
    large = count_queries(client, urls(build_catalog(200, "large"))[page])
    assert small == large


def test_every_page_has_a_unique_title_description_and_absolute_canonical(client, settings):
    settings.SITE_URL = "https://versus.example"
    settings.ALLOWED_HOSTS = ["evil.example"]  # a Host the site answers to, but not its public address
    models = build_catalog(12)
    titles = set()
    for name, url in urls(models).items():
        response = client.get(url, HTTP_HOST="evil.example")
        assert response.status_code == 200, name
        page = parse(response.content)
        assert page.title and page.title not in titles, name
        titles.add(page.title)
        assert 0 < len(page.meta.get("description", "")) <= 160, (name, page.meta)
        assert page.canonical == f"https://versus.example{url}", name


def test_model_page_shows_offerings_and_price_history(client, django_capture_on_commit_callbacks):
    model = make_model("Llama 3.1 8B Instruct")
    with django_capture_on_commit_callbacks(execute=True):  # changes are derived once a save commits
        offering = make_offering(
            model, make_provider("Groq"), input_price=Decimal("0.05"), output_price=Decimal("0.08")
        )
    with django_capture_on_commit_callbacks(execute=True):
        offering.input_price = Decimal("0.04")
        offering.save()
    html = client.get(model.get_absolute_url()).content.decode()
    page = parse(html)
    history = [t for t in page.tables if t and t[0][:2] == ["Date", "Price"]][0]
    assert [r[1:5] for r in history[1:]] == [
        ["Input", "$0.05", "$0.04", "-20%"], ["Output", "First listed", "$0.08", ""],
        ["Input", "First listed", "$0.05", ""],
    ]
    assert "<polyline" in html and "Groq" in html


def test_pair_that_says_little_is_noindex(client):
    make_model("Plain A"), make_model("Plain B")
    response = client.get(reverse("comparisons:compare_pair", args=["plain-a-vs-plain-b"]))
    assert parse(response.content).meta.get("robots") == "noindex, follow"
