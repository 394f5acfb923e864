"""Hostile requests: every route, every query parameter, odd input. Never a 5xx."""

import string
from decimal import Decimal
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import make_model, make_offering, make_provider, make_vendor

ROUTES = [
    "/", "/compare/", "/compare/{a}-vs-{b}/", "/compare/{a}-vs-{b}-vs-{c}/", "/models/", "/models/suggest/",
    "/models/{a}/", "/models/{a}/comparisons/", "/vendors/{v}/", "/providers/{p}/", "/methodology/",
    "/robots.txt", "/sitemap.xml", "/sitemap-models.xml", "/sitemap-comparisons-1.xml", "/{x}/",
]
PARAMETERS = [
    "a",
    "b",
    "q",
    "field",
    "models",
    "add",
    "page",
    "sort",
    "vendor",
    "provider",
    "purpose",
    "capability",
    "open_weights",
    "min_context",
    "max_price",
    "input_tokens",
    "output_tokens",
    "requests",
    "input_per_request",
    "output_per_request",
    "cache_hit",
]
odd_text = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=50),
    st.sampled_from(["\x00", "-1", "1e309", "NaN", "Infinity", "0x10", "9" * 5000, "‮gpt", "../../etc/passwd",
                     "<script>", "'; DROP TABLE x; --", "%00", "１２３", "0.0000001", ""]),
    st.text(string.digits, min_size=20, max_size=400),
)


class HostileRequests(TestCase):
    @classmethod
    def setUpTestData(cls):
        vendor, provider = make_vendor("Meta"), make_provider("Fireworks AI")
        for name in ("Llama 3.2 1B Instruct", "Llama Guard 3 1B", "GPT-4o"):
            make_offering(
                make_model(name, vendor=vendor),
                provider,
                input_price=Decimal("0.1"),
                output_price=Decimal("0.2"),
            )

    @settings(max_examples=60)
    @given(
        st.sampled_from(ROUTES),
        st.dictionaries(st.sampled_from(PARAMETERS) | odd_text, odd_text, max_size=6),
        st.sampled_from(["llama-3-2-1b-instruct", "gpt-4o", "llama-guard-3-1b"]) | odd_text,
        st.booleans(),
    )
    def test_no_route_answers_5xx(self, route, params, slug, htmx):
        path = route.format(
            a=quote(slug, safe=""),
            b="gpt-4o",
            c="llama-guard-3-1b",
            v=quote(slug, safe=""),
            p=quote(slug, safe=""),
            x=quote(slug, safe=""),
        )
        headers = {"HX-Request": "true"} if htmx else {}
        response = self.client.get(path, params, headers=headers)
        assert response.status_code < 500, (path, params, response.status_code)
        if response.status_code == 400:
            assert response.content, "a 400 says what was wrong"

    def test_more_than_a_thousand_parameters_is_a_400_with_a_message(self):
        query = "&".join(f"p{n}=1" for n in range(1_100))
        for path in (
            "/models/",
            "/compare/",
            "/models/suggest/",
            "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/",
        ):
            response = self.client.get(f"{path}?{query}")
            assert response.status_code == 400, path
            assert "too many parameters" in response.content.decode()
        # A page that reads no parameter ignores them.
        assert self.client.get(f"/methodology/?{query}").status_code == 200
