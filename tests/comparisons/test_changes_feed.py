"""The Atom feeds of /changes/ (all changes, one model's, one provider's): valid Atom as a strict parser
reads it and as RFC 4287's RELAX NG schema says (tests/data/atom.rng), with entry ids that never change;
an editor's change is in the feed at the next request and an import that changes 3 prices adds exactly 3
entries (issue 17 item 2)."""

from decimal import Decimal
from pathlib import Path

import feedparser
import pytest
from django.urls import reverse
from lxml import etree

from catalog.models import CatalogChange
from catalog.price_changes import record_changes
from comparisons.changes import entry_id
from tests.admin_forms import admin_form_data
from tests.catalog.test_import_publish import litellm_row, run
from tests.factories import make_model, make_offering, make_provider, make_vendor

pytestmark = pytest.mark.django_db
FEED = "/changes/feed/"
ATOM = etree.RelaxNG(etree.parse(Path(__file__).parent.parent / "data" / "atom.rng"))


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    assert ATOM.validate(etree.fromstring(response.content)), ATOM.error_log
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")  # parsed by the strict XML parser, no fallback
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def offerings():
    meta = make_vendor("Meta")
    groq, together = make_provider("Groq"), make_provider("Together AI")
    llama = make_model("Llama 3.3 70B", meta)
    at_groq = make_offering(llama, groq, input_price="0.59", output_price="0.79")
    at_together = make_offering(llama, together, input_price="0.88", output_price="0.88")
    qwen = make_offering(make_model("Qwen3 32B <b>", make_vendor("Qwen")), groq, input_price="0.29",
                         output_price="0.59")
    record_changes()
    for offering, price in ((at_groq, "0.49"), (at_together, "0.80"), (qwen, "0.25")):
        offering.input_price = Decimal(price)
        offering.save()
    record_changes()
    return {"groq": at_groq, "together": at_together, "qwen": qwen}


def test_the_feed_is_valid_atom_with_one_entry_per_change(client, offerings):
    feed = read(client, FEED)
    titles = [e.title for e in feed.entries]
    assert "Llama 3.3 70B at Groq: input $0.59 → $0.49 (-16.9%)" in titles
    assert "Qwen3 32B <b> at Groq: input $0.29 → $0.25 (-13.8%)" in titles  # text, escaped, not markup
    assert "New model: Llama 3.3 70B" in titles
    assert len(feed.entries) == CatalogChange.objects.public().count() == 5
    entry = next(e for e in feed.entries if e.title.startswith("Llama 3.3 70B at Groq"))
    assert entry.link.endswith("/models/llama-3-3-70b/#price-history")
    assert "Source: Versus." in entry.summary
    assert entry.author == "Versus"


def test_entry_ids_are_tag_uris_that_never_change(client, offerings):
    before = {e.id: e.title for e in read(client, FEED).entries}
    assert all(i.startswith("tag:") for i in before)
    ids = {entry_id(pk) for pk in CatalogChange.objects.public().values_list("pk", flat=True)}
    assert set(before) == ids
    offerings["groq"].output_price = Decimal("0.69")
    offerings["groq"].save()
    record_changes()
    after = {e.id: e.title for e in read(client, FEED).entries}
    assert len(after) == len(before) + 1
    assert {i: after[i] for i in before} == before  # every entry keeps its id and its words


def test_a_model_feed_and_a_provider_feed_hold_their_own_changes(client, offerings):
    llama = read(client, reverse("comparisons:model_changes_feed", args=["llama-3-3-70b"]))
    assert {e.title.split(":")[0] for e in llama.entries} == {
        "Llama 3.3 70B at Groq", "Llama 3.3 70B at Together AI", "New model",
    }
    assert llama.feed.title == "Versus: price changes in Llama 3.3 70B"
    groq = read(client, reverse("comparisons:provider_changes_feed", args=["groq"]))
    at_groq = sorted(e.title.split(":")[0] for e in groq.entries)
    assert at_groq == ["Llama 3.3 70B at Groq", "Qwen3 32B <b> at Groq"]
    assert llama.feed.id != groq.feed.id


@pytest.mark.parametrize(
    "url",
    ["/models/nobody/changes/feed/", "/providers/nobody/changes/feed/", "/models/%3Cx%3E/changes/feed/"],
)
def test_an_unknown_model_or_provider_has_no_feed(client, url):
    assert client.get(url).status_code == 404


def test_an_unpublished_models_feed_is_not_found(client):
    make_offering(make_model("Hidden", published=False))
    record_changes()
    assert client.get("/models/hidden/changes/feed/").status_code == 404
    assert "Hidden" not in client.get(FEED).content.decode()


def test_an_editors_change_is_in_the_feed_at_the_next_request(
    client, editor_client, offerings, django_capture_on_commit_callbacks
):
    read(client, FEED)
    assert client.get(FEED).headers["X-Cache"] == "hit"
    url = reverse("admin:catalog_offering_change", args=[offerings["together"].pk])
    data = admin_form_data(editor_client.get(url))
    data["output_price"] = "0.90"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    editor_client.logout()
    entry = read(client, FEED).entries[0]
    assert entry.title == "Llama 3.3 70B at Together AI: output $0.88 → $0.90 (+2.3%)"
    assert "Source: Editor (edith)." in entry.summary


def test_an_import_that_changes_three_prices_adds_exactly_three_entries(client, tmp_path):
    make_model("Llama 3.3 70B")
    rows = {
        "groq/llama-3.3-70b-versatile": litellm_row("groq"),
        "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": litellm_row("together_ai"),
    }
    run(tmp_path, "litellm", rows)
    before = {e.id for e in read(client, FEED).entries}
    rows["groq/llama-3.3-70b-versatile"] = litellm_row("groq", input_cost=1e-07, output_cost=3e-07)
    rows["together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"] = litellm_row("together_ai", input_cost=3e-07)
    run(tmp_path, "litellm", rows)
    new = [e for e in read(client, FEED).entries if e.id not in before]
    assert sorted(e.title for e in new) == [
        "Llama 3.3 70B at Groq: input $0.20 → $0.10 (-50%)",
        "Llama 3.3 70B at Groq: output $0.40 → $0.30 (-25%)",
        "Llama 3.3 70B at Together AI: input $0.20 → $0.30 (+50%)",
    ]
    assert all(e.author == "LiteLLM" for e in new)
