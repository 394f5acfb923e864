"""Rerankers have their own words: what one is for, and never a reason that fits only a model that writes."""

import pytest

from catalog.models import Purpose
from tests.factories import make_model, make_offering
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_a_reranker_is_described_as_one_and_never_chosen_for_writing(client):
    reranker = make_model("BGE Reranker v2 M3", purpose=Purpose.RERANKER, context_window=8192,
                          max_output_tokens=None, function_calling="no")
    chat = make_model("Llama 3.1 8B Instruct", context_window=131_072, max_output_tokens=4096,
                      function_calling="yes")
    make_offering(reranker)
    make_offering(chat)
    text = visible_text(client.get(reranker.get_absolute_url()).content)
    assert ("BGE Reranker v2 M3 is a reranker that scores how well each document answers a query, to order "
            "search results") in text
    text = visible_text(client.get(f"/compare/{reranker.slug}-vs-{chat.slug}/", follow=True).content)
    assert "BGE Reranker v2 M3 is a reranker, so the two do different jobs" in text
    # A reranker answers with scores: never picked for its outputs or for what a writer does.
    name = "BGE Reranker v2 M3"
    for reason in (f"Choose {name} when you need longer outputs", f"{name} for tool use"):
        assert reason not in text


def test_embedding_models_bill_no_output_and_are_never_free_on_it(client):
    small = make_model("Qwen3 Embedding 0.6B", purpose=Purpose.EMBEDDING)
    large = make_model("Qwen3 Embedding 8B", purpose=Purpose.EMBEDDING)
    chat = make_model("Llama 3.1 8B Instruct")
    make_offering(small, input_price="0.01", output_price="0")
    make_offering(large, input_price="0.02", output_price="0")
    make_offering(chat, input_price="0.05", output_price="0.08")
    text = visible_text(client.get(f"/compare/{large.slug}-vs-{small.slug}/", follow=True).content)
    assert "Neither bills output tokens: each returns vectors or scores, not text." in text
    assert "$0.00 per 1M tokens each" not in text
    text = visible_text(client.get(f"/compare/{chat.slug}-vs-{small.slug}/", follow=True).content)
    assert "Qwen3 Embedding 0.6B returns vectors, not text, so it bills no output tokens" in text
    assert "free on output" not in text
