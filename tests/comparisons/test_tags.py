"""The comparison page's fragments escape what they show; the versus filters return data, not markup."""

import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.html import escape

from comparisons.content import TITLE_LIMIT
from comparisons.content.charts import bar_chart
from comparisons.content.faq import FaqEntry
from comparisons.context_processors import site_links
from comparisons.templatetags.versus import json_ld, site_title

EVIL = '<script>alert("x")</script> & \'quotes\''


def test_faq_escapes_editor_text_and_dates_only_editor_questions():
    html = render_to_string("comparisons/compare.html#faq", {
        "entries": [FaqEntry(EVIL, EVIL, editorial=True), FaqEntry("Q", "A")],
        "reviewed": datetime.date(2026, 1, 2),
    })
    assert "<script>" not in html and html.count(escape(EVIL)) == 2
    assert html.count("(Editor, reviewed Jan 2, 2026)") == 1


def test_chart_escapes_names_and_draws_a_bar_per_model():
    chart = bar_chart("Price", [EVIL, "B"], [("Input", [(Decimal(1), "$1.00"), (Decimal(2), "$2.00")])])
    html = render_to_string("comparisons/compare.html#price-chart", {"chart": chart})
    assert "<script>" not in html and escape(EVIL) in html
    assert '<rect width="50.0" height="1" class="bar-0">' in html
    assert '<rect width="100.0" height="1" class="bar-1">' in html
    key = render_to_string("comparisons/compare.html#chart-key", {"chart": chart})
    assert f'class="key key-0">{escape(EVIL)}</span>' in key
    assert 'class="key key-1">B</span>' in key


def test_picker_is_filled_in_escaped():
    html = render_to_string("comparisons/_pick_form.html", {"first": EVIL, "second": "",
                                                            "LINKS": site_links()})
    assert "<script>" not in html and f'value="{escape(EVIL)}"' in html
    assert 'id="pick-a"' in html and 'id="pick-b"' in html and 'value=""' in html


def test_site_title_adds_the_name_only_within_the_limit():
    assert site_title("Short") == "Short · Versus"
    long = "x" * (TITLE_LIMIT - 3)
    assert site_title(long) == long


def test_json_ld_cannot_close_its_script_element():
    assert json_ld({"a": "</script><b>&"}) == '{"a": "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026"}'


def test_prebuilt_links_match_reverse():
    from django.urls import reverse

    from comparisons.content.links import model_url, pair_url

    assert pair_url("a-vs-b-2") == reverse("comparisons:compare_pair", args=["a-vs-b-2"])
    assert model_url("llama-3") == reverse("comparisons:model_detail", args=["llama-3"])
