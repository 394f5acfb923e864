"""The placeholder vendor of imported models that need an editor ("Unattributed (needs an editor)") never
appears on a public page: its page is a 404, the directory's vendor filter does not offer it, and a model
page, a pair page and a 3-way page never say a model is made by it."""

import pytest

from tests.factories import make_model, make_offering, make_vendor
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db
PLACEHOLDER = "Unattributed (needs an editor)"


@pytest.fixture
def models():
    placeholder = make_vendor(PLACEHOLDER, slug="unattributed")
    meta = make_vendor("Meta")
    odd = make_model("Odd Model", vendor=placeholder, published=True)
    a, b = make_model("Llama A", vendor=meta), make_model("Llama B", vendor=meta)
    for m in (odd, a, b):
        make_offering(m)
    return odd, a, b


def test_the_placeholder_vendor_page_is_not_found(client, models):
    assert client.get("/vendors/unattributed/").status_code == 404


def test_the_directory_filter_does_not_offer_it(client, models):
    html = client.get("/models/").content.decode()
    assert PLACEHOLDER not in visible_text(html)
    assert 'value="unattributed"' not in html
    assert 'value="meta"' in html


def test_no_page_says_a_model_is_made_by_it(client, models):
    odd, a, b = models
    for url in (odd.get_absolute_url(), f"/compare/{a.slug}-vs-{odd.slug}/",
                f"/compare/{a.slug}-vs-{b.slug}-vs-{odd.slug}/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert PLACEHOLDER not in response.content.decode(), url
        assert "/vendors/unattributed/" not in [href for href, _ in parse(response.content).links], url


def test_a_three_way_page_says_which_facts_no_editor_reviewed(client, models):
    odd, a, b = models
    text = visible_text(client.get(f"/compare/{a.slug}-vs-{b.slug}-vs-{odd.slug}/", follow=True).content)
    assert "Imported from its sources and not yet reviewed by an editor." in text
    assert "Last reviewed: not yet reviewed" not in text
