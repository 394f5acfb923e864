"""What crawlers read: robots.txt and the sitemaps, an index with sections for models, vendors,
providers and comparisons.

Comparison sections are slices of the alphabetical model list whose candidate pairs fit in one sitemap
page (see indexing.Catalog.chunks), so every section is one page of at most 50,000 canonical URLs of
indexable pairs, built with bounded memory.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as BaseSitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import Provider, Vendor

from .caching import cached_page, mark_public, version_for_all_models
from .indexing import URLS_PER_SITEMAP, Catalog


class _Domain:
    def __init__(self, domain: str):
        self.domain = domain


class Sitemap(BaseSitemap):
    """URLs on the configured public address, never the request's Host header."""

    def get_urls(self, page=1, site=None, protocol=None):
        address = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=_Domain(address.netloc), protocol=address.scheme)


class ModelSitemap(Sitemap):
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def items(self):
        return self.catalog.models

    def location(self, item):
        return reverse("comparisons:model_detail", args=[item.facts.slug])

    def lastmod(self, item):
        return item.changed_at


class VendorSitemap(Sitemap):
    def items(self):
        return (
            Vendor.objects.filter(models__published=True)
            .annotate(changed=Max("models__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.changed)


class ProviderSitemap(Sitemap):
    def items(self):
        return (
            Provider.objects.filter(offerings__active=True, offerings__model__published=True)
            .annotate(changed=Max("offerings__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.changed)


class ComparisonSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def __init__(self, catalog: Catalog, start: int, stop: int):
        self.catalog, self.start, self.stop = catalog, start, stop

    def items(self):
        return list(self.catalog.pairs_in_chunk(self.start, self.stop))

    def location(self, item):
        return reverse("comparisons:compare_pair", args=[item[2]])

    def lastmod(self, item):
        return item[3]


def sections(catalog: Catalog) -> dict[str, Sitemap]:
    result: dict[str, Sitemap] = {
        "models": ModelSitemap(catalog),
        "vendors": VendorSitemap(),
        "providers": ProviderSitemap(),
    }
    for number, (start, stop) in enumerate(catalog.chunks(), 1):
        result[f"comparisons-{number}"] = ComparisonSitemap(catalog, start, stop)
    return result


# Views ---------------------------------------------------------------------------------------------


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
    return mark_public(HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8"))


@require_safe
@cached_page(lambda request: version_for_all_models("sitemap-index"))
def sitemap_index(request: HttpRequest) -> HttpResponse:
    entries = []
    for name, section in sections(Catalog.load()).items():
        location = settings.SITE_URL + reverse("comparisons:sitemap_section", args=[name])
        # The index template formats the datetime itself (`|date:"c"`); a string would print as empty.
        entries.append(SitemapIndexItem(location, section.get_latest_lastmod()))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_safe
@cached_page(lambda request, section: version_for_all_models("sitemap", (section,)))
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    found = sections(Catalog.load())
    if section not in found:
        raise Http404("No such sitemap section.")
    return sitemap_view(request, {section: found[section]}, section=section)
