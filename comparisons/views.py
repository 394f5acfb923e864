"""Public pages: parse the URL, look the facts up in a fixed number of queries, render.

What a page says is computed by the builders in `content/`; how it is served (the page cache, 304s,
Vary, Retry-After) is said by decorators from `caching`. Each cached view's key function does the page's
one revision read; the view reads what it found again from `caching.read_revisions` without a query.
htmx fragments, N-way pages and unusual query strings are rendered each time and never stored.
"""

import functools

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.merging import PLACEHOLDER_VENDOR_SLUG
from catalog.models import (
    REVIEW_INTERVAL,
    FactsRevision,
    LanguageModel,
    PairNote,
    Provider,
    Vendor,
)
from catalog.slugs import PAIR_SEPARATOR, is_slug, pair_slug

from . import caching
from .caching import Version, cached_page, is_fragment, read_revisions, vary_on_htmx
from .content import (
    EditorNote,
    build_calculation,
    build_comparison,
    build_model_page,
    build_nway,
    faq_json_ld,
    fit_title,
    links,
    pair_url,
    rank_related,
    shorten,
)
from .content.presets import PRESETS
from .content.related import sibling_pairs
from .content.substance import PRICE_DIFFERENCE
from .finding import MAX_MODELS, current_slugs, model_redirect, not_found, permanent
from .forms import CalculatorForm
from .indexing import Catalog
from .parts import ModelParts, catalog_cards, model_parts, related_candidates
from .price_history import model_price_history
from .throttle import limited_in_place, refuse_form

DEFAULT_WORKLOAD = {"input_tokens": 1_000_000, "output_tokens": 1_000_000}


def _published_model_key(page: str, scopes: tuple[int, ...] = (FactsRevision.CATALOG,)):
    """The key function of a page about one published model at its current slug (else: not cached)."""

    def key_for(request: HttpRequest, slug: str) -> Version | None:
        if is_slug(slug) and slug in (read := read_revisions(request, [slug])).models:
            return read.version(page, (slug,), scopes)
        return None

    return key_for


# Home ---------------------------------------------------------------------------------------------


@require_safe
@cached_page(lambda request: caching.version_for_catalog("home"))
def home(request: HttpRequest) -> HttpResponse:
    newest = list(
        LanguageModel.objects.published()
        .select_related("vendor")
        .order_by("-release_date", "name")
        .filter(release_date__isnull=False)[:8]
    )
    # Popular: pairs editors wrote notes for, then the most widely offered models with a close rival.
    notes = PairNote.objects.select_related("model_a", "model_b").filter(
        model_a__published=True, model_b__published=True
    )
    popular = [(n.model_a, n.model_b) for n in notes[:4]]
    top = list(
        LanguageModel.objects.published().with_offering_counts().order_by("-offering_count", "name")[:16]
    )
    popular += sibling_pairs(top, taken=[frozenset((a.pk, b.pk)) for a, b in popular], tries=3)
    return render(
        request,
        "comparisons/home.html",
        {
            "title": "Compare large language models: price, specs and benchmarks",
            "description": (
                "Side-by-side comparisons of large language models: prices at every provider, "
                "specs, capabilities and benchmarks, every number sourced and checked."
            ),
            "vendors": Vendor.objects.filter(models__published=True)
            .exclude(slug=PLACEHOLDER_VENDOR_SLUG)
            .distinct()
            .order_by("name"),
            "providers": Provider.objects.filter(offerings__active=True, offerings__model__published=True)
            .distinct()
            .order_by("name"),
            "newest": newest,
            "pairs": [(a, b, pair_slug(a.slug, b.slug)) for a, b in popular[:8]],
            "canonical_path": reverse("comparisons:home"),
            "presets": PRESETS.values(),
        },
    )


# Comparisons --------------------------------------------------------------------------------------


def _calculator_params(request: HttpRequest) -> tuple | None:
    """The calculator's input as part of a cache key: () without it, None when it is not plain whole
    numbers (such a page is rendered, not cached: it answers 400, or it is rare)."""
    values = tuple((key, request.GET[key]) for key in CalculatorForm.base_fields if key in request.GET)
    if all(v.isascii() and v.isdigit() and len(v) <= 13 for _, v in values):
        return tuple((k, int(v)) for k, v in values)
    return None


# The calculator is limited per client, whether or not its answer is cached, and whatever was typed
# ("5,000,000" is not cached but is a calculation all the same).
_calculator_limited = limited_in_place("calculator", lambda request: _calculator_params(request) != ())


def _pair_key(request: HttpRequest, pair: str) -> Version | None:
    """A canonical pair of two published models, with no calculator input or whole numbers only."""
    slugs = pair.split(PAIR_SEPARATOR)
    params = _calculator_params(request)
    if (
        request.retry_after
        or params is None
        or is_fragment(request)
        or len(slugs) != 2
        or pair != pair_slug(*slugs)
        or slugs[0] == slugs[1]
        or not all(map(is_slug, slugs))
    ):
        return None
    read = read_revisions(request, slugs)
    return read.version("pair", (pair, params)) if len(read.models) == 2 else None


@require_safe
@vary_on_htmx
@_calculator_limited
@cached_page(_pair_key)
def compare_pair(request: HttpRequest, pair: str) -> HttpResponse:
    """`/compare/a-vs-b/` (the pair page) and `/compare/a-vs-b-vs-c[-vs-d]/` (N-way, noindex); any other
    spelling of a pair of published models is a 301 to this one."""
    slugs = pair.lower().split(PAIR_SEPARATOR)
    if not all(is_slug(s) for s in slugs) or len(slugs) > MAX_MODELS:
        # Not slugs at all (no database lookup for text that cannot be one): suggest by words.
        return not_found(request, [s for s in slugs if s][:MAX_MODELS] or [pair])
    if len(slugs) < 2:
        return not_found(request, slugs)
    current = current_slugs(request, slugs)
    if isinstance(current, HttpResponse):
        return current
    unique = sorted(set(current))
    if len(unique) == 1:
        return permanent(reverse("comparisons:model_detail", args=[unique[0]]), request)
    if pair != pair_slug(*unique):
        return permanent(reverse("comparisons:compare_pair", args=[pair_slug(*unique)]), request)
    read = read_revisions(request, slugs)
    parts = model_parts(dict(read.models[s] for s in unique))
    models = [parts[read.models[s][0]] for s in unique]
    calculator_form, calculation, status = _calculator(request, [m.facts for m in models])
    context = {
        "calculator_form": calculator_form,
        "calculation": calculation,
        "models_param": ",".join(unique),
        # The same workload ranked across the catalog (/best/ takes the calculator's fields).
        "best_query": _workload_query(request) if calculation else "",
    }
    if is_fragment(request):
        return render(request, "comparisons/_calculator.html", context, status=status)
    context["calculator_html"] = _default_calculator() if calculator_form is None else None
    if len(models) > 2:
        return render(
            request, "comparisons/compare_many.html", context | _many_context(models), status=status
        )
    return render(
        request, "comparisons/compare.html", context | _pair_context(*models, read.catalog), status=status
    )


def _pair_context(a: ModelParts, b: ModelParts, catalog: int | None) -> dict:
    """What the pair page shows besides the calculator."""
    editor_note = None
    if b.card.pk in a.note_partners:
        note = PairNote.objects.for_pair(a.card, b.card).prefetch_related("questions").first()
        editor_note = (
            EditorNote(
                intro=note.intro,
                last_reviewed=note.last_reviewed,
                questions=tuple((q.question, q.answer) for q in note.questions.all()),
            )
            if note
            else None
        )
    page = build_comparison(a.facts, b.facts, editor_note)
    anchors = [a.card, b.card]
    return {
        "page": page,
        "title": page.title,
        "description": page.description,
        "breadcrumbs": [
            ("Models", reverse("comparisons:model_list")),
            (f"{a.facts.name} vs {b.facts.name}", None),
        ],
        "offering_tables": [a.offering_table, b.offering_table],
        "related": rank_related(anchors, related_candidates(anchors, catalog_cards(catalog)), limit=8),
        "faq_ld": faq_json_ld(page),
        "change_sentences": [m.change_sentence for m in (a, b) if m.change_sentence],
        "canonical_path": pair_url(pair_slug(a.card.slug, b.card.slug)),
        "noindex": not page.indexable,
    }


def _many_context(models: list[ModelParts]) -> dict:
    """What the page of 3 or 4 models side by side shows besides the calculator (noindex)."""
    facts = [m.facts for m in models]
    slugs = [f.slug for f in facts]
    page = build_nway(facts)
    return {
        "page": page,
        "noindex": True,
        "title": page.title,
        "description": page.description,
        "breadcrumbs": [("Models", reverse("comparisons:model_list")), (page.title, None)],
        "canonical_path": reverse("comparisons:compare_pair", args=[pair_slug(*slugs)]),
        # A fourth model can still be added to three; from four, each model can be dropped instead.
        "can_add": len(slugs) < MAX_MODELS,
        "without": [(m, pair_url(pair_slug(*(s for s in slugs if s != m.slug)))) for m in facts],
    }


def _workload_query(request: HttpRequest) -> str:
    """The calculator's fields of this request as a query string, for /best/."""
    query = QueryDict(mutable=True)
    for key in CalculatorForm.base_fields:
        if request.GET.get(key):
            query[key] = request.GET[key]
    return query.urlencode()


@functools.cache
def _default_calculator() -> str:
    """The calculator as every pair shows it before a visitor types anything: rendered once per process."""
    form = CalculatorForm(initial=DEFAULT_WORKLOAD)
    return render_to_string("comparisons/_calculator.html", {"calculator_form": form})


def _calculator(request: HttpRequest, models) -> tuple[CalculatorForm | None, object, int]:
    """The cost calculator's form, its result and the page's status: 400 with the message where the
    result goes on bad input, 429 when the client has used it too often. No form (None) when the
    visitor has not used it: the page shows `_default_calculator()`."""
    if not any(key in request.GET for key in CalculatorForm.base_fields) and not is_fragment(request):
        return None, None, 200
    # From here the visitor has used the calculator: an htmx recalculation with every field cleared (empty
    # fields are not sent) is answered like any other, with what to enter, not with an empty form.
    form = CalculatorForm(request.GET)
    if request.retry_after:
        refuse_form(form, request, "calculations")
        return form, None, 429
    if not form.is_valid():
        return form, None, 400
    data = form.cleaned_data
    return (
        form,
        build_calculation(models, workload=data["workload"]),
        200,
    )


# Models and the method ----------------------------------------------------------------------------


@require_safe
@cached_page(_published_model_key("model"))
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := model_redirect(request, slug, "comparisons:model_detail")) is not None:
        return response
    read = read_revisions(request, [slug])
    pk, revision = read.models[slug]
    parts = model_parts({pk: revision})[pk]
    facts = parts.facts
    page = build_model_page(facts)
    return render(
        request,
        "comparisons/model_detail.html",
        {
            "page": page,
            "title": page.title,
            "description": page.description,
            "breadcrumbs": [("Models", reverse("comparisons:model_list")), (facts.name, None)],
            "related": rank_related(
                [parts.card], related_candidates([parts.card], catalog_cards(read.catalog)), limit=8
            ),
            "canonical_path": reverse("comparisons:model_detail", args=[facts.slug]),
            "noindex": not page.indexable,
            "price_histories": model_price_history(pk, facts.offerings),
            "model_slug": facts.slug,
        },
    )


@require_safe
# Lists every other model it differs from: any change anywhere rebuilds it.
@cached_page(_published_model_key("model-comparisons", (FactsRevision.CATALOG, FactsRevision.ANY_CHANGE)))
def model_comparisons(request: HttpRequest, slug: str) -> HttpResponse:
    """Every indexable comparison of one model: the hub that links each of them for crawlers."""
    if (response := model_redirect(request, slug, "comparisons:model_comparisons")) is not None:
        return response
    catalog = Catalog.load()
    me = catalog.models[catalog.position[slug]]
    return render(
        request,
        "comparisons/model_comparisons.html",
        {
            "model_obj": me,
            "pairs": catalog.pairs_of(slug),
            "title": fit_title(f"{me.name}: every comparison", me.name),
            "description": shorten(
                f"Every side-by-side comparison of {me.name} with another model that differs "
                f"from it on price, benchmarks, capabilities, context or purpose."
            ),
            "canonical_path": reverse("comparisons:model_comparisons", args=[slug]),
            "breadcrumbs": [
                ("Models", reverse("comparisons:model_list")),
                (me.name, links.model_url(me.slug)),
                ("Comparisons", None),
            ],
        },
    )


@require_safe
@cached_page(lambda request: caching.version_for_catalog("methodology"))
def methodology(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "comparisons/methodology.html",
        {
            "title": "Methodology: how every number is computed",
            "description": (
                "How Versus computes cheapest offerings, blended prices, percentages and "
                "rounding, where its data comes from and how fresh each page is."
            ),
            "breadcrumbs": [("Methodology", None)],
            "review_days": REVIEW_INTERVAL.days,
            "price_difference": PRICE_DIFFERENCE * 100,
            "max_age": caching.MAX_AGE,
            "stale_while_revalidate": caching.STALE_WHILE_REVALIDATE,
            "max_lag": caching.MAX_AGE + caching.STALE_WHILE_REVALIDATE,
            "canonical_path": reverse("comparisons:methodology"),
        },
    )
