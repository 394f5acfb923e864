"""Finding the page a visitor meant: the picker's type-ahead suggestions and its target, the 301 from
another spelling of a model's URL (a former slug of a renamed model, capitals), and the 404 that names
what was not found and suggests the closest models."""

import unicodedata

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import FormerSlug, LanguageModel, Purpose
from catalog.slugs import is_slug, pair_slug

from .caching import Version, cached_page, read_revisions, version_for_all_models
from .content import Choice, closest, resolve, search
from .throttle import rate_limited

# The most models one comparison shows side by side.
MAX_MODELS = 4


def _choices() -> list[Choice]:
    rows = LanguageModel.objects.published().values_list("name", "slug", "vendor__name", "purpose")
    return [Choice(name, slug, vendor, Purpose(purpose).label) for name, slug, vendor, purpose in rows]


def printable(text: str) -> str:
    """Drop control characters (NUL and the like) from text a visitor typed before showing it."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def not_found(request: HttpRequest, missing: list[str]) -> HttpResponse:
    """404 that names what was not found and links the closest models instead."""
    missing = [printable(m)[:100] for m in missing]
    choices = _choices()
    suggestions = list(dict.fromkeys(c for word in missing for c in closest(word.replace("-", " "), choices)))
    return render(
        request,
        "comparisons/not_found.html",
        {"missing": missing, "suggestions": suggestions, "title": "Model not found"},
        status=404,
    )


def permanent(url: str, request: HttpRequest) -> HttpResponsePermanentRedirect:
    """301 to `url`, keeping the query string."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def current_slugs(request: HttpRequest, slugs: list[str]) -> list[str] | HttpResponse:
    """`slugs` with each former slug of a renamed published model replaced by its current one, or the 404
    naming those that name no published model."""
    found = read_revisions(request, slugs).models
    if len(found) == len(set(slugs)):
        return slugs
    renamed = dict(
        FormerSlug.objects.filter(slug__in=slugs, model__published=True).values_list("slug", "model__slug")
    )
    missing = [s for s in slugs if s not in found and s not in renamed]
    return not_found(request, missing) if missing else [renamed.get(s, s) for s in slugs]


def model_redirect(request: HttpRequest, slug: str, url_name: str) -> HttpResponse | None:
    """The 301 (to the current, lower-case slug) or 404 to answer instead of a model's page, if any."""
    current = (
        current_slugs(request, [slug.lower()])
        if is_slug(slug.lower())
        else not_found(request, [slug.lower()])
    )
    if isinstance(current, HttpResponse):
        return current
    return permanent(reverse(url_name, args=current), request) if current[0] != slug else None


def _suggest_query(request: HttpRequest) -> tuple[str, str]:
    """(which picker field asks, the text typed so far)."""
    field = request.GET.get("field", "")
    field = field if field in ("a", "b", "c") else ""
    return field, printable(request.GET.get("q") or request.GET.get(field) or request.GET.get("add") or "")[
        :100
    ]


def _suggest_key(request: HttpRequest) -> Version:
    # Keyed by the query as typed: the fragment echoes it ("No model matches ..."), so "GPT" and "gpt" differ.
    field, query = _suggest_query(request)
    return version_for_all_models("suggest", (field, query.strip()))


@require_safe
@rate_limited("suggest")
@cached_page(_suggest_key)
def suggest_models(request: HttpRequest) -> HttpResponse:
    """Type-ahead suggestions for the model picker: a fragment with its own URL (never a page's)."""
    field, query = _suggest_query(request)
    return render(
        request,
        "comparisons/_suggestions.html",
        {
            "suggestions": search(query, _choices()) if query.strip() else [],
            "query": query,
            "field": field,
        },
    )


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """The pickers' target: `?a=...&b=...`, or `?models=a,b[,c,d]` plus an optional `add`, by slug or
    name, answered with a 301 to the canonical pair or N-way URL."""
    if "models" in request.GET:
        queries = request.GET.get("models", "").split(",") + [request.GET.get("add", "")]
    else:
        queries = [request.GET.get(key, "") for key in ("a", "b")]
    queries = [printable(q).strip()[:200] for q in queries if q.strip()][: MAX_MODELS + 1]
    errors, found = [], []
    choices = _choices()
    for query in queries:
        choice = resolve(query, choices)
        if choice is None:
            if all(query != q for q, _, _ in errors):  # the same text twice is one mistake, said once
                errors.append((query, f"No model matches “{query}”.", closest(query, choices)))
        elif choice in found:
            errors.append(
                (query, f"{choice.name} is already in the comparison: choose a different model.", [])
            )
        else:
            found.append(choice)
    if not errors and len(found) < 2:
        errors.append(("", "Choose two models to compare.", []))
    if not errors and len(found) > MAX_MODELS:
        errors.append(("", f"Compare at most {MAX_MODELS} models at a time.", []))
    if errors:
        return render(
            request,
            "comparisons/compare_form.html",
            {
                "errors": errors,
                "queries": queries,
                "title": "Compare models",
                "noindex": True,
            },
            status=400,
        )
    return redirect("comparisons:compare_pair", pair=pair_slug(*(c.slug for c in found)), permanent=True)
