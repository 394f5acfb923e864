import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from catalog.slugs import make_slug, validate_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Llama 3.2 1B Instruct", "llama-3-2-1b-instruct"),
        ("Llama Guard 3 1B", "llama-guard-3-1b"),
        ("GPT-4.1 mini", "gpt-4-1-mini"),
        ("Qwen2.5 72B", "qwen2-5-72b"),
        ("  Mistral  Large (2411) ", "mistral-large-2411"),
        ("Model vs Model", "model-versus-model"),
        ("Café Ünïcode", "cafe-unicode"),
    ],
)
def test_make_slug_keeps_version_dots_apart(name, slug):
    assert make_slug(name) == slug


def test_version_numbers_never_collide():
    assert make_slug("Llama 3.2") != make_slug("Llama 32")


@pytest.mark.parametrize(
    "bad", ["", "Upper", "two--hyphens", "-lead", "trail-", "a_b", "gpt-vs-claude", "vs-x", "x-vs", "vs"]
)
def test_validate_slug_rejects(bad):
    with pytest.raises(ValidationError):
        validate_slug(bad)


@given(st.text(max_size=60))
def test_generated_slugs_are_valid_and_pair_safe(name):
    slug = make_slug(name)
    if slug:
        validate_slug(slug)
        assert "vs" not in slug.split("-")
