"""The comparison page's row tags escape what they show, exactly as the template engine would."""

import datetime

from django.utils.html import escape

from comparisons.content.faq import FaqEntry
from comparisons.content.pages import Row
from comparisons.content.related import Suggestion
from comparisons.templatetags.versus import capability_rows, faq_entries, pair_links, spec_rows

EVIL = '<script>alert("x")</script> & \'quotes\''


class Card:
    def __init__(self, slug, name):
        self.slug, self.name = slug, name


def test_rows_escape_text_and_mark_differences():
    html = spec_rows([Row(EVIL, "a", "b"), Row("Same", "x", "x")])
    assert "<script>" not in html and escape(EVIL) in html
    assert html.count('class="differs"') == 1
    assert 'class="support-yes">Yes<' in capability_rows([Row("Vision", "Yes", "No")])


def test_faq_and_links_escape_editor_text():
    html = faq_entries([FaqEntry(EVIL, EVIL, editorial=True), FaqEntry("Q", "A")], datetime.date(2026, 1, 2))
    assert "<script>" not in html and html.count(escape(EVIL)) == 2
    assert html.count("(Editor, reviewed Jan 2, 2026)") == 1
    links = pair_links([Suggestion(Card("a-1", EVIL), Card("b-2", "B"), "same vendor")])
    assert '<a href="/compare/a-1-vs-b-2/">' in links and "<script>" not in links


def test_prebuilt_links_match_reverse():
    from django.urls import reverse

    from comparisons.content.links import model_url, pair_url

    assert pair_url("a-vs-b-2") == reverse("comparisons:compare_pair", args=["a-vs-b-2"])
    assert model_url("llama-3") == reverse("comparisons:model_detail", args=["llama-3"])


def test_repeat_escapes_each_field():
    from comparisons.templatetags.versus import repeat

    assert repeat("<p>{}</p>", ["a<b", "c"]) == "<p>a&lt;b</p>\n<p>c</p>"
    assert repeat('<a href="{1}">{0}</a>', [("x", 'http://e/?a="1"')]) == '<a href="http://e/?a=&quot;1&quot;">x</a>'
