"""The read-only JSON API (/api/v1/...): OpenRouter's and models.dev's shapes of the published catalog.

Served like pages (caching.py): revision-keyed ETags, 304s, the stored gzip body, Cache-Control a CDN can
use; counted per client like the picker (throttle.py: 429 with Retry-After and a JSON body); readable
from any origin (CORS: the data is public and no response depends on cookies). Shapes: content/api_shapes.py.
"""

import functools
import json
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import CatalogChange, LanguageModel, Provider, SourceFact
from catalog.slugs import is_slug

from . import caching
from .caching import RELEASE, cached_page, day_started, read_revisions
from .changes import CHANGES_PER_PAGE, FILTERS, ChangesForm, _version
from .content import closest, model_facts, offering_facts
from .content.api_shapes import (
    ApiModel,
    Disagreement,
    change_json,
    modelsdev_key,
    modelsdev_model,
    openrouter_endpoints,
    openrouter_model,
)
from .finding import _choices, printable
from .local_cache import local_first
from .openapi import DATA_LICENSE, SOURCE_LICENSES, about, description, license_header
from .price_history import change_facts, latest_changes
from .throttle import client_hit

RATE_LIMIT = "api"
BUILD_CHUNK = 500  # models read at once when parts are missing (one set of prefetch queries each)


def _headers(response: HttpResponse) -> HttpResponse:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Link"] = license_header()
    return response


def _json(data, status: int = 200) -> HttpResponse:
    # Compact and with non-ASCII as is: the body is stored gzip-compressed, once per revision.
    return HttpResponse(_dumps(data), status=status, content_type="application/json")


def error(status: int, message: str, **extra) -> HttpResponse:
    response = _json({"error": {"code": status, "message": message, **extra}}, status)
    response.headers["Cache-Control"] = "private, no-store" if status == 429 else "public, max-age=60"
    return _headers(response)


def api_view(view):
    """GET/HEAD only, counted per client, CORS and licence on every answer (304s and errors too)."""

    @require_safe
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        wait = client_hit(request, RATE_LIMIT)
        if wait:
            response = error(429, f"Too many requests: try again in {wait} seconds.", retry_after=wait)
            response.headers["Retry-After"] = str(wait)
            return response
        return _headers(view(request, *args, **kwargs))

    return wrapped


# Reading the catalog ---------------------------------------------------------------------------------


def _published():
    """Published models with every offering (live or not), in a fixed number of queries."""
    # with_facts prefetches every offering; model_facts keeps the active ones, the API lists them all.
    return LanguageModel.objects.published().with_facts().order_by("vendor__slug", "slug")


def _disagreements(model_ids: list[int]) -> dict[int, dict]:
    """{model id: {None or (provider slug, region): (Disagreement, ...)}}, in one query."""
    facts = SourceFact.objects.disagreeing().filter(model_id__in=model_ids)
    rows = facts.values_list("model_id", "offering__provider__slug", "offering__region", "field", "source",
                             "origin", "value").order_by("model_id", "subject", "field", "source", "origin")
    grouped: dict[int, dict] = {}
    for model_id, provider, region, name, source, origin, value in rows:
        key = None if provider is None else (provider, region)
        by_field = grouped.setdefault(model_id, {}).setdefault(key, {})
        by_field.setdefault(name, []).append((source, origin, value))
    return {
        model_id: {
            key: tuple(Disagreement(f, tuple(v)) for f, v in fields.items()) for key, fields in m.items()
        }
        for model_id, m in grouped.items()
    }


def _api_models(queryset) -> list[tuple[int, ApiModel]]:
    models = list(queryset)
    disagreements = _disagreements([m.pk for m in models])
    return [
        (m.pk, ApiModel(
            facts=model_facts(m),
            offerings=tuple(offering_facts(o) for o in m.offerings.all()),
            created=m.created_at,
            page_url=settings.SITE_URL + m.get_absolute_url(),
            disagreements=disagreements.get(m.pk, {}),
        ))
        for m in models
    ]


@dataclass(frozen=True)
class ModelPart:
    """One model's share of the list responses, as JSON text: its OpenRouter object, and its rows of
    models.dev's shape as (provider slug, provider name, model id, '"model id":row')."""

    openrouter: str
    modelsdev: tuple[tuple[str, str, str, str], ...]


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _part(api: ApiModel) -> ModelPart:
    rows = tuple(
        (o.provider_slug, o.provider_name, key, f"{_dumps(key)}:{_dumps(modelsdev_model(api.facts, o, key))}")
        for o in api.offerings
        for key in [modelsdev_key(o, api.facts)]
    )
    return ModelPart(_dumps(openrouter_model(api)), rows)


def model_parts() -> list[ModelPart]:
    """Every published model's part, in id order (vendor/slug): from the caches under the model's revision
    and the day (what is retired depends on it), else built, BUILD_CHUNK models at a time. A change to one
    model rebuilds one part; the lists are then joined from text."""
    today, _ = day_started()
    rows = LanguageModel.objects.published().order_by("vendor__slug", "slug").values_list(
        "pk", "facts_revision__revision"
    )
    keys = {pk: f"api-part:{RELEASE}:{today}:{pk}:{revision}" for pk, revision in rows}
    cached = local_first.get_many(list(keys.values()))
    parts = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in keys if pk not in parts]
    for chunk in (missing[i:i + BUILD_CHUNK] for i in range(0, len(missing), BUILD_CHUNK)):
        built = {pk: _part(api) for pk, api in _api_models(_published().filter(pk__in=chunk))}
        local_first.set_many({keys[pk]: part for pk, part in built.items()})
        parts.update(built)
    return [parts[pk] for pk in keys if pk in parts]


# Views -----------------------------------------------------------------------------------------------


@api_view
@cached_page(lambda request: caching.version_for_all_models("api-models"))
def models(request: HttpRequest) -> HttpResponse:
    """OpenRouter's GET /api/v1/models."""
    data = ",".join(part.openrouter for part in model_parts())
    body = f'{{"data":[{data}],"versus":{_dumps(about())}}}'
    return HttpResponse(body, content_type="application/json")


def _endpoints_key(request: HttpRequest, vendor: str, slug: str):
    if is_slug(slug) and slug in (read := read_revisions(request, [slug])).models:
        return read.version("api-endpoints", (vendor, slug))
    return None


@api_view
@cached_page(_endpoints_key)
def endpoints(request: HttpRequest, vendor: str, slug: str) -> HttpResponse:
    """OpenRouter's GET /api/v1/models/<author>/<slug>/endpoints: one endpoint per offering."""
    found = _api_models(_published().filter(slug=slug)) if is_slug(slug) else []
    if not found or found[0][1].facts.vendor_slug != vendor:
        return not_found(request, f"{vendor}/{slug}", slug)
    pk, api = found[0]
    history: dict[tuple[str, str], list] = {}
    points = CatalogChange.objects.prices().filter(model_id=pk, provider__isnull=False).order_by(
        "effective_on", "seen_at", "id"
    ).values_list("provider__slug", "region", "field", "old_value", "new_value", "effective_on", "source")
    for provider, region, *point in points:
        history.setdefault((provider, region), []).append(tuple(point))
    return _json({"data": openrouter_endpoints(replace(api, history=history)), "versus": about()})


@api_view
@cached_page(lambda request: caching.version_for_all_models("api-modelsdev"))
def modelsdev(request: HttpRequest) -> HttpResponse:
    """models.dev's api.json: providers -> models, cost per 1M tokens. No top-level key of our own (its
    readers take every key as a provider): the licence is in the Link header."""
    providers: dict[str, tuple[str, dict[str, str]]] = {}
    for part in model_parts():
        for slug, name, key, row in part.modelsdev:
            providers.setdefault(slug, (name, {}))[1][key] = row
    urls = dict(Provider.objects.filter(slug__in=providers).values_list("slug", "website"))
    body = ",".join(
        f'{_dumps(slug)}:{{"id":{_dumps(slug)},"name":{_dumps(name)},"env":[],"npm":null,'
        f'"doc":{_dumps(urls.get(slug) or None)},"models":{{'
        + ",".join(row for _, row in sorted(rows.items()))
        + "}}"
        for slug, (name, rows) in sorted(providers.items())
    )
    return HttpResponse(f"{{{body}}}", content_type="application/json")


def _changes_key(request: HttpRequest):
    query = request.GET
    plain = set(query) <= FILTERS and all(len(v) <= 100 and is_slug(v) for v in query.values() if v)
    number = query.get("page", "1")
    if not plain or not (number.isascii() and number.isdigit() and len(number) <= 6):
        return None  # answered uncached: a 400
    return _version("api-changes", tuple(sorted(query.items())))


@api_view
@cached_page(_changes_key)
def changes(request: HttpRequest) -> HttpResponse:
    """/changes/ as JSON: price changes, new models and retirements, newest first, with the same filters
    (vendor, provider, direction) and pages of the same size; a bad filter or page is a 400 that says why."""
    form = ChangesForm(request.GET or None)
    found = latest_changes()
    if form.is_bound and not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        message = "; ".join(m for errs in errors.values() for m in errs)
        return error(400, f"Bad filter: {message}", fields=errors)
    if form.is_bound:
        found = form.filter(found)
    number = request.GET.get("page", "1")
    paginator = Paginator(found, CHANGES_PER_PAGE)
    last = max(1, paginator.num_pages)
    if not (number.isascii() and number.isdigit() and len(number) <= 6) or not 1 <= int(number) <= last:
        return error(400, f"No page {printable(number)[:20]}: pages run from 1 to {last}.")
    page = paginator.page(int(number))
    query = request.GET.copy()
    if page.has_next():
        query["page"] = str(page.next_page_number())
    return _json({
        "data": [change_json(change_facts(c), c.model.vendor.slug) for c in page.object_list],
        "page": page.number,
        "pages": paginator.num_pages,
        "next": f"{reverse('comparisons:api_changes')}?{query.urlencode()}" if page.has_next() else None,
        "versus": about(),
    })


def not_found(request: HttpRequest, path: str, word: str = "") -> HttpResponse:
    """A JSON 404 that names what was not found and suggests models and the API's own paths."""
    path = printable(path)[:200]
    slugs = [c.slug for c in closest(word.replace("-", " "), _choices())] if word else []
    vendors = dict(LanguageModel.objects.filter(slug__in=slugs).values_list("slug", "vendor__slug"))
    suggestions = [
        {
            "id": f"{vendors[s]}/{s}",
            "page": reverse("comparisons:model_detail", args=[s]),
            "endpoints": reverse("comparisons:api_endpoints", args=[vendors[s], s]),
        }
        for s in slugs if s in vendors
    ]
    docs = reverse("comparisons:api_docs")
    return error(404, f"Nothing at {path}.", suggestions=suggestions, documentation=docs)


@api_view
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return not_found(request, f"/api/v1/{rest}", rest.strip("/").rsplit("/", 1)[-1])




@api_view
@cached_page(lambda request: caching.version_for_catalog("api-openapi"))
def openapi(request: HttpRequest) -> HttpResponse:
    return _json(description(settings.SITE_URL))


# Pages about the data ---------------------------------------------------------------------------------


def _page(request: HttpRequest, template: str, title: str, description_text: str, name: str, **context):
    return render(request, template, {
        "title": title, "description": description_text, "breadcrumbs": [(title, None)],
        "canonical_path": reverse(f"comparisons:{name}"), "data_license": DATA_LICENSE,
        "source_licenses": SOURCE_LICENSES, "example": _example(), "limit": settings.RATE_LIMITS[RATE_LIMIT],
        **context,
    })


def _example() -> tuple[str, str]:
    """A published model to show in examples: (vendor slug, slug), the first alphabetically."""
    row = LanguageModel.objects.published().order_by("slug").values_list("vendor__slug", "slug").first()
    return row or ("openai", "gpt-4o")


@require_safe
@cached_page(lambda request: caching.version_for_catalog("api-docs"))
def api_docs(request: HttpRequest) -> HttpResponse:
    return _page(
        request, "comparisons/api_docs.html", "API: the catalog as JSON",
        "Read Versus's prices, limits and sources as JSON in OpenRouter's and models.dev's shapes, with curl "
        "examples.", "api_docs",
    )


@require_safe
@cached_page(lambda request: caching.version_for_catalog("data"))
def data_page(request: HttpRequest) -> HttpResponse:
    downloads = [
        ("OpenRouter-shaped model list", reverse("comparisons:api_models")),
        ("models.dev-shaped api.json", reverse("comparisons:api_modelsdev")),
        ("Price changes, new models and retirements", reverse("comparisons:api_changes")),
        ("OpenAPI description", reverse("comparisons:api_openapi")),
    ]
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Versus LLM prices and specs",
        "description": "Prices per provider (USD per 1M tokens), context windows, modalities, capabilities, "
                       "retirement dates and sources of the large language models Versus compares.",
        "url": settings.SITE_URL + reverse("comparisons:data"),
        "license": DATA_LICENSE["url"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": "Versus", "url": settings.SITE_URL + "/"},
        "isBasedOn": [s["url"] for s in SOURCE_LICENSES],
        "distribution": [
            {"@type": "DataDownload", "name": name, "encodingFormat": "application/json",
             "contentUrl": settings.SITE_URL + url}
            for name, url in downloads
        ],
    }
    return _page(
        request, "comparisons/data.html", "Open data: LLM prices and specs",
        "Download every published model's prices, limits and sources as JSON, free to reuse under CC BY 4.0.",
        "data", dataset=dataset, downloads=downloads,
    )
