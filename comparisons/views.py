"""Public pages: parse the URL, look the facts up in a fixed number of queries, render.

Everything a page says is computed by the builders in facts/pricing/prose/faq/pages. Each public page
is served through `caching.serve`: one small query reads the data revisions the page depends on, and an
unchanged page comes from the cache (or answers 304) without touching anything else.
"""

import functools
import unicodedata

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import (
    DEFAULT_OUTPUT_SHARE,
    REVIEW_INTERVAL,
    FactsRevision,
    FormerSlug,
    LanguageModel,
    Offering,
    PairNote,
    Provider,
    Vendor,
)
from catalog.slugs import PAIR_SEPARATOR, is_slug

from . import caching
from .forms import CalculatorForm
from .facts import model_facts, offering_facts
from .pages import (
    EditorNote,
    MIN_DIFFERENCES_TO_INDEX,
    PricePoint,
    build_calculation,
    build_comparison,
    build_model_page,
    faq_json_ld,
    offering_row,
    price_history,
)
from .pricing import cheapest
from .parts import catalog_cards, model_parts, related_candidates
from .related import pair_slug, pair_url, rank_related
from .suggest import Choice, closest, resolve

MODELS_PER_PAGE = 50


def _choices() -> list[Choice]:
    return [Choice(name, slug) for name, slug in LanguageModel.objects.published().values_list("name", "slug")]


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


def printable(text: str) -> str:
    """Drop control characters (NUL and the like) from text a visitor typed before showing it."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def _permanent(url: str, request: HttpRequest) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return caching.serve(request, caching.version_for_catalog("home"), lambda: _home(request))


def _home(request: HttpRequest) -> HttpResponse:
    newest = list(
        LanguageModel.objects.published().select_related("vendor").order_by("-release_date", "name")
        .filter(release_date__isnull=False)[:8]
    )
    # Popular: pairs editors wrote notes for, then the most widely offered models with a close rival.
    notes = list(PairNote.objects.select_related("model_a", "model_b")
                 .filter(model_a__published=True, model_b__published=True)[:4])
    popular = [(n.model_a, n.model_b) for n in notes]
    top = list(LanguageModel.objects.published().with_offering_counts().order_by("-offering_count", "name")[:16])
    seen = {frozenset((a.pk, b.pk)) for a, b in popular}
    for model in top:
        others = [m for m in top if m.pk != model.pk]
        for suggestion in rank_related([model], others, limit=3):
            key = frozenset((model.pk, suggestion.other.pk))
            if key not in seen:
                seen.add(key)
                popular.append((model, suggestion.other))
                break
    pairs = [(a, b, pair_slug(a.slug, b.slug)) for a, b in popular[:8]]
    return render(request, "comparisons/home.html", {
        "newest": newest,
        "pairs": pairs,
        "canonical_path": reverse("comparisons:home"),
    })


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """The plain form's target: `?a=...&b=...` or `?models=a,b`, by slug or name, to the canonical pair URL."""
    if "models" in request.GET:
        queries = [q for q in request.GET.get("models", "").split(",") if q.strip()]
    else:
        queries = [request.GET.get(key, "") for key in ("a", "b")]
    queries = [q.strip()[:200] for q in queries]
    errors, found = [], []
    choices = _choices()
    if len([q for q in queries if q]) != 2:
        errors.append(("", "Choose two models to compare.", []))
    else:
        for query in queries:
            choice = resolve(query, choices)
            if choice is None:
                errors.append((query, f"No model matches “{query}”.", closest(query, choices)))
            else:
                found.append(choice)
        if len(found) == 2 and found[0].slug == found[1].slug:
            errors.append((queries[1], "Choose two different models.", []))
    if errors:
        return render(request, "comparisons/compare_form.html", {
            "errors": errors, "queries": queries, "title": "Compare two models", "noindex": True,
        }, status=400)
    return redirect("comparisons:compare_pair", pair=pair_slug(found[0].slug, found[1].slug), permanent=True)


def _calculator_params(request: HttpRequest) -> tuple | None:
    """The calculator's input as part of a cache key: () without it, None when it is not plain numbers
    (such a page is rendered, not cached: it answers 400 or is rare)."""
    values = tuple(request.GET.get(key) for key in CalculatorForm.base_fields)
    if all(v is None for v in values):
        return ()
    if all(v is not None and v.isascii() and v.isdigit() and len(v) <= 13 for v in values):
        return tuple(int(v) for v in values)
    return None


def _revisions(slugs: list[str]) -> tuple[dict[str, tuple[int, int]], int | None, list[tuple]]:
    """{slug: (pk, revision)} of the published models among `slugs`, the catalog-wide revision, and the
    rows for a cache key: one query."""
    rows = FactsRevision.objects.lookup(slugs=slugs, scopes=(FactsRevision.CATALOG,))
    found = {slug: (pk, revision) for pk, slug, revision, _ in rows if slug is not None}
    catalog = next((revision for pk, slug, revision, _ in rows if slug is None), None)
    return found, catalog, [(pk, revision, changed) for pk, _, revision, changed in rows]


@require_GET
def compare_pair(request: HttpRequest, pair: str) -> HttpResponse:
    slugs = pair.split(PAIR_SEPARATOR)
    params = _calculator_params(request)
    if len(slugs) == 2 and pair == pair_slug(*slugs) and slugs[0] != slugs[1] and all(map(is_slug, slugs)) \
            and params is not None:
        found, catalog, rows = _revisions(slugs)
        if len(found) == 2:
            version = caching.make_version("pair", (pair, params), rows)
            return caching.serve(request, version, lambda: _pair_page(request, pair, found, catalog))
    return _compare_pair(request, pair)


def _compare_pair(request: HttpRequest, pair: str) -> HttpResponse:
    """Everything but a plain canonical pair: redirects, 404s with suggestions, unusual query strings."""
    slugs = pair.lower().split(PAIR_SEPARATOR)
    if len(slugs) != 2 or not all(is_slug(s) for s in slugs):
        # Not two slugs at all (no database lookup for text that cannot be one): suggest by words.
        return not_found(request, [s for s in slugs if s] or [pair])
    found, catalog, _ = _revisions(slugs)
    if len(found) < len(set(slugs)):
        # An old slug of a renamed model, or an unknown one.
        renamed = dict(
            FormerSlug.objects.filter(slug__in=slugs, model__published=True).values_list("slug", "model__slug")
        )
        missing = [s for s in slugs if s not in found and s not in renamed]
        if missing:
            return not_found(request, missing)
        current = [renamed.get(s, s) for s in slugs]
        if current[0] == current[1]:
            return _permanent(reverse("comparisons:model_detail", args=[current[0]]), request)
        return _permanent(reverse("comparisons:compare_pair", args=[pair_slug(*current)]), request)
    if slugs[0] == slugs[1]:
        return _permanent(reverse("comparisons:model_detail", args=[slugs[0]]), request)
    canonical = pair_slug(*slugs)
    if pair != canonical:
        return _permanent(reverse("comparisons:compare_pair", args=[canonical]), request)
    return _pair_page(request, canonical, found, catalog)


def _pair_page(request: HttpRequest, pair: str, found: dict[str, tuple[int, int]], catalog: int | None) -> HttpResponse:
    """The comparison page of a canonical pair of published models, built from per-model parts."""
    a_slug, b_slug = pair.split(PAIR_SEPARATOR)
    parts = model_parts(dict(found.values()))
    a, b = parts[found[a_slug][0]], parts[found[b_slug][0]]
    editor_note = None
    if b.card.pk in a.note_partners:
        note = PairNote.objects.for_pair(a.card, b.card).prefetch_related("questions").first()
        editor_note = EditorNote(
            intro=note.intro,
            last_reviewed=note.last_reviewed,
            questions=tuple((q.question, q.answer) for q in note.questions.all()),
        ) if note else None
    page = build_comparison(a.facts, b.facts, editor_note)
    anchors = [a.card, b.card]
    related = rank_related(anchors, related_candidates(anchors, catalog_cards(catalog)), limit=8)
    calculator_form, calculation, status = _calculator(request, page)
    return render(request, "comparisons/compare.html", {
        "calculator_form": calculator_form,
        "calculator_html": _default_calculator() if calculator_form is None else None,
        "calculation": calculation,
        "page": page,
        "offering_tables": [a.offering_table, b.offering_table],
        "related": related,
        "faq_ld": faq_json_ld(page),
        "canonical_path": pair_url(pair),
        "noindex": not page.indexable,
        "min_differences": MIN_DIFFERENCES_TO_INDEX,
    }, status=status)


DEFAULT_WORKLOAD = {"input_tokens": 1_000_000, "output_tokens": 1_000_000}


@functools.cache
def _default_calculator() -> str:
    """The calculator as every pair shows it before a visitor types anything: rendered once per process."""
    form = CalculatorForm(initial=DEFAULT_WORKLOAD)
    return render_to_string("comparisons/_calculator.html", {"calculator_form": form})


def _calculator(request: HttpRequest, page):
    """The cost calculator's form and result; bad input answers 400 with the message on the page.
    No form (None) when the visitor has not used it: the page shows `_default_calculator()`."""
    if not any(key in request.GET for key in CalculatorForm.base_fields):
        return None, None, 200
    form = CalculatorForm(request.GET)
    if not form.is_valid():
        return form, None, 400
    calculation = build_calculation(page.pair, form.cleaned_data["input_tokens"], form.cleaned_data["output_tokens"])
    return form, calculation, 200


@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("page", "1")
    if number.isascii() and number.isdigit() and len(number) <= 6:
        # Every published model is on some page of the directory: any change at all rebuilds it.
        version = caching.version_for_scopes(
            "directory", (int(number),), (FactsRevision.CATALOG, FactsRevision.ANY_CHANGE)
        )
        return caching.serve(request, version, lambda: _model_list(request))
    return _model_list(request)


def _model_list(request: HttpRequest) -> HttpResponse:
    models = LanguageModel.objects.published().with_facts().order_by("name")
    page = Paginator(models, MODELS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for model in page.object_list:
        facts = model_facts(model)
        best = cheapest(facts.offerings)
        rows.append((model, facts, offering_row(best) if best else None))
    return render(request, "comparisons/model_list.html", {
        "page_obj": page,
        "rows": rows,
        "canonical_path": reverse("comparisons:model_list") + (f"?page={page.number}" if page.number > 1 else ""),
    })


@require_GET
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if is_slug(slug):
        found, catalog, rows = _revisions([slug])
        if found:
            version = caching.make_version("model", (slug,), rows)
            return caching.serve(request, version, lambda: _model_page(request, found[slug], catalog))
    return _model_detail(request, slug)


def _model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything but a published model's canonical URL: 301 to the current slug, or 404."""
    canonical = slug.lower()
    if not is_slug(canonical):
        return not_found(request, [canonical])
    found, catalog, _ = _revisions([canonical])
    if not found:
        renamed = FormerSlug.objects.filter(slug=canonical, model__published=True).values_list("model__slug", flat=True).first()
        if renamed:
            return _permanent(reverse("comparisons:model_detail", args=[renamed]), request)
        return not_found(request, [canonical])
    if slug != canonical:
        return _permanent(reverse("comparisons:model_detail", args=[canonical]), request)
    return _model_page(request, found[canonical], catalog)


def _model_page(request: HttpRequest, revision: tuple[int, int], catalog: int | None) -> HttpResponse:
    pk = revision[0]
    parts = model_parts(dict([revision]))[pk]
    facts = parts.facts
    rows = Offering.history.filter(model_id=pk).select_related("provider").order_by("history_date", "history_id")
    points = [
        PricePoint(r.history_date, r.provider.name if r.provider else "Removed provider", r.input_price, r.output_price)
        for r in rows
        if r.history_type != "-"
    ]
    page = build_model_page(facts, price_history(points, timezone.now(), facts.name))
    related = rank_related([parts.card], related_candidates([parts.card], catalog_cards(catalog)), limit=8)
    return render(request, "comparisons/model_detail.html", {
        "page": page,
        "related": related,
        "canonical_path": reverse("comparisons:model_detail", args=[facts.slug]),
    })


@require_GET
def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if is_slug(slug):
        version = caching.version_for_list("vendor", (slug,), Q(vendor__slug=slug))
        return caching.serve(request, version, lambda: _vendor_detail(request, slug))
    return _vendor_detail(request, slug)


def _vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_slug(slug.lower()):
        raise Http404("No such vendor.")
    vendor = get_object_or_404(Vendor, slug=slug.lower())
    if slug != vendor.slug:
        return _permanent(vendor.get_absolute_url(), request)
    models = list(LanguageModel.objects.published().with_facts().filter(vendor=vendor).order_by("-release_date", "name"))
    rows = []
    for m in models:
        best = cheapest(model_facts(m).offerings)
        rows.append((m, offering_row(best) if best else None))
    # Compare the vendor's models with each other: each model with its closest sibling.
    pairs, seen = [], set()
    for model in models:
        for suggestion in rank_related([model], [m for m in models if m.pk != model.pk], limit=1):
            key = frozenset((model.pk, suggestion.other.pk))
            if key not in seen:
                seen.add(key)
                pairs.append((model, suggestion.other, pair_slug(model.slug, suggestion.other.slug)))
    return render(request, "comparisons/vendor_detail.html", {
        "vendor": vendor,
        "rows": rows,
        "pairs": pairs[:12],
        "canonical_path": vendor.get_absolute_url(),
    })


@require_GET
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if is_slug(slug):
        version = caching.version_for_list(
            "provider", (slug,), Q(offerings__provider__slug=slug, offerings__active=True)
        )
        return caching.serve(request, version, lambda: _provider_detail(request, slug))
    return _provider_detail(request, slug)


def _provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_slug(slug.lower()):
        raise Http404("No such provider.")
    provider = get_object_or_404(Provider, slug=slug.lower())
    if slug != provider.slug:
        return _permanent(provider.get_absolute_url(), request)
    offerings = list(
        provider.offerings.filter(active=True, model__published=True)
        .select_related("model", "model__vendor", "provider").order_by("model__name")
    )
    rows = [(o, offering_row(offering_facts(o))) for o in offerings]
    return render(request, "comparisons/provider_detail.html", {
        "provider": provider,
        "rows": rows,
        "canonical_path": provider.get_absolute_url(),
    })


@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
    return caching.serve(request, caching.version_for_catalog("methodology"), lambda: _methodology(request))


def _methodology(request: HttpRequest) -> HttpResponse:
    output_share = int(DEFAULT_OUTPUT_SHARE * 100)
    return render(request, "comparisons/methodology.html", {
        "output_share": output_share,
        "input_share": 100 - output_share,
        "review_days": REVIEW_INTERVAL.days,
        "min_differences": MIN_DIFFERENCES_TO_INDEX,
        "max_age": caching.MAX_AGE,
        "stale_while_revalidate": caching.STALE_WHILE_REVALIDATE,
        "max_lag": caching.MAX_AGE + caching.STALE_WHILE_REVALIDATE,
        "canonical_path": reverse("comparisons:methodology"),
    })
