"""What a browser, a CDN and a load balancer see: validators, 304s, Cache-Control, gzip, request ids."""

import gzip
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from catalog.models import Offering
from tests.factories import make_model, make_offering, make_provider, make_vendor

pytestmark = pytest.mark.django_db

PAIR = "/compare/llama-a-vs-llama-b/"


@pytest.fixture
def pair():
    vendor = make_vendor("Meta")
    a, b = make_model("Llama A", vendor=vendor), make_model("Llama B", vendor=vendor)
    make_offering(a, make_provider("Groq"), input_price=Decimal("0.05"), output_price=Decimal("0.08"))
    make_offering(b, make_provider("Together"), input_price=Decimal("0.20"), output_price=Decimal("0.20"))
    return a, b


def public_urls(a):
    return [
        PAIR, a.get_absolute_url(), "/models/", "/", "/methodology/", "/vendors/meta/", "/providers/groq/",
        f"{PAIR}?input_tokens=1000&output_tokens=2000",
    ]


def test_public_pages_carry_validators_and_cdn_cache_control(client, pair):
    for url in public_urls(pair[0]):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url
        assert response["Last-Modified"].endswith("GMT"), url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=60", "s-maxage=60", "stale-while-revalidate=30"}, url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_if_none_match_and_if_modified_since_answer_304(client, pair):
    first = client.get(PAIR)
    again = client.get(PAIR, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    # Through gzip the ETag is weak; a client echoing it still gets a 304.
    assert client.get(PAIR, headers={"If-None-Match": f"W/{first['ETag']}"}).status_code == 304
    assert client.get(PAIR, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304


def test_an_edit_changes_the_etag_and_the_page(client, pair):
    a, _ = pair
    first = client.get(PAIR)
    assert "$0.05" in first.content.decode()
    Offering.objects.filter(model=a).update(input_price=Decimal("0.042"))
    second = client.get(PAIR, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "$0.042" in second.content.decode()


def test_unchanged_pages_come_from_the_cache(client, pair, django_assert_num_queries):
    client.get(PAIR)
    with django_assert_num_queries(1):  # the revisions only
        assert client.get(PAIR).status_code == 200


def test_calculator_results_are_cached_by_their_full_url(client, pair):
    one = client.get(PAIR, {"input_tokens": "1000000", "output_tokens": "0"})
    two = client.get(PAIR, {"input_tokens": "2000000", "output_tokens": "0"})
    assert one["ETag"] != two["ETag"]
    assert "$0.05" in one.content.decode() and "$0.10" in two.content.decode()
    bad = client.get(PAIR, {"input_tokens": "lots", "output_tokens": "0"})
    assert bad.status_code == 400 and "public" not in bad.get("Cache-Control", "")


def test_signed_in_users_and_the_admin_get_private_no_store(client, pair):
    user = User.objects.create_superuser("root", password="x" * 20)
    client.force_login(user)
    for url in [PAIR, "/admin/", "/models/"]:
        response = client.get(url)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives and "public" not in directives, url


def test_a_response_that_sets_a_cookie_is_never_public(client, pair):
    response = client.get("/admin/login/")
    assert response.cookies  # the CSRF cookie
    assert "public" not in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_htmx_requests_are_never_stored_by_a_shared_cache(client, pair):
    response = client.get(PAIR, headers={"HX-Request": "true"})
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_html_is_gzipped(client, pair):
    response = client.get(PAIR, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Llama A" in gzip.decompress(response.content)


def test_cached_pages_are_stored_compressed_and_served_as_each_client_asks(client, pair):
    """Stored gzip-compressed once: gzip clients get those bytes, others the page decompressed, on the
    request that builds the page and on the ones served from the cache."""
    gz = {"Accept-Encoding": "gzip, deflate, br"}
    first = client.get(PAIR, headers=gz)
    plain = client.get(PAIR)
    again = client.get(PAIR, headers=gz)
    assert [first["X-Cache"], plain["X-Cache"], again["X-Cache"]] == ["miss", "hit", "hit"]
    assert (
        first["Content-Encoding"] == again["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    )
    assert gzip.decompress(first.content) == gzip.decompress(again.content) == plain.content
    assert "Llama A vs Llama B" in plain.content.decode()
    assert len(again.content) < len(plain.content) / 3
    for response in (first, plain, again):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Type"] == "text/html; charset=utf-8"
    # One page, two representations: the compressed one's validator is weak; either answers 304.
    assert again["ETag"] == f"W/{plain['ETag']}"
    for etag in (plain["ETag"], again["ETag"]):
        not_modified = client.get(PAIR, headers={**gz, "If-None-Match": etag})
        assert not_modified.status_code == 304 and not_modified["ETag"] == again["ETag"]
        assert client.get(PAIR, headers={"If-None-Match": etag})["ETag"] == plain["ETag"]


def test_a_sitemap_from_the_cache_is_still_xml(client, pair):
    first, cached = client.get("/sitemap-models.xml"), client.get("/sitemap-models.xml")
    assert cached["X-Cache"] == "hit" and cached.content == first.content
    assert first["Content-Type"] == cached["Content-Type"] == "application/xml"


def test_static_files_are_hashed_and_cached_far_into_the_future(client, pair):
    html = client.get("/").content.decode()
    href = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert href.startswith("/static/css/site.") and href.endswith(".css") and href != "/static/css/site.css"
    static = client.get(href)
    assert static.status_code == 200
    assert "immutable" in static["Cache-Control"] and "max-age=315360000" in static["Cache-Control"]


def test_request_id_is_echoed_and_only_a_sane_one_is_kept(client, pair):
    generated = client.get("/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})["X-Request-ID"] == "lb-7f3a9c2e-0001"
    forged = client.get("/", headers={"X-Request-ID": "x\" injected=1"})["X-Request-ID"]
    assert forged != "x\" injected=1" and len(forged) == 32


def test_log_lines_carry_the_request_id(client, pair, caplog):
    import logging

    from config.middleware import RequestIdFilter

    handler_filter = RequestIdFilter()
    caplog.handler.addFilter(handler_filter)
    logging.getLogger("django.request").setLevel(logging.WARNING)
    response = client.get("/models/no-such-model/", headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.request_id == "req-12345678" for r in records)


def test_healthz(client, pair, monkeypatch):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["ok"] is True
    assert response["Cache-Control"] == "no-store"
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    broken = client.get("/healthz")
    assert broken.status_code == 503 and broken.json()["cache"] is False


def test_healthz_answers_a_load_balancer_probing_by_address_over_http(client, pair, settings):
    settings.ALLOWED_HOSTS = ["versus.example"]
    settings.SECURE_SSL_REDIRECT = True
    probe = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert probe.status_code == 200 and probe.json() == {"ok": True, "database": True, "cache": True}
    assert client.head("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.post("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 405
    # Everything else still refuses that host, and still goes to HTTPS for the right one.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/", HTTP_HOST="versus.example").status_code == 301


def test_methodology_says_how_old_a_page_can_be_behind_a_cdn(client):
    text = client.get(reverse("comparisons:methodology")).content.decode()
    assert "at most 90 seconds behind the latest edit" in text


@pytest.mark.parametrize(
    "accept", ["gzip;q=0", "gzip;q=0, deflate", "deflate, gzip; q=0.0", "identity", "*;q=0", ""]
)
def test_a_client_that_refuses_gzip_gets_the_page_uncompressed(client, pair, accept):
    for _ in ("miss", "hit"):
        response = client.get(PAIR, headers={"Accept-Encoding": accept})
        assert "Content-Encoding" not in response
        assert "Llama A vs Llama B" in response.content.decode()
    robots = client.get("/robots.txt", headers={"Accept-Encoding": accept})  # through the gzip middleware
    assert "Content-Encoding" not in robots


@pytest.mark.parametrize("accept", ["gzip", "GZIP;q=0.5", "br, gzip;q=1", "*", "deflate, *;q=0.1"])
def test_a_client_that_takes_gzip_gets_it(client, pair, accept):
    for _ in ("miss", "hit"):
        response = client.get(PAIR, headers={"Accept-Encoding": accept})
        assert response["Content-Encoding"] == "gzip"
        assert "Llama A vs Llama B" in gzip.decompress(response.content).decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        PAIR,
        "/compare/llama-a-vs-llama-b/?input_tokens=1000&output_tokens=500",
        "/models/",
        "/models/?sort=price",
        "/models/llama-a/",
        "/models/llama-a/comparisons/",
        "/methodology/",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-models.xml",
        "/models/suggest/?q=lla",
    ],
)
def test_head_answers_like_get_without_a_body(client, pair, url):
    """Crawlers and link checkers send HEAD: it was a 405 on every public page."""
    for _ in ("miss", "hit"):
        head, get = client.head(url), client.get(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b""
        for header in ("Content-Type", "ETag", "Cache-Control", "Vary"):
            assert head.get(header) == get.get(header), (url, header)


def test_other_methods_are_still_refused(client, pair):
    for method in (client.post, client.put, client.delete):
        assert method(PAIR).status_code == 405
