"""The directory and its hubs: every published model (filtered, sorted, paginated), a vendor's models and
the pairs among them, a provider's offerings."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.merging import PLACEHOLDER_VENDOR_SLUG, provider_by_alias, vendor_by_alias
from catalog.models import LanguageModel, Provider, Vendor
from catalog.slugs import is_slug, pair_slug

from .caching import Version, cached_page, is_fragment, vary_on_htmx, version_for_all_models, version_for_list
from .content import cheapest, fit_title, model_facts, offering_facts, offering_row, shorten
from .content.related import sibling_pairs
from .finding import permanent
from .forms import DirectoryForm

MODELS_PER_PAGE = 50


def _directory_key(request: HttpRequest) -> Version | None:
    number = request.GET.get("page", "1")
    plain = set(request.GET) <= {"page"} and number.isascii() and number.isdigit() and len(number) <= 6
    return version_for_all_models("directory", (int(number),)) if plain and not is_fragment(request) else None


@require_safe
@vary_on_htmx
@cached_page(_directory_key)
def model_list(request: HttpRequest) -> HttpResponse:
    """The directory, with filters and sorting; htmx swaps the results and pushes the URL."""
    form = DirectoryForm(request.GET or None)
    models = LanguageModel.objects.published().with_facts().with_cheapest_blended()
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        models = form.filter(models)
    sort = form.cleaned_data.get("sort") if form.is_bound and status == 200 else ""
    page = Paginator(models.order_by(*DirectoryForm.ordering(sort)), MODELS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = []
    for model in page.object_list:
        facts = model_facts(model)
        best = cheapest(facts.offerings)
        rows.append((model, facts, offering_row(best) if best else None))
    filtered = form.is_bound and any(v for k, v in request.GET.items() if k != "page")
    template = (
        "comparisons/model_list.html#results" if is_fragment(request) else "comparisons/model_list.html"
    )
    return render(
        request,
        template,
        {
            "title": "All language models" + (f", page {page.number}" if page.number > 1 else ""),
            "description": (
                "Every language model we track, with its vendor, purpose, context window, "
                "cheapest price and number of providers."
            ),
            "breadcrumbs": [("Models", None)],
            "form": form,
            "page_obj": page,
            "rows": rows,
            "filtered": filtered,
            # htmx swaps the results only: each field's message goes next to its field out of band.
            "swap_field_errors": is_fragment(request),
            # Filtered and sorted variants point search engines at the plain directory; its pages stay
            # crawlable.
            "noindex": filtered,
            "canonical_path": reverse("comparisons:model_list")
            + (f"?page={page.number}" if page.number > 1 and not filtered else ""),
        },
        status=status,
    )


def _list_key(page: str, model_filter):
    """The key function of a page listing the models `model_filter(slug)` selects (a vendor's, a
    provider's)."""

    def key_for(request: HttpRequest, slug: str) -> Version | None:
        return version_for_list(page, (slug,), model_filter(slug)) if is_slug(slug) else None

    return key_for


@require_safe
@cached_page(_list_key("vendor", lambda slug: Q(vendor__slug=slug)))
def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_slug(slug.lower()):
        raise Http404("No such vendor.")
    vendor = Vendor.objects.filter(slug=slug.lower()).first() or vendor_by_alias(slug)
    if vendor is None or vendor.slug == PLACEHOLDER_VENDOR_SLUG:  # "needs an editor" is no vendor
        raise Http404("No such vendor.")
    if slug != vendor.slug:
        # Another spelling, or the slug of a vendor merged into this one.
        return permanent(vendor.get_absolute_url(), request)
    models = list(
        LanguageModel.objects.published().with_facts().filter(vendor=vendor).order_by("-release_date", "name")
    )
    rows = []
    for m in models:
        best = cheapest(model_facts(m).offerings)
        rows.append((m, offering_row(best) if best else None))
    return render(
        request,
        "comparisons/vendor_detail.html",
        {
            "title": fit_title(f"{vendor.name}: language models, prices and comparisons", vendor.name),
            "description": shorten(
                f"Every {vendor.name} language model we track, with prices at each provider, "
                f"specs and side-by-side comparisons."
            ),
            "breadcrumbs": [(vendor.name, None)],
            "vendor": vendor,
            "rows": rows,
            # Compare the vendor's models with each other: each model with its closest sibling.
            "pairs": [(a, b, pair_slug(a.slug, b.slug)) for a, b in sibling_pairs(models)[:12]],
            "canonical_path": vendor.get_absolute_url(),
        },
    )


@require_safe
@cached_page(_list_key("provider", lambda slug: Q(offerings__provider__slug=slug, offerings__active=True)))
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_slug(slug.lower()):
        raise Http404("No such provider.")
    provider = Provider.objects.filter(slug=slug.lower()).first() or provider_by_alias(slug)
    if provider is None:
        raise Http404("No such provider.")
    if slug != provider.slug:
        # Another spelling, or the slug of a provider merged into this one.
        return permanent(provider.get_absolute_url(), request)
    offerings = list(
        provider.offerings.filter(active=True, model__published=True)
        .select_related("model", "model__vendor", "provider")
        .order_by("model__name")
    )
    rows = [(o, offering_row(offering_facts(o))) for o in offerings]
    live = [o for o, row in rows if not row.offering.retired]
    return render(
        request,
        "comparisons/provider_detail.html",
        {
            "title": fit_title(f"{provider.name}: language models and prices", provider.name),
            "description": shorten(
                f"Every language model {provider.name} serves, with its input and output price per 1M tokens."
            ),
            "breadcrumbs": [(provider.name, None)],
            "provider": provider,
            "rows": rows,
            # Models, not offerings: a model offered in three regions is one model (and three rows). A retired
            # offering is listed, marked, but the provider no longer offers it.
            "model_count": len({o.model_id for o in live}),
            "offering_count": len(live),
            "canonical_path": provider.get_absolute_url(),
        },
    )
