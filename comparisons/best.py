"""/best/: the models that cost least for a visitor's workload across the catalog, and the named presets
(/best/<slug>/), pages of their own. The ranking is content/ranking.py; the workload and requirements are
BestForm, below. Presets and plain whole-number workloads are cached under the catalog's revisions; any
workload other than a preset is noindex, pointing search engines at /best/."""

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import Purpose
from catalog.slugs import pair_slug

from .caching import Version, cached_page, is_fragment, vary_on_htmx, version_for_all_models
from .content import pair_url
from .content.calculation import format_cost
from .content.pages import faq_page_ld
from .content.presets import DEFAULT, PRESETS, Preset, preset_faq
from .content.ranking import REQUIRABLE, TEXT_PURPOSES, Requirements, rank
from .forms import CAPABILITY_CHOICES, MAX_TOKENS_PER_REQUEST, CalculatorForm, WholeNumberField
from .parts import ranking_candidates, ranking_providers
from .throttle import limited_in_place, refuse_form

MAX_QUERY = 600  # characters of a workload's query string worth a cache entry of its own


# A region is what a source states for an endpoint (AWS Bedrock's EU and US profiles, for example).
REGION_CHOICES = [("", "Any region"), ("eu", "EU endpoints only"), ("us", "US endpoints only")]
PURPOSE_CHOICES = [("", "Chat and code models"), *Purpose.choices]


class BestForm(CalculatorForm):
    """A workload and what it needs, for /best/: the calculator's fields, then the requirements."""

    min_context = WholeNumberField(
        label="Minimum context window (tokens)", required=False, min_value=0,
        max_value=MAX_TOKENS_PER_REQUEST,
        error_messages={
            "invalid": "Enter the minimum context window as a whole number of tokens, such as 128000.",
            "min_value": "The minimum context window cannot be negative.",
            "max_value": f"The minimum context window must be at most {MAX_TOKENS_PER_REQUEST:,} tokens.",
        },
    )
    capability = forms.MultipleChoiceField(
        label="Required capabilities", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(c, label) for c, label in CAPABILITY_CHOICES if c in REQUIRABLE],
        error_messages={"invalid_choice": "Choose capabilities from the list."},
    )
    purpose = forms.ChoiceField(
        label="Purpose", required=False, choices=PURPOSE_CHOICES,
        error_messages={"invalid_choice": "Choose a purpose from the list."},
    )
    open_weights = forms.BooleanField(label="Open weights only", required=False)
    region = forms.ChoiceField(
        label="Region", required=False, choices=REGION_CHOICES,
        error_messages={"invalid_choice": "Choose a region from the list."},
    )
    provider = forms.MultipleChoiceField(
        label="Only these providers", required=False,
        error_messages={"invalid_choice": "%(value)s is not a provider we list."},
    )
    exclude = forms.MultipleChoiceField(
        label="Leave out these providers", required=False,
        error_messages={"invalid_choice": "%(value)s is not a provider we list."},
    )

    REQUIREMENTS = ("purpose", "min_context", "capability", "open_weights", "region", "provider", "exclude")
    FIELDSETS = (*CalculatorForm.FIELDSETS, ("What the model must have", "", REQUIREMENTS))

    def __init__(self, *args, providers: list[tuple[str, str]], **kwargs):
        """`providers`: (slug, name) of the providers a visitor can choose (those with a live offering of a
        published model: parts.ranking_providers, without a query)."""
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers
        self.fields["exclude"].choices = providers

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        purpose = data.get("purpose")
        data["requirements"] = Requirements(
            purposes=(purpose,) if purpose else TEXT_PURPOSES,
            min_context=data.get("min_context"),
            capabilities=tuple(c for c in REQUIRABLE if c in (data.get("capability") or ())),
            open_weights=bool(data.get("open_weights")),
            region=data.get("region") or "",
            providers=tuple(sorted(data.get("provider") or ())),
            exclude=tuple(sorted(data.get("exclude") or ())),
            request_tokens=(
                data["input_per_request"] + data["output_per_request"] if data["mode"] == "requests" else None
            ),
        )
        return data


# A workload other than a preset's counts against the calculator's per-client limit (a never-seen one prices
# every offering in the catalog).
_limited = limited_in_place("calculator", lambda request: bool(request.GET))


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
        refuse_form(form, request, "rankings")
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
