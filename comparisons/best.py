"""/best/: the models that cost least for a visitor's workload across the catalog, and the named presets
(/best/<slug>/), pages of their own. The ranking is content/ranking.py; the workload and requirements are
forms.BestForm. Presets and plain whole-number workloads are cached under the catalog's revisions; any
workload other than a preset is noindex, pointing search engines at /best/."""

import functools

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog.slugs import pair_slug

from .caching import Version, cached_page, is_fragment, vary_on_htmx, version_for_all_models
from .content import pair_url
from .content.calculation import format_cost
from .content.pages import faq_page_ld
from .content.presets import DEFAULT, PRESETS, Preset, preset_faq
from .content.ranking import rank
from .forms import BestForm, CalculatorForm
from .parts import ranking_candidates, ranking_providers
from .throttle import client_hit

MAX_QUERY = 600  # characters of a workload's query string worth a cache entry of its own


def _limited(view):
    """A workload other than a preset's counts against the calculator's per-client limit (a never-seen
    one prices every offering in the catalog); over it, 429 with Retry-After, never stored."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.retry_after = client_hit(request, "calculator") if request.GET else 0
        response = view(request, *args, **kwargs)
        if request.retry_after and response.status_code == 429:
            response["Retry-After"] = str(request.retry_after)
            patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def _key(request: HttpRequest, slug: str | None = None) -> Version | None:
    """Presets, /best/ and short ASCII workloads are cached under every model's revision (a ranking reads
    the whole catalog); fragments, odd spellings and limited requests are answered as they are."""
    query = request.META.get("QUERY_STRING", "")
    if request.retry_after or is_fragment(request) or len(query) > MAX_QUERY or not query.isascii():
        return None
    if slug is not None and (slug not in PRESETS or query):
        return None
    return version_for_all_models("best", (slug or "", tuple(sorted(request.GET.lists()))))


def _data(preset: Preset) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in preset.params.items():
        data.setlist(name, value.split(","))
    return data


@require_safe
@vary_on_htmx
@_limited
@cached_page(_key)
def best(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    preset = None
    if slug is not None:
        preset = PRESETS.get(slug)
        if preset is None:
            return render(
                request, "comparisons/best_not_found.html",
                {"title": "Workload not found", "missing": slug[:100], "presets": PRESETS.values()},
                status=404,
            )
        if request.GET:  # a preset changed by the visitor is a workload of its own
            return best_redirect(request)
    custom = preset is None and bool(request.GET)
    candidates = ranking_candidates()
    data = request.GET if custom else _data(preset or DEFAULT)
    if custom and not any(name in data for name in CalculatorForm.base_fields):
        # Requirements alone (a model page links /best/?purpose=embedding): the default workload with them.
        data = data.copy()
        for name, values in _data(DEFAULT).lists():
            if name in CalculatorForm.base_fields:
                data.setlist(name, values)
    form = BestForm(data, providers=ranking_providers(candidates))
    status, ranking = 200, None
    if request.retry_after:
        form.is_valid()
        form.add_error(
            None,
            f"Too many rankings in a short time: please wait {request.retry_after} seconds and try again.",
        )
        status = 429
    elif not form.is_valid():
        status = 400
    else:
        ranking = rank(candidates, form.cleaned_data["workload"], form.cleaned_data["requirements"])
    top = ranking.top_slugs if ranking else []
    context = {
        "form": form,
        "ranking": ranking,
        "preset": preset,
        "presets": PRESETS.values(),
        "compare_two": pair_url(pair_slug(*top[:2])) if len(top) >= 2 else "",
        "compare_three": pair_url(pair_slug(*top[:3])) if len(top) >= 3 else "",
        "swap_field_errors": is_fragment(request),
        "faq": preset_faq(preset, ranking) if preset and ranking else [],
    }
    context["faq_ld"] = faq_page_ld(context["faq"]) if context["faq"] else None
    if is_fragment(request):
        return render(request, "comparisons/best.html#ranking", context, status=status)
    if preset:
        title = preset.title
        description = f"{title}, ranked by monthly cost at each model's cheapest provider: " + (
            f"{ranking.ranked[0].model.name} leads at {format_cost(ranking.ranked[0].cost)} a month."
            if ranking and ranking.ranked else "no model has a price for it yet."
        )
    else:
        title = "The cheapest models for your workload"
        description = (
            "Every model in the catalog ranked by what your workload would cost a month at its cheapest "
            "provider, under each provider's full price sheet: caching, batch, long prompts, request fees."
        )
    context |= {
        "title": title,
        "description": description,
        "breadcrumbs": [("Cheapest for a workload", reverse("comparisons:best") if preset else None)]
        + ([(preset.short, None)] if preset else []),
        "canonical_path": reverse("comparisons:best_preset", args=[preset.slug]) if preset
        else reverse("comparisons:best"),
        "noindex": custom,
    }
    return render(request, "comparisons/best.html", context, status=status)


def best_redirect(request: HttpRequest) -> HttpResponse:
    """A preset's URL with a query: the same workload at /best/ (302: the preset page itself stands)."""
    return redirect(f"{reverse('comparisons:best')}?{request.META.get('QUERY_STRING', '')}")
