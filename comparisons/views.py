"""Public pages: parse the URL, look the facts up in a fixed number of queries, render.

Everything a page says is computed by the builders in facts/pricing/prose/faq/pages.
"""

import unicodedata

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import (
    DEFAULT_OUTPUT_SHARE,
    REVIEW_INTERVAL,
    FormerSlug,
    LanguageModel,
    Offering,
    PairNote,
    Provider,
    Purpose,
    Vendor,
)
from catalog.slugs import PAIR_SEPARATOR, is_slug

from .forms import CalculatorForm, DirectoryForm
from .facts import model_facts, offering_facts
from .indexing import Catalog
from .pages import (
    EditorNote,
    MIN_DIFFERENCES_TO_INDEX,
    PricePoint,
    build_calculation,
    build_comparison,
    build_nway,
    build_model_page,
    faq_json_ld,
    offering_row,
    price_history,
)
from .pricing import cheapest
from .related import pair_slug, rank_related
from .sitemaps import sections as sitemap_sections
from .suggest import Choice, closest, resolve, search
from .throttle import Limit, client_ip, hit, rate_limited

MODELS_PER_PAGE = 50


def _choices() -> list[Choice]:
    rows = LanguageModel.objects.published().values_list("name", "slug", "vendor__name", "purpose")
    return [Choice(name, slug, vendor, Purpose(purpose).label) for name, slug, vendor, purpose in rows]


@require_GET
@rate_limited("suggest")
def suggest_models(request: HttpRequest) -> HttpResponse:
    """Type-ahead suggestions for the model picker: a fragment with its own URL (never a page's)."""
    field = request.GET.get("field", "")
    field = field if field in ("a", "b", "c") else ""
    query = (request.GET.get("q") or request.GET.get(field) or request.GET.get("add") or "")[:100]
    suggestions = search(printable(query), _choices()) if query.strip() else []
    return render(request, "comparisons/_suggestions.html", {
        "suggestions": suggestions, "query": query, "field": field,
    })


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


def _fit(title: str, fallback: str) -> str:
    """A title of about 60 characters or fewer where the names allow."""
    return title if len(title) <= 60 else fallback


def printable(text: str) -> str:
    """Drop control characters (NUL and the like) from text a visitor typed before showing it."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def _permanent(url: str, request: HttpRequest) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
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
        "providers": Provider.objects.filter(offerings__active=True, offerings__model__published=True).distinct().order_by("name"),
        "newest": newest,
        "pairs": pairs,
        "canonical_path": reverse("comparisons:home"),
    })


MAX_MODELS = 4


def _page_or_fragment(request, page_template: str, fragment_template: str, context: dict, status: int = 200):
    """The whole page, or for an htmx request only the fragment it swaps in.

    History-restore requests (the back button after htmx pushed a URL) get the whole page. Both answers
    share a URL, so the response varies on the htmx headers, and a fragment is private: no shared
    cache may store it under the page's URL.
    """
    fragment = request.htmx and not request.htmx.history_restore_request
    response = render(request, fragment_template if fragment else page_template, context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    if fragment:
        patch_cache_control(response, private=True)
    return response


@require_GET
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


@require_GET
def compare_pair(request: HttpRequest, pair: str) -> HttpResponse:
    """`/compare/a-vs-b/` (the pair page) and `/compare/a-vs-b-vs-c[-vs-d]/` (N-way, noindex)."""
    slugs = pair.lower().split(PAIR_SEPARATOR)
    if not all(is_slug(s) for s in slugs) or len(slugs) > MAX_MODELS:
        # Not slugs at all (no database lookup for text that cannot be one): suggest by words.
        return not_found(request, [s for s in slugs if s][:MAX_MODELS] or [pair])
    if len(slugs) < 2:
        return not_found(request, slugs)
    found = {m.slug: m for m in LanguageModel.objects.published().with_facts().filter(slug__in=slugs)}
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

    models = [found[s] for s in unique]
    facts = [model_facts(m) for m in models]
    calculator_form, calculation, status = _calculator(request, facts)
    context = {
        "calculator_form": calculator_form,
        "calculation": calculation,
        "canonical_path": reverse("comparisons:compare_pair", args=[canonical]),
        "models_param": ",".join(unique),
    }
    if len(models) > 2:
        page = build_nway(facts)
        context |= {
            "page": page, "noindex": True, "title": page.title, "description": page.description,
            "breadcrumbs": [("Models", reverse("comparisons:model_list")), (page.title, None)],
        }
        return _with_retry_after(
            _page_or_fragment(request, "comparisons/compare_many.html", "comparisons/_calculator.html", context, status),
            calculator_form,
        )

    a, b = models
    note = PairNote.objects.for_pair(a, b).prefetch_related("questions").first()
    editor_note = EditorNote(
        intro=note.intro,
        last_reviewed=note.last_reviewed,
        questions=tuple((q.question, q.answer) for q in note.questions.all()),
    ) if note else None
    page = build_comparison(facts[0], facts[1], editor_note)
    context |= {
        "page": page,
        "title": page.title,
        "description": page.description,
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (f"{a.name} vs {b.name}", None)],
        "related": rank_related([a, b], list(LanguageModel.objects.related_to([a, b])), limit=8),
        "faq_ld": faq_json_ld(page),
        "noindex": not page.indexable,
    }
    return _with_retry_after(
        _page_or_fragment(request, "comparisons/compare.html", "comparisons/_calculator.html", context, status),
        calculator_form,
    )


def _with_retry_after(response, form):
    if getattr(form, "retry_after", None):
        response["Retry-After"] = str(form.retry_after)
        patch_cache_control(response, private=True, no_store=True)
    return response


def _calculator(request: HttpRequest, models):
    """The cost calculator's form and result; bad input answers 400 with the message where the result goes."""
    if not any(key in request.GET for key in CalculatorForm.base_fields):
        return CalculatorForm(initial={"input_tokens": 1_000_000, "output_tokens": 1_000_000}), None, 200
    hits, seconds = settings.RATE_LIMITS["calculator"]
    wait = hit(f"calculator:{client_ip(request)}", Limit(hits, seconds))
    if wait:
        form = CalculatorForm(request.GET)
        form.is_valid()
        form.add_error(None, f"Too many calculations in a short time: please wait {wait} seconds and try again.")
        form.retry_after = wait
        return form, None, 429
    form = CalculatorForm(request.GET)
    if not form.is_valid():
        return form, None, 400
    data = form.cleaned_data
    return form, build_calculation(models, data["monthly_input"], data["monthly_output"], data["cache_share"]), 200


@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    """The directory, with filters and sorting; htmx swaps the results and pushes the URL."""
    form = DirectoryForm(request.GET or None)
    models = LanguageModel.objects.published().with_facts().with_cheapest_blended()
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        models = form.filter(models)
    models = models.order_by(*DirectoryForm.ordering(form.cleaned_data.get("sort") if form.is_bound and status == 200 else ""))
    page = Paginator(models, MODELS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for model in page.object_list:
        facts = model_facts(model)
        best = cheapest(facts.offerings)
        rows.append((model, facts, offering_row(best) if best else None))
    filtered = form.is_bound and any(v for k, v in request.GET.items() if k != "page")
    return _page_or_fragment(request, "comparisons/model_list.html", "comparisons/model_list.html#results", {
        "title": "All language models" + (f", page {page.number}" if page.number > 1 else ""),
        "description": "Every language model we track, with its vendor, purpose, context window, cheapest price "
                       "and number of providers.",
        "breadcrumbs": [("Models", None)],
        "form": form,
        "page_obj": page,
        "rows": rows,
        "filtered": filtered,
        # Filtered and sorted variants point search engines at the plain directory; its pages stay crawlable.
        "noindex": filtered,
        "canonical_path": reverse("comparisons:model_list") + (
            f"?page={page.number}" if page.number > 1 and not filtered else ""
        ),
    }, status=status)


def _lookup_model(request: HttpRequest, slug: str):
    """The published model for a slug, or the response to send instead (301 or 404)."""
    canonical = slug.lower()
    if not is_slug(canonical):
        return None, not_found(request, [canonical])
    model = LanguageModel.objects.published().with_facts().filter(slug=canonical).first()
    if model is None:
        renamed = FormerSlug.objects.filter(slug=canonical, model__published=True).values_list("model__slug", flat=True).first()
        if renamed:
            return None, _permanent(reverse("comparisons:model_detail", args=[renamed]), request)
        return None, not_found(request, [canonical])
    if slug != canonical:
        return None, _permanent(reverse("comparisons:model_detail", args=[canonical]), request)
    return model, None


@require_GET
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    model, response = _lookup_model(request, slug)
    if response is not None:
        return response
    facts = model_facts(model)
    rows = (
        Offering.history.filter(model_id=model.pk).select_related("provider").order_by("history_date", "history_id")
    )
    points = [
        PricePoint(r.history_date, r.provider.name if r.provider else "Removed provider", r.input_price, r.output_price)
        for r in rows
        if r.history_type != "-"
    ]
    page = build_model_page(facts, price_history(points, timezone.now(), model.name))
    related = rank_related([model], list(LanguageModel.objects.related_to([model])), limit=8)
    return render(request, "comparisons/model_detail.html", {
        "page": page,
        "title": page.title,
        "description": page.description,
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (model.name, None)],
        "model_obj": model,
        "related": related,
        "canonical_path": model.get_absolute_url(),
    })


@require_GET
def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
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


@require_GET
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
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
        "canonical_path": provider.get_absolute_url(),
    })


@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
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
        "canonical_path": reverse("comparisons:methodology"),
    })


@require_GET
def model_comparisons(request: HttpRequest, slug: str) -> HttpResponse:
    """Every indexable comparison of one model: the hub that links each of them for crawlers."""
    model, response = _lookup_model(request, slug)
    if response is not None:
        return response
    catalog = Catalog.load()
    pairs = catalog.pairs_of(model.slug)
    return render(request, "comparisons/model_comparisons.html", {
        "model_obj": model,
        "pairs": pairs,
        "title": f"{model.name} compared with {len(pairs)} model{'s' if len(pairs) != 1 else ''}"[:60],
        "description": f"Every side-by-side comparison of {model.name} with another model that differs from it on "
                       f"price, specs or capabilities."[:160],
        "canonical_path": reverse("comparisons:model_comparisons", args=[model.slug]),
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (model.name, model.get_absolute_url()),
                        ("Comparisons", None)],
    })


@require_GET
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
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    entries = []
    for name, section in sitemap_sections(Catalog.load()).items():
        location = settings.SITE_URL + reverse("comparisons:sitemap_section", args=[name])
        lastmod = section.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod.isoformat() if lastmod else None))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_GET
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    sections = sitemap_sections(Catalog.load())
    if section not in sections:
        raise Http404("No such sitemap section.")
    return sitemap_view(request, {section: sections[section]}, section=section)
