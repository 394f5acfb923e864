"""What crawlers read: robots.txt and the sitemaps, an index with sections for models, vendors,
providers and comparisons.

Comparison sections are slices of the alphabetical list of priced models whose candidate pairs fit in one
sitemap page (indexing.Catalog.chunks), so every section is one page of at most 50,000 canonical URLs of
indexable pairs (indexing: the same rule as the pages' robots tags). The index finds each section's latest
change without listing its pairs (Catalog.latest_in_chunk).

Sections are written as XML text here, not through django.contrib.sitemaps' template: a section of 50,000
pairs took 1.9 s in the template and takes 0.1 s here (bench/RESULTS.md, "sitemap" rows).
"""

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from catalog.merging import PLACEHOLDER_VENDOR_SLUG
from catalog.models import Provider, Vendor

from .caching import cached_page, mark_public, version_for_all_models
from .content import links
from .indexing import Catalog

Rows = Iterable[tuple[str, datetime.datetime | None]]  # (path, lastmod)
Latest = datetime.datetime | None


def _model_rows(catalog: Catalog) -> Rows:
    return ((links.model_url(m.slug), m.changed_at) for m in catalog.indexable_models)


def _vendor_rows(catalog: Catalog) -> Rows:
    vendors = (
        Vendor.objects.filter(models__published=True)
        .exclude(slug=PLACEHOLDER_VENDOR_SLUG)
        .annotate(changed=Max("models__updated_at"))
        .order_by("slug")
    )
    return ((v.get_absolute_url(), max(v.updated_at, v.changed)) for v in vendors)


def _provider_rows(catalog: Catalog) -> Rows:
    providers = (
        Provider.objects.filter(offerings__active=True, offerings__model__published=True)
        .annotate(changed=Max("offerings__updated_at"))
        .order_by("slug")
    )
    return ((p.get_absolute_url(), max(p.updated_at, p.changed)) for p in providers)


def _latest(rows: Rows) -> datetime.datetime | None:
    return max((changed for _, changed in rows if changed), default=None)


class Section:
    """One sitemap page: its rows (path, lastmod) and the latest lastmod among them."""

    def __init__(self, rows: Callable[[], Rows], latest: Callable[[], Latest] | None = None):
        self.rows = rows
        self.latest = latest or (lambda: _latest(rows()))


def sections(catalog: Catalog) -> dict[str, Section]:
    result = {
        "models": Section(lambda: _model_rows(catalog)),
        "vendors": Section(lambda: _vendor_rows(catalog)),
        "providers": Section(lambda: _provider_rows(catalog)),
    }
    for number, (start, stop) in enumerate(catalog.chunks(), 1):
        result[f"comparisons-{number}"] = Section(
            lambda start=start, stop=stop: (
                (links.pair_url(slug), changed) for _, _, slug, changed in catalog.pairs_in_chunk(start, stop)
            ),
            lambda start=start, stop=stop: catalog.latest_in_chunk(start, stop),
        )
    return result


def _day(value: datetime.datetime) -> str:
    return (timezone.localtime(value) if timezone.is_aware(value) else value).date().isoformat()


def urlset(rows: Rows) -> str:
    """The sitemap protocol's <urlset> of these rows, on the configured public address."""
    address = urlsplit(settings.SITE_URL)
    base = escape(f"{address.scheme}://{address.netloc}")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for path, changed in rows:
        lastmod = f"<lastmod>{_day(changed)}</lastmod>" if changed else ""
        parts.append(f"<url><loc>{base}{escape(path)}</loc>{lastmod}</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


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
        latest = section.latest()
        if latest is None and name.startswith("comparisons-"):
            continue  # no indexable pair in it: nothing to tell a crawler
        location = settings.SITE_URL + reverse("comparisons:sitemap_section", args=[name])
        # The index template formats the datetime itself (`|date:"c"`); a string would print as empty.
        entries.append(SitemapIndexItem(location, latest))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_safe
@cached_page(lambda request, section: version_for_all_models("sitemap", (section,)))
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    found = sections(Catalog.load())
    if section not in found:
        raise Http404("No such sitemap section.")
    response = HttpResponse(urlset(found[section].rows()), content_type="application/xml")
    # As django.contrib.sitemaps says it: the sitemap itself is no page to show in results.
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
