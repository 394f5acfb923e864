"""Freshness across processes: every write path reaches every affected page on the very next request, in
two gunicorn processes that each cache pages (local memory: one cache each; Redis: one shared), while
pages whose data did not change keep coming from the cache.

The servers share one database with the demo catalog; writes come from a third process (an editor's
shell, an import job) or through the admin of one of the servers.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from .servers import ROOT, Gunicorn

MODEL = "llama-3-2-1b-instruct"  # cheapest at Together AI ($0.06 / $0.06) in the demo catalog
PROVIDER = "together-ai"
UNRELATED = "/models/claude-sonnet-4-5/"  # another vendor, not at Together AI in the demo data
PAIR = f"/compare/{MODEL}-vs-llama-3-2-3b-instruct/"
# A workload of a billion input tokens: the calculator's cost at the cheapest provider is 1000 x the price.
CALCULATOR = f"{PAIR}?input_tokens=1000000000&output_tokens=0"


@pytest.fixture(scope="module", params=["locmem", "redis"])
def servers(request, shared_db):
    cache_url = request.getfixturevalue("redis_server").url if request.param == "redis" else None
    pair = [Gunicorn(shared_db, cache_url), Gunicorn(shared_db, cache_url)]
    yield pair
    for server in pair:
        server.close()


@pytest.fixture(scope="module")
def ids(shared_db):
    out = shared_db.python(
        "from catalog.models import Offering, LanguageModel; "
        f"o = Offering.objects.get(model__slug='{MODEL}', provider__slug='{PROVIDER}'); "
        "print(o.pk, o.model_id)"
    )
    offering, model = map(int, out.split())
    return {"offering": offering, "model": model}


def directory_page(server) -> str:
    for page in range(1, 5):
        url = f"/models/?page={page}"
        if f'href="/models/{MODEL}/"' in server.get(url).text:
            return url
    raise AssertionError("model not in the directory")


def affected_pages(server) -> list[str]:
    return [
        PAIR,
        CALCULATOR,
        f"/models/{MODEL}/",
        directory_page(server),
        "/vendors/meta/",
        f"/providers/{PROVIDER}/",
    ]


def warm(servers, pages) -> None:
    for server in servers:
        for url in [*pages, UNRELATED]:
            server.get(url)
            reply = server.get(url)
            assert reply.status == 200 and reply.headers["X-Cache"] == "hit", (url, reply.status)


def usd(price: str) -> str:
    return f"${Decimal(price).normalize():f}"


def assert_price_everywhere(servers, pages, price: str, unrelated_cached: bool = True) -> None:
    """The new price on every page in every process; the first process to ask rebuilds the page (with
    Redis the second then finds the new page in the shared cache)."""
    cost = f"${Decimal(price) * 1000:,.2f}"
    for n, server in enumerate(servers):
        for url in pages:
            reply = server.get(url)
            assert reply.status == 200, (url, reply.status)
            if n == 0:
                assert reply.headers["X-Cache"] == "miss", (server.port, url)
            text = reply.text
            if url == CALCULATOR:
                assert cost in text, (server.port, url, cost)
            else:
                assert usd(price) in text, (server.port, url, usd(price))
        if unrelated_cached:
            assert server.get(UNRELATED).headers["X-Cache"] == "hit"


def test_admin_edit(servers, shared_db, ids):
    a, b = servers
    pages = affected_pages(a)
    warm(servers, pages)
    a.login("editor", "correct horse battery staple")
    reply = a.admin_change(f"/admin/catalog/offering/{ids['offering']}/change/", {"input_price": "0.0131"})
    assert reply.status == 302, reply.text[:2000]
    assert_price_everywhere([b, a], pages, "0.0131")


def test_queryset_update(servers, shared_db, ids):
    pages = affected_pages(servers[0])
    warm(servers, pages)
    shared_db.python(
        "from decimal import Decimal; from catalog.models import Offering; "
        f"Offering.objects.filter(pk={ids['offering']}).update(input_price=Decimal('0.0132'))"
    )
    assert_price_everywhere(servers, pages, "0.0132")


def test_bulk_update(servers, shared_db, ids):
    pages = affected_pages(servers[0])
    warm(servers, pages)
    shared_db.python(
        "from decimal import Decimal; from catalog.models import Offering; "
        f"o = Offering.objects.get(pk={ids['offering']}); o.input_price = Decimal('0.0133'); "
        "Offering.objects.bulk_update([o], ['input_price'])"
    )
    assert_price_everywhere(servers, pages, "0.0133")


def test_raw_sql_write(servers, shared_db, ids):
    pages = affected_pages(servers[0])
    warm(servers, pages)
    shared_db.python(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('UPDATE catalog_offering SET input_price = 0.0134 WHERE id = %s', "
        f"[{ids['offering']}])"
    )
    assert_price_everywhere(servers, pages, "0.0134")


def test_import(servers, shared_db, ids, tmp_path):
    """The importer (load_demo_catalog --reset from a changed data file) in its own process."""
    pages = affected_pages(servers[0])
    warm(servers, pages)
    data = json.loads((ROOT / "catalog/demo/catalog.json").read_text())
    model = next(m for m in data["models"] if m["slug"] == MODEL)
    next(o for o in model["offerings"] if o["provider"] == PROVIDER)["input_price"] = "0.0135"
    path = Path(tmp_path) / "catalog.json"
    path.write_text(json.dumps(data))
    out = shared_db.manage("load_demo_catalog", "--path", str(path), "--reset")
    assert re.search(r"[1-9]\d* updated", out), out
    assert_price_everywhere(servers, pages, "0.0135")


def test_bulk_create_then_delete(servers, shared_db, ids):
    """A new, cheapest offering by bulk_create shows up everywhere; deleting it removes it everywhere."""
    pages = [PAIR, f"/models/{MODEL}/", "/vendors/meta/", "/providers/groq/"]
    pages.append(directory_page(servers[0]))
    warm(servers, pages)
    model_id = ids["model"]
    shared_db.python(
        "from decimal import Decimal; from catalog.models import Offering, Provider; "
        f"Offering.objects.filter(model_id={model_id}, provider__slug='groq').delete(); "
        f"Offering.objects.bulk_create([Offering(model_id={model_id}, "
        "provider=Provider.objects.get(slug='groq'), "
        "input_price=Decimal('0.0011'), output_price=Decimal('0.0012'))])"
    )
    # A new offering changes provider counts, which order "related" lists everywhere: the catalog-wide
    # revision moves, so unrelated pages are rebuilt too (correct, if not minimal).
    assert_price_everywhere(servers, pages, "0.0011", unrelated_cached=False)
    warm(servers, pages)
    shared_db.python(
        "from catalog.models import Offering; "
        f"Offering.objects.filter(model_id={ids['model']}, provider__slug='groq').delete()"
    )
    for server in servers:
        for url in pages:
            reply = server.get(url)
            assert reply.status == 200, url
            assert "$0.0011" not in reply.text, (server.port, url)
        assert f'href="/models/{MODEL}/"' not in server.get("/providers/groq/").text


def test_model_deleted_answers_404_everywhere(servers, shared_db):
    page = "/models/llama-guard-3-1b/"
    warm(servers, [page])
    shared_db.python(
        "from catalog.models import LanguageModel; "
        "LanguageModel.objects.filter(slug='llama-guard-3-1b').update(published=False)"
    )
    for server in servers:
        assert server.get(page).status == 404
    shared_db.python(
        "from catalog.models import LanguageModel; "
        "LanguageModel.objects.filter(slug='llama-guard-3-1b').update(published=True)"
    )
    for server in servers:
        assert server.get(page).status == 200
