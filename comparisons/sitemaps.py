"""What crawlers read: robots.txt and the sitemaps, an index with sections for the site's own pages (home,
methodology, price changes, the dataset and its API), models, vendors, providers and comparisons.

Comparison sections are slices of the alphabetical list of priced models whose candidate pairs fit in one
sitemap page (indexing.Catalog.chunks), so every section is one page of at most 50,000 canonical URLs of
indexable pairs (indexing: the same rule as the pages' robots tags). The index finds each section's latest
change without listing its pairs (Catalog.latest_in_chunk).

The index and sections are written as XML text here, not through django.contrib.sitemaps' templates: its
index template alone took 0.29 s for 666 sections at 10,000 models (bench/RESULTS.md, "sitemap" rows).
"""

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from catalog.merging import PLACEHOLDER_VENDOR_SLUG
from catalog.models import FactsRevision, Provider, Vendor

from .caching import cached_page, mark_public, version_for_all_models
from .content import links
from .content.presets import PRESETS
from .indexing import Catalog

Rows = Iterable[tuple[str, datetime.datetime | None]]  # (path, lastmod)
Latest = datetime.datetime | None


def _model_rows(catalog: Catalog) -> Rows:
    return ((links.model_url(m.slug), m.changed_at) for m in catalog.indexable_models)


def _vendors():
    return Vendor.objects.filter(models__published=True).exclude(slug=PLACEHOLDER_VENDOR_SLUG)


def _providers():
    return Provider.objects.filter(offerings__active=True, offerings__model__published=True)


def _vendor_rows() -> Rows:
    vendors = _vendors().annotate(changed=Max("models__updated_at")).order_by("slug")
    return ((v.get_absolute_url(), max(v.updated_at, v.changed)) for v in vendors)


def _provider_rows() -> Rows:
    providers = _providers().annotate(changed=Max("offerings__updated_at")).order_by("slug")
    return ((p.get_absolute_url(), max(p.updated_at, p.changed)) for p in providers)


def _latest_change(queryset, related: str) -> datetime.datetime | None:
    """The latest change among a hub section's rows in one query: its own rows' or their models'."""
    found = queryset.aggregate(own=Max("updated_at"), related=Max(related))
    return max((t for t in found.values() if t), default=None)


def _latest(rows: Rows) -> datetime.datetime | None:
    return max((changed for _, changed in rows if changed), default=None)


class Section:
    """One sitemap page: its rows (path, lastmod) and the latest lastmod among them."""

    def __init__(self, rows: Callable[[], Rows], latest: Callable[[], Latest] | None = None):
        self.rows = rows
        self.latest = latest or (lambda: _latest(rows()))


def _page_rows() -> Rows:
    """The site's own pages: home, how we compute, the cheapest models for a workload (and each named
    workload), the latest price changes, the dataset and its API; each shows or describes the catalog, so
    each last changed when the catalog last did (the any-change row)."""
    row = FactsRevision.objects.filter(model_id=FactsRevision.ANY_CHANGE).values_list("changed_at", flat=True)
    when = next(iter(row), None)
    names = ("home", "methodology", "best", "changes", "data", "api_docs")
    rows = [(reverse(f"comparisons:{name}"), when) for name in names]
    # The named workloads' rankings (/best/<slug>/): pages of their own, built from the whole catalog.
    return rows + [(reverse("comparisons:best_preset", args=[slug]), when) for slug in PRESETS]


def sections(catalog: Catalog) -> dict[str, Section]:
    result = {
        "pages": Section(_page_rows),
        "models": Section(lambda: _model_rows(catalog)),
        "vendors": Section(_vendor_rows, lambda: _latest_change(_vendors(), "models__updated_at")),
        "providers": Section(_provider_rows, lambda: _latest_change(_providers(), "offerings__updated_at")),
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
    days: dict[datetime.datetime, str] = {}  # the same few timestamps recur across a section
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for path, changed in rows:
        if changed and changed not in days:
            days[changed] = _day(changed)
        lastmod = f"<lastmod>{days[changed]}</lastmod>" if changed else ""
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
    address = escape(settings.SITE_URL)
    before, after = reverse("comparisons:sitemap_section", args=["section-marker"]).split("section-marker")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for name, section in sections(Catalog.load()).items():
        latest = section.latest()
        if latest is None and name.startswith("comparisons-"):
            continue  # no indexable pair in it: nothing to tell a crawler
        lastmod = f"<lastmod>{timezone.localtime(latest).isoformat()}</lastmod>" if latest else ""
        parts.append(f"<sitemap><loc>{address}{before}{name}{after}</loc>{lastmod}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return HttpResponse("".join(parts), content_type="application/xml")


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
