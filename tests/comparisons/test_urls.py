import string
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from catalog.models import LanguageModel
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_models():
    vendor = make_vendor("Meta")
    a = make_model("Llama 3.2 1B Instruct", vendor=vendor)
    b = make_model("Llama Guard 3 1B", vendor=vendor)
    make_offering(a)
    return a, b


def test_reversed_pair_answers_301_to_the_canonical_url(client, two_models):
    response = client.get("/compare/llama-guard-3-1b-vs-llama-3-2-1b-instruct/")
    assert response.status_code == 301
    assert response["Location"] == "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"


def test_redirects_keep_the_query_string(client, two_models):
    response = client.get(
        "/compare/llama-guard-3-1b-vs-llama-3-2-1b-instruct/?input_tokens=5&output_tokens=6"
    )
    assert (
        response["Location"]
        == "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/?input_tokens=5&output_tokens=6"
    )


def test_upper_case_and_missing_slash_answer_301(client, two_models):
    response = client.get("/compare/Llama-3-2-1B-Instruct-VS-llama-guard-3-1b/")
    assert response.status_code == 301
    assert response["Location"] == "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    response = client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b")
    assert response.status_code == 301
    assert response["Location"] == "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    response = client.get("/models/LLAMA-3-2-1B-INSTRUCT/")
    assert (response.status_code, response["Location"]) == (301, "/models/llama-3-2-1b-instruct/")


def test_old_slug_of_a_renamed_model_answers_301(client, two_models):
    a, b = two_models
    a = LanguageModel.objects.get(pk=a.pk)
    a.name, a.slug = "Llama 3.2 1B Chat", "llama-3-2-1b-chat"
    a.save()
    response = client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/compare/llama-3-2-1b-chat-vs-llama-guard-3-1b/",
    )
    response = client.get("/models/llama-3-2-1b-instruct/")
    assert (response.status_code, response["Location"]) == (301, "/models/llama-3-2-1b-chat/")


def test_a_model_compared_with_itself_answers_301_to_its_page(client, two_models):
    response = client.get("/compare/llama-guard-3-1b-vs-llama-guard-3-1b/")
    assert (response.status_code, response["Location"]) == (301, "/models/llama-guard-3-1b/")


def test_unknown_slug_answers_404_with_the_closest_models(client, two_models):
    response = client.get("/compare/llama-3-2-1b-instruc-vs-llama-guard-3-1b/")
    assert response.status_code == 404
    page = parse(response.content)
    assert ("/models/llama-3-2-1b-instruct/", "Llama 3.2 1B Instruct") in page.links
    assert "We could not find “llama-3-2-1b-instruc”" in visible_text(response.content)
    response = client.get("/models/lama-guard/")
    assert response.status_code == 404
    assert ("/models/llama-guard-3-1b/", "Llama Guard 3 1B") in parse(response.content).links


def test_unpublished_model_is_not_found(client, two_models):
    hidden = make_model("Secret Model", published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/compare/llama-guard-3-1b-vs-{hidden.slug}/").status_code == 404


def test_pick_form_lands_on_the_canonical_pair(client, two_models):
    response = client.get(
        reverse("comparisons:compare"), {"a": "llama guard 3 1b", "b": "Llama 3.2 1B Instruct"}
    )
    assert (response.status_code, response["Location"]) == (
        301,
        "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/",
    )
    response = client.get(
        reverse("comparisons:compare"), {"models": "llama-guard-3-1b,llama-3-2-1b-instruct"}
    )
    assert response["Location"] == "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"a": "llama guard 3 1b", "b": "gpt-9"}, "No model matches “gpt-9”."),
        ({"a": "llama guard 3 1b"}, "Choose two models to compare."),
        (
            {"a": "llama guard 3 1b", "b": "llama-guard-3-1b"},
            "Llama Guard 3 1B is already in the comparison: choose a different model.",
        ),
    ],
)
def test_pick_form_errors_are_400_with_a_message(client, two_models, params, message):
    response = client.get(reverse("comparisons:compare"), params)
    assert response.status_code == 400
    assert message in visible_text(response.content)


def test_vendor_and_provider_pages(client, two_models):
    a, _ = two_models
    provider = a.offerings.get().provider
    assert client.get("/vendors/meta/").status_code == 200
    assert client.get(f"/providers/{provider.slug}/").status_code == 200
    assert client.get("/vendors/nobody/").status_code == 404
    assert client.get("/VENDORS/meta/").status_code == 404
    assert client.get("/vendors/META/")["Location"] == "/vendors/meta/"


slug_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)


class ArbitraryUrls(HypothesisTestCase):
    """No URL of the site answers 500, whatever is typed in it."""

    @classmethod
    def setUpTestData(cls):
        vendor = make_vendor("Meta")
        model = make_model("Llama 3.2 1B Instruct", vendor=vendor)
        make_offering(model, make_provider("Fireworks AI"))
        make_model("Llama Guard 3 1B", vendor=vendor)

    @settings(max_examples=60)
    @given(
        st.one_of(slug_text, st.text(alphabet=string.ascii_letters + string.digits + "-", max_size=60)),
        slug_text,
    )
    def test_no_url_answers_500(self, first, second):
        paths = [
            f"/compare/{quote(first, safe='')}/",
            f"/compare/{quote(first, safe='')}-vs-{quote(second, safe='')}/",
            f"/compare/llama-3-2-1b-instruct-vs-{quote(second, safe='')}/",
            f"/models/{quote(first, safe='')}/",
            f"/vendors/{quote(first, safe='')}/",
            f"/providers/{quote(first, safe='')}/",
        ]
        for path in paths:
            response = self.client.get(path)
            assert response.status_code in (200, 301, 404), (path, response.status_code)
        response = self.client.get("/compare/", {"a": first, "b": second})
        assert response.status_code in (301, 400)
        response = self.client.get(
            "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/",
            {"input_tokens": first, "output_tokens": second},
        )
        assert response.status_code in (200, 400)
