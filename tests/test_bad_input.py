"""Every field of every public form, typed as people type and as nobody should: never a 5xx, and every 400
says what is wrong once per error, next to the field it is about.

Property-based (hypothesis, the `ci` profile of tests/conftest.py): numbers with and without thousands
separators, in other scripts, negative, fractional, huge, percentages outside 0-100, empty, junk, and
parameters given twice.
"""

import re
from decimal import Decimal

from django.http import QueryDict
from django.test import override_settings
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from catalog.models import Purpose
from comparisons.forms import CAPABILITY_CHOICES, SORTS, CalculatorForm, DirectoryForm
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import visible_text

PAIR = "/compare/gpt-4o-vs-llama-3-2-1b-instruct/"
THREE = "/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
SEPARATORS = [",", " ", "\u00a0", "\u202f", "\u2009", "_", "'", ".", "\u066c"]
DIGITS = ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "〇一二三四五六七八九"]
# No limit gets in the way of a hundred requests a second from one client here.
UNLIMITED = {"suggest": (10**9, 60), "calculator": (10**9, 60), "login": (5, 900)}


@st.composite
def grouped(draw) -> str:
    number = draw(st.integers(min_value=-(10**16), max_value=10**16))
    return f"{number:,}".replace(",", draw(st.sampled_from(SEPARATORS)))


@st.composite
def other_script(draw) -> str:
    text = draw(st.one_of(st.integers(0, 10**13).map(str), grouped()))
    return text.translate(str.maketrans("0123456789", draw(st.sampled_from(DIGITS))))


typed = st.one_of(
    st.integers(min_value=-(10**16), max_value=10**16).map(str),
    grouped(),
    other_script(),
    st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=3).map(str),
    st.decimals(min_value=-500, max_value=500, allow_nan=False, places=2).map(lambda d: f"{d}%"),
    st.floats().map(str),
    st.integers(min_value=10**13, max_value=10**60).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            ".",
            ",",
            "%",
            "1e309",
            "NaN",
            "-Infinity",
            "∞",
            "9" * 5000,
            "0x10",
            "1,5",
            "1.000",
            "12,34,5",
            "5.",
            ".5",
            "+7",
            "−3",
            "١٬٠٠٠",
            "100.001",
            "100.00",
            "0.001",
            "1_0",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
)


def query(fields: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, values)
    return data


values = st.lists(typed, min_size=1, max_size=2)  # two values: a parameter given twice


def check_form_errors(test, form, html: str, *, next_to_fields: bool) -> None:
    """Each error once in the page's text; a field's error inside that field's own paragraph."""
    text = visible_text(html)
    for name, errors in form.errors.items():
        for message in errors:
            test.assertEqual(text.count(message), 1, (name, message, text[-2000:]))
            if name != "__all__" and next_to_fields:
                block = re.search(rf'<p class="field">\s*<label for="id_{name}">.*?</p>', html, re.S)
                test.assertIsNotNone(block, name)
                test.assertIn(escape(message), block[0])
                test.assertIn(f'aria-describedby="id_{name}-error"', block[0])


@override_settings(RATE_LIMITS=UNLIMITED)
class BadInput(TestCase):
    @classmethod
    def setUpTestData(cls):
        meta, openai = make_vendor("Meta"), make_vendor("OpenAI")
        fireworks = make_provider("Fireworks AI")
        for name, vendor, purpose in (
            ("Llama 3.2 1B Instruct", meta, Purpose.CHAT),
            ("GPT-4o", openai, Purpose.CHAT),
            ("Llama Guard 3 1B", meta, Purpose.SAFETY_CLASSIFIER),
        ):
            model = make_model(name, vendor=vendor, purpose=purpose, context_window=131072)
            make_offering(model, fireworks, input_price=Decimal("0.1"), output_price=Decimal("0.2"),
                          cached_input_price=Decimal("0.05"))

    @given(
        st.dictionaries(st.sampled_from(list(CalculatorForm.base_fields)), values, max_size=6),
        st.sampled_from([PAIR, THREE]),
        st.booleans(),
    )
    def test_calculator(self, fields, url, htmx):
        data = query(fields)
        response = self.client.get(
            f"{url}?{data.urlencode()}", headers={"HX-Request": "true"} if htmx else {}
        )
        html = response.content.decode()
        if not fields and not htmx:
            self.assertEqual(response.status_code, 200)  # the page, with its default calculator
            return
        form = CalculatorForm(data)
        self.assertEqual(response.status_code, 200 if form.is_valid() else 400, (fields, form.errors))
        self.assertEqual("<html" in html, not htmx)
        if form.is_valid():
            self.assertIn(f"For {form.cleaned_data['monthly_input']:,} input and", visible_text(html))
        else:
            check_form_errors(self, form, html, next_to_fields=True)

    @given(
        st.dictionaries(
            st.sampled_from(
                [
                    "q",
                    "vendor",
                    "provider",
                    "purpose",
                    "capability",
                    "open_weights",
                    "min_context",
                    "max_price",
                    "sort",
                    "page",
                ]
            ),
            st.lists(
                st.one_of(
                    typed,
                    st.sampled_from(
                        [
                            "meta",
                            "fireworks-ai",
                            "nobody",
                            "chat",
                            "safety_classifier",
                            "yes",
                            "no",
                            "price",
                            "context",
                            *(key for key, _ in CAPABILITY_CHOICES),
                            *SORTS,
                        ]
                    ),
                ),
                min_size=1,
                max_size=2,
            ),
            max_size=5,
        ),
        st.booleans(),
    )
    def test_directory(self, fields, htmx):
        data = query(fields)
        response = self.client.get(
            f"/models/?{data.urlencode()}", headers={"HX-Request": "true"} if htmx else {}
        )
        self.assertIn(response.status_code, (200, 400), fields)
        form = DirectoryForm(data or None)
        valid = not form.is_bound or form.is_valid()
        self.assertEqual(response.status_code, 200 if valid else 400, (fields, form.errors))
        if not valid:
            # Each message once, beside its field: in the form on the page,
            # or swapped there out of band by htmx.
            html = response.content.decode()
            text = " ".join(visible_text(html).split())
            # Two fields can have the same message ("Select a valid choice..."): once beside each.
            said = [" ".join(m.split()) for errors in form.errors.values() for m in errors]
            for name, errors in form.errors.items():
                for message in errors:
                    message_text = " ".join(message.split())
                    self.assertEqual(text.count(message_text), said.count(message_text), (name, message))
                    slot = re.search(
                        rf'<span class="error" id="id_{name}-error"[^>]*>(.*?)</span>', html, re.S
                    )
                    self.assertIsNotNone(slot, name)
                    self.assertIn(escape(message), slot[1])
                    if htmx:
                        self.assertIn('data-hx-swap-oob="true"', slot[0])
                    else:
                        self.assertIn(f'aria-describedby="id_{name}-error"', html)

    @given(
        st.dictionaries(
            st.sampled_from(["q", "field", "a", "b", "c", "add"]),
            st.lists(
                st.one_of(typed, st.sampled_from(["a", "b", "c", "llama", "gpt 4o"])), min_size=1, max_size=2
            ),
            max_size=4,
        ),
    )
    def test_picker_suggestions(self, fields):
        data = query(fields)
        response = self.client.get(f"/models/suggest/?{data.urlencode()}", headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200, fields)
        self.assertNotIn("<html", response.content.decode())

    @given(
        st.lists(
            st.one_of(
                st.sampled_from(["gpt-4o", "GPT-4o", "llama 3.2 1b instruct", "llama-guard-3-1b", "nobody"]),
                typed,
            ),
            max_size=6,
        ),
        st.one_of(st.none(), typed, st.sampled_from(["Llama Guard 3 1B", "gpt-4o"])),
        st.booleans(),
    )
    def test_compare_picker(self, models, add, by_pair):
        if by_pair:
            data = {"a": models[0] if models else "", "b": models[1] if len(models) > 1 else (add or "")}
        else:
            data = {"models": ",".join(models)} | ({"add": add} if add is not None else {})
        response = self.client.get("/compare/", data)
        self.assertIn(response.status_code, (301, 400), data)
        if response.status_code == 301:
            self.assertRegex(response["Location"], r"^/compare/[a-z0-9-]+-vs-[a-z0-9-]+/$")
            landing = self.client.get(response["Location"])
            self.assertIn(landing.status_code, (200, 301), response["Location"])
        else:
            text = visible_text(response.content)
            errors = [
                line
                for line in text.split("\n")
                if line.startswith(("No model matches", "Choose two models", "Compare at most"))
                or "is already in the comparison" in line
            ]
            self.assertTrue(errors, text)
            self.assertEqual(len(errors), len(set(errors)), errors)  # each message once
