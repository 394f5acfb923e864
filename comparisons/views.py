"""Public pages: parse the URL, look the facts up in a fixed number of queries, render.

Everything a page says is computed by the builders in facts/pricing/prose/faq/pages. Each public page
is served through `caching.serve`: one small query reads the data revisions the page depends on, and an
unchanged page comes from the cache (or answers 304) without touching anything else. htmx fragments,
N-way pages and unusual query strings are rendered each time and never stored under a page's URL.
"""

import functools
import unicodedata

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from catalog.models import (
    DEFAULT_OUTPUT_SHARE,
    REVIEW_INTERVAL,
    FactsRevision,
    FormerSlug,
    LanguageModel,
    Offering,
    PairNote,
    Provider,
    Purpose,
    Vendor,
)
from catalog.slugs import PAIR_SEPARATOR, is_slug, pair_slug

from . import caching
from .content import (
    MIN_DIFFERENCES_TO_INDEX,
    Choice,
    EditorNote,
    PricePoint,
    build_calculation,
    build_comparison,
    build_model_page,
    build_nway,
    cheapest,
    closest,
    faq_json_ld,
    model_facts,
    offering_facts,
    offering_row,
    pair_url,
    price_history,
    rank_related,
    resolve,
    search,
)
from .forms import CalculatorForm, DirectoryForm
from .indexing import Catalog
from .parts import catalog_cards, model_parts, related_candidates
from .sitemaps import sections as sitemap_sections
from .throttle import client_hit, rate_limited

MODELS_PER_PAGE = 50
MAX_MODELS = 4
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def _choices() -> list[Choice]:
    rows = LanguageModel.objects.published().values_list("name", "slug", "vendor__name", "purpose")
    return [Choice(name, slug, vendor, Purpose(purpose).label) for name, slug, vendor, purpose in rows]


def _fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page; history restores (the back button) get the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _varies_on_htmx(view):
    """A URL that answers both a page and an htmx fragment says so to every cache on the way."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, HTMX_HEADERS)
        if _fragment(request):
            # Never stored by a shared cache under the page's URL.
            patch_cache_control(response, private=True)
        return response

    return wrapped


def _fit(title: str, fallback: str) -> str:
    """A title of about 60 characters or fewer where the names allow."""
    return title if len(title) <= 60 else fallback


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


def _permanent(url: str, request: HttpRequest) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def _revisions(slugs: list[str]) -> tuple[dict[str, tuple[int, int]], int | None, list[tuple]]:
    """{slug: (pk, revision)} of the published models among `slugs`, the catalog-wide revision, and the
    rows for a cache key: one query."""
    rows = FactsRevision.objects.lookup(slugs=slugs, scopes=(FactsRevision.CATALOG,))
    found = {slug: (pk, revision) for pk, slug, revision, _ in rows if slug is not None}
    catalog = next((revision for pk, slug, revision, _ in rows if slug is None), None)
    return found, catalog, [(pk, revision, changed) for pk, _, revision, changed in rows]


def _catalog_wide(page: str, *parts) -> caching.Version:
    """For pages that list the whole catalog (directory, sitemaps, suggestions): any change rebuilds them."""
    return caching.version_for_scopes(page, parts, (FactsRevision.CATALOG, FactsRevision.ANY_CHANGE))


# Home and the picker ------------------------------------------------------------------------------

@require_safe
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
        "title": "Compare large language models: price, specs and benchmarks",
        "description": "Side-by-side comparisons of large language models: prices at every provider, specs, "
                       "capabilities and benchmarks, every number sourced and checked.",
        "vendors": Vendor.objects.filter(models__published=True).distinct().order_by("name"),
        "providers": Provider.objects.filter(offerings__active=True, offerings__model__published=True)
        .distinct().order_by("name"),
        "newest": newest,
        "pairs": pairs,
        "canonical_path": reverse("comparisons:home"),
    })


@require_safe
@rate_limited("suggest")
def suggest_models(request: HttpRequest) -> HttpResponse:
    """Type-ahead suggestions for the model picker: a fragment with its own URL (never a page's)."""
    field = request.GET.get("field", "")
    field = field if field in ("a", "b", "c") else ""
    query = printable(request.GET.get("q") or request.GET.get(field) or request.GET.get("add") or "")[:100]
    # Keyed by the query as typed: the fragment echoes it ("No model matches ..."), so "GPT" and "gpt" differ.
    version = _catalog_wide("suggest", field, query.strip())
    return caching.serve(request, version, lambda: render(request, "comparisons/_suggestions.html", {
        "suggestions": search(query, _choices()) if query.strip() else [], "query": query, "field": field,
    }))


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
            errors.append((query, f"{choice.name} is already in the comparison: choose a different model.", []))
        else:
            found.append(choice)
    if not errors and len(found) < 2:
        errors.append(("", "Choose two models to compare.", []))
    if not errors and len(found) > MAX_MODELS:
        errors.append(("", f"Compare at most {MAX_MODELS} models at a time.", []))
    if errors:
        return render(request, "comparisons/compare_form.html", {
            "errors": errors, "queries": queries, "title": "Compare models", "noindex": True,
        }, status=400)
    return redirect("comparisons:compare_pair", pair=pair_slug(*(c.slug for c in found)), permanent=True)


# Comparisons --------------------------------------------------------------------------------------

def _calculator_params(request: HttpRequest) -> tuple | None:
    """The calculator's input as part of a cache key: () without it, None when it is not plain whole
    numbers (such a page is rendered, not cached: it answers 400, or it is rare)."""
    values = tuple((key, request.GET[key]) for key in CalculatorForm.base_fields if key in request.GET)
    if all(v.isascii() and v.isdigit() and len(v) <= 13 for _, v in values):
        return tuple((k, int(v)) for k, v in values)
    return None


@require_safe
@_varies_on_htmx
def compare_pair(request: HttpRequest, pair: str) -> HttpResponse:
    """`/compare/a-vs-b/` (the pair page) and `/compare/a-vs-b-vs-c[-vs-d]/` (N-way, noindex)."""
    slugs = pair.split(PAIR_SEPARATOR)
    params = _calculator_params(request)
    if params != ():
        # The calculator is limited per client, whether or not its answer is cached, and whatever was typed
        # ("5,000,000" is not cached but is a calculation all the same).
        wait = client_hit(request, "calculator")
        if wait:
            return _compare_pair(request, pair, retry_after=wait)
    if len(slugs) == 2 and pair == pair_slug(*slugs) and slugs[0] != slugs[1] and all(map(is_slug, slugs)) \
            and params is not None and not _fragment(request):
        found, catalog, rows = _revisions(slugs)
        if len(found) == 2:
            version = caching.make_version("pair", (pair, params), rows)
            return caching.serve(request, version, lambda: _pair_page(request, pair, found, catalog))
    return _compare_pair(request, pair)


def _compare_pair(request: HttpRequest, pair: str, retry_after: int = 0) -> HttpResponse:
    """Everything but a cacheable pair page: redirects, 404s with suggestions, N-way pages, fragments."""
    slugs = pair.lower().split(PAIR_SEPARATOR)
    if not all(is_slug(s) for s in slugs) or len(slugs) > MAX_MODELS:
        # Not slugs at all (no database lookup for text that cannot be one): suggest by words.
        return not_found(request, [s for s in slugs if s][:MAX_MODELS] or [pair])
    if len(slugs) < 2:
        return not_found(request, slugs)
    found, catalog, _ = _revisions(slugs)
    if len(found) < len(set(slugs)):
        # An old slug of a renamed model, or an unknown one.
        renamed = dict(
            FormerSlug.objects.filter(slug__in=slugs, model__published=True).values_list("slug", "model__slug")
        )
        missing = [s for s in slugs if s not in found and s not in renamed]
        if missing:
            return not_found(request, missing)
        slugs = [renamed.get(s, s) for s in slugs]
    unique = sorted(set(slugs))
    if len(unique) == 1:
        return _permanent(reverse("comparisons:model_detail", args=[unique[0]]), request)
    canonical = pair_slug(*unique)
    if pair != canonical:
        return _permanent(reverse("comparisons:compare_pair", args=[canonical]), request)
    if len(unique) > 2:
        return _many_page(request, canonical, found, retry_after)
    return _pair_page(request, canonical, found, catalog, retry_after)


def _pair_page(request, pair: str, found: dict[str, tuple[int, int]], catalog: int | None, retry_after: int = 0):
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
    calculator_form, calculation, status = _calculator(request, [a.facts, b.facts], retry_after)
    context = {
        "calculator_form": calculator_form,
        "calculation": calculation,
        "models_param": f"{a_slug},{b_slug}",
    }
    if _fragment(request):
        return _with_retry_after(render(request, "comparisons/_calculator.html", context, status=status), retry_after)
    anchors = [a.card, b.card]
    context |= {
        "calculator_html": _default_calculator() if calculator_form is None else None,
        "page": page,
        "title": page.title,
        "description": page.description,
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (f"{a.facts.name} vs {b.facts.name}", None)],
        "offering_tables": [a.offering_table, b.offering_table],
        "related": rank_related(anchors, related_candidates(anchors, catalog_cards(catalog)), limit=8),
        "faq_ld": faq_json_ld(page),
        "canonical_path": pair_url(pair),
        "noindex": not page.indexable,
        "min_differences": MIN_DIFFERENCES_TO_INDEX,
    }
    return _with_retry_after(render(request, "comparisons/compare.html", context, status=status), retry_after)


def _many_page(request, canonical: str, found: dict[str, tuple[int, int]], retry_after: int = 0):
    """3 or 4 models side by side: noindex, rendered on request."""
    slugs = canonical.split(PAIR_SEPARATOR)
    parts = model_parts(dict(found[s] for s in slugs))
    facts = [parts[found[s][0]].facts for s in slugs]
    calculator_form, calculation, status = _calculator(request, facts, retry_after)
    context = {"calculator_form": calculator_form, "calculation": calculation, "models_param": ",".join(slugs)}
    if _fragment(request):
        return _with_retry_after(render(request, "comparisons/_calculator.html", context, status=status), retry_after)
    page = build_nway(facts)
    context |= {
        "calculator_html": _default_calculator() if calculator_form is None else None,
        "page": page, "noindex": True, "title": page.title, "description": page.description,
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (page.title, None)],
        "canonical_path": reverse("comparisons:compare_pair", args=[canonical]),
        # A fourth model can still be added to three; from four, each model can be dropped instead.
        "can_add": len(slugs) < MAX_MODELS,
        "without": [
            (m, pair_url(pair_slug(*(s for s in slugs if s != m.slug)))) for m in facts
        ],
    }
    return _with_retry_after(render(request, "comparisons/compare_many.html", context, status=status), retry_after)


def _with_retry_after(response: HttpResponse, retry_after: int) -> HttpResponse:
    if retry_after:
        response["Retry-After"] = str(retry_after)
        patch_cache_control(response, private=True, no_store=True)
    return response


DEFAULT_WORKLOAD = {"input_tokens": 1_000_000, "output_tokens": 1_000_000}


@functools.cache
def _default_calculator() -> str:
    """The calculator as every pair shows it before a visitor types anything: rendered once per process."""
    form = CalculatorForm(initial=DEFAULT_WORKLOAD)
    return render_to_string("comparisons/_calculator.html", {"calculator_form": form})


def _calculator(request: HttpRequest, models, retry_after: int = 0):
    """The cost calculator's form, its result and the page's status: 400 with the message where the
    result goes on bad input, 429 when the client has used it too often. No form (None) when the
    visitor has not used it: the page shows `_default_calculator()`."""
    if not any(key in request.GET for key in CalculatorForm.base_fields) and not _fragment(request):
        return None, None, 200
    # From here the visitor has used the calculator: an htmx recalculation with every field cleared (empty
    # fields are not sent) is answered like any other, with what to enter, not with an empty form.
    form = CalculatorForm(request.GET)
    if retry_after:
        form.is_valid()
        form.add_error(None, f"Too many calculations in a short time: please wait {retry_after} seconds and try again.")
        return form, None, 429
    if not form.is_valid():
        return form, None, 400
    data = form.cleaned_data
    return form, build_calculation(models, data["monthly_input"], data["monthly_output"], data["cache_share"]), 200


# The directory, models, vendors, providers --------------------------------------------------------

@require_safe
@_varies_on_htmx
def model_list(request: HttpRequest) -> HttpResponse:
    """The directory, with filters and sorting; htmx swaps the results and pushes the URL."""
    number = request.GET.get("page", "1")
    plain = set(request.GET) <= {"page"} and number.isascii() and number.isdigit() and len(number) <= 6
    if plain and not _fragment(request):
        return caching.serve(request, _catalog_wide("directory", int(number)), lambda: _model_list(request))
    return _model_list(request)


def _model_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    models = LanguageModel.objects.published().with_facts().with_cheapest_blended()
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        models = form.filter(models)
    sort = form.cleaned_data.get("sort") if form.is_bound and status == 200 else ""
    page = Paginator(models.order_by(*DirectoryForm.ordering(sort)), MODELS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for model in page.object_list:
        facts = model_facts(model)
        best = cheapest(facts.offerings)
        rows.append((model, facts, offering_row(best) if best else None))
    filtered = form.is_bound and any(v for k, v in request.GET.items() if k != "page")
    template = "comparisons/model_list.html#results" if _fragment(request) else "comparisons/model_list.html"
    return render(request, template, {
        "title": "All language models" + (f", page {page.number}" if page.number > 1 else ""),
        "description": "Every language model we track, with its vendor, purpose, context window, cheapest price "
                       "and number of providers.",
        "breadcrumbs": [("Models", None)],
        "form": form,
        "page_obj": page,
        "rows": rows,
        "filtered": filtered,
        # htmx swaps the results only: each field's message goes next to its field out of band.
        "swap_field_errors": _fragment(request),
        # Filtered and sorted variants point search engines at the plain directory; its pages stay crawlable.
        "noindex": filtered,
        "canonical_path": reverse("comparisons:model_list") + (
            f"?page={page.number}" if page.number > 1 and not filtered else ""
        ),
    }, status=status)


@require_safe
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if is_slug(slug):
        found, catalog, rows = _revisions([slug])
        if found:
            version = caching.make_version("model", (slug,), rows)
            return caching.serve(request, version, lambda: _model_page(request, found[slug], catalog))
    return _model_detail(request, slug)


def _model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything but a published model's canonical URL: 301 to the current slug, or 404."""
    canonical, response = _canonical_model(request, slug, "comparisons:model_detail")
    if response is not None:
        return response
    found, catalog, _ = _revisions([canonical])
    return _model_page(request, found[canonical], catalog)


def _canonical_model(request: HttpRequest, slug: str, url_name: str):
    """(the current slug of a published model, None), or (None, the 301 or 404 to answer instead)."""
    canonical = slug.lower()
    if not is_slug(canonical):
        return None, not_found(request, [canonical])
    found, _, _ = _revisions([canonical])
    if not found:
        renamed = FormerSlug.objects.filter(slug=canonical, model__published=True).values_list("model__slug", flat=True).first()
        if renamed:
            return None, _permanent(reverse(url_name, args=[renamed]), request)
        return None, not_found(request, [canonical])
    if slug != canonical:
        return None, _permanent(reverse(url_name, args=[canonical]), request)
    return canonical, None


def _model_page(request: HttpRequest, revision: tuple[int, int], catalog: int | None) -> HttpResponse:
    pk = revision[0]
    parts = model_parts(dict([revision]))[pk]
    facts = parts.facts
    rows = Offering.history.filter(model_id=pk).select_related("provider").order_by("history_date", "history_id")
    points = [
        PricePoint(r.history_date, r.provider.name if r.provider else "Removed provider", r.input_price, r.output_price,
                   r.last_reviewed)
        for r in rows
        if r.history_type != "-"
    ]
    as_of = max((o.price_as_of for o in facts.offerings if o.is_priced and o.price_as_of), default=None)
    page = build_model_page(facts, price_history(points, as_of, facts.name))
    related = rank_related([parts.card], related_candidates([parts.card], catalog_cards(catalog)), limit=8)
    return render(request, "comparisons/model_detail.html", {
        "page": page,
        "title": page.title,
        "description": page.description,
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (facts.name, None)],
        "related": related,
        "canonical_path": reverse("comparisons:model_detail", args=[facts.slug]),
    })


@require_safe
def model_comparisons(request: HttpRequest, slug: str) -> HttpResponse:
    """Every indexable comparison of one model: the hub that links each of them for crawlers."""
    if is_slug(slug) and _revisions([slug])[0]:
        return caching.serve(request, _catalog_wide("model-comparisons", slug), lambda: _model_comparisons(request, slug))
    canonical, response = _canonical_model(request, slug, "comparisons:model_comparisons")
    return response if response is not None else _model_comparisons(request, canonical)


def _model_comparisons(request: HttpRequest, slug: str) -> HttpResponse:
    catalog = Catalog.load()
    me = catalog.models[catalog.position[slug]].facts
    pairs = catalog.pairs_of(slug)
    return render(request, "comparisons/model_comparisons.html", {
        "model_obj": me,
        "pairs": pairs,
        "title": _fit(f"{me.name}: every comparison", me.name),
        "description": f"Every side-by-side comparison of {me.name} with another model that differs from it on "
                       f"price, specs or capabilities."[:160],
        "canonical_path": reverse("comparisons:model_comparisons", args=[slug]),
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (me.name, me.url), ("Comparisons", None)],
    })


@require_safe
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
        "title": _fit(f"{vendor.name}: language models, prices and comparisons", vendor.name),
        "description": f"Every {vendor.name} language model we track, with prices at each provider, specs and "
                       f"side-by-side comparisons."[:160],
        "breadcrumbs": [(vendor.name, None)],
        "vendor": vendor,
        "rows": rows,
        "pairs": pairs[:12],
        "canonical_path": vendor.get_absolute_url(),
    })


@require_safe
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
        "title": _fit(f"{provider.name}: language models and prices", provider.name),
        "description": f"Every language model {provider.name} serves, with its input and output price per 1M tokens."[:160],
        "breadcrumbs": [(provider.name, None)],
        "provider": provider,
        "rows": rows,
        # Models, not offerings: a model offered in three regions is one model (and three rows).
        "model_count": len({o.model_id for o in offerings}),
        "canonical_path": provider.get_absolute_url(),
    })


@require_safe
def methodology(request: HttpRequest) -> HttpResponse:
    return caching.serve(request, caching.version_for_catalog("methodology"), lambda: _methodology(request))


def _methodology(request: HttpRequest) -> HttpResponse:
    output_share = int(DEFAULT_OUTPUT_SHARE * 100)
    return render(request, "comparisons/methodology.html", {
        "title": "Methodology: how every number is computed",
        "description": "How Versus computes cheapest offerings, blended prices, percentages and rounding, where "
                       "its data comes from and how fresh each page is.",
        "breadcrumbs": [("Methodology", None)],
        "output_share": output_share,
        "input_share": 100 - output_share,
        "review_days": REVIEW_INTERVAL.days,
        "min_differences": MIN_DIFFERENCES_TO_INDEX,
        "max_age": caching.MAX_AGE,
        "stale_while_revalidate": caching.STALE_WHILE_REVALIDATE,
        "max_lag": caching.MAX_AGE + caching.STALE_WHILE_REVALIDATE,
        "canonical_path": reverse("comparisons:methodology"),
    })


# Crawlers -----------------------------------------------------------------------------------------

@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('comparisons:suggest_models')}",
        "Allow: /",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('comparisons:sitemap_index')}",
        "",
    ]
    return caching.mark_public(HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8"))


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return caching.serve(request, _catalog_wide("sitemap-index"), lambda: _sitemap_index(request))


def _sitemap_index(request: HttpRequest) -> HttpResponse:
    entries = []
    for name, section in sitemap_sections(Catalog.load()).items():
        location = settings.SITE_URL + reverse("comparisons:sitemap_section", args=[name])
        # The index template formats the datetime itself (`|date:"c"`); a string would print as empty.
        entries.append(SitemapIndexItem(location, section.get_latest_lastmod()))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return caching.serve(request, _catalog_wide("sitemap", section), lambda: _sitemap_section(request, section))


def _sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    sections = sitemap_sections(Catalog.load())
    if section not in sections:
        raise Http404("No such sitemap section.")
    return sitemap_view(request, {section: sections[section]}, section=section)
