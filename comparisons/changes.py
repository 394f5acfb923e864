"""/changes/ (the latest dated changes across the catalog, filtered and paginated) and its Atom feeds: all
changes, one model's, one provider's. What each line says is comparisons/content/history.py; the changes
are catalog.CatalogChange, derived from the admin history (catalog/price_changes.py).

Pages and feeds are keyed on the catalog's revisions and on the newest change: a change derived after its
save committed (on commit) still makes a new key. Feed entries have tag: ids made from the change's id,
which never changes, so a feed reader never sees an entry twice.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import F, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from catalog.models import (
    CatalogChange,
    ChangeKind,
    FactsRevision,
    LanguageModel,
    Provider,
    Vendor,
)
from catalog.slugs import is_slug

from .caching import Version, cached_page, make_version
from .price_history import change_facts, latest_changes

CHANGES_PER_PAGE = 50
FEED_ENTRIES = 50
# tag: URIs (RFC 4151) name the site by its host and a day it owned it; the day never changes, or every
# entry would be new to every reader again.
TAG_DATE = "2026-12-01"


def _version(page: str, parts: tuple) -> Version:
    rows = FactsRevision.objects.lookup(scopes=(FactsRevision.CATALOG, FactsRevision.ANY_CHANGE))
    newest = CatalogChange.objects.aggregate(newest=Max("id"))["newest"]
    revisions = [(pk, revision, changed) for pk, _, revision, changed in rows]
    return make_version(page, parts, [*revisions, ("changes", newest, None)])


class ChangesForm(forms.Form):
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.filter(models__published=True).distinct().order_by("name"),
        to_field_name="slug", required=False, empty_label="Any vendor",
        error_messages={"invalid_choice": "No vendor with that name has published models."},
    )
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label="Any provider", error_messages={"invalid_choice": "No provider with that name."},
    )
    direction = forms.ChoiceField(
        choices=[("", "Up or down"), ("down", "Prices down"), ("up", "Prices up")], required=False,
        error_messages={"invalid_choice": "Direction is up or down."},
    )

    def filter(self, changes):
        data = self.cleaned_data
        if data.get("vendor"):
            changes = changes.filter(model__vendor=data["vendor"])
        if data.get("provider"):
            changes = changes.filter(provider=data["provider"])
        if data.get("direction") == "down":
            changes = changes.filter(kind=ChangeKind.PRICE, new_value__lt=F("old_value"))
        elif data.get("direction") == "up":
            changes = changes.filter(kind=ChangeKind.PRICE, new_value__gt=F("old_value"))
        return changes


FILTERS = {"vendor", "provider", "direction", "page"}


def _changes_key(request: HttpRequest) -> Version | None:
    query = request.GET
    plain = set(query) <= FILTERS and all(len(v) <= 100 and is_slug(v) for v in query.values() if v)
    number = query.get("page", "1")
    if not plain or not (number.isascii() and number.isdigit() and len(number) <= 6):
        return None  # answered uncached: a 400, or the first page for a page number that is none
    return _version("changes", tuple(sorted(query.items())))


@require_safe
@cached_page(_changes_key)
def changes(request: HttpRequest) -> HttpResponse:
    form = ChangesForm(request.GET or None)
    found = latest_changes()
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        found = form.filter(found)
    page = Paginator(found, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    filtered = status == 200 and form.is_bound and any(v for k, v in request.GET.items() if k != "page")
    return render(
        request,
        "comparisons/changes.html",
        {
            "title": "Price changes, new models and retirements" + (
                f", page {page.number}" if page.number > 1 else ""
            ),
            "description": (
                "Every price change of every language model we track, newest first: which price, old and "
                "new, by how much, when and according to whom; new models and retirements too."
            ),
            "breadcrumbs": [("Changes", None)],
            "form": form,
            "page_obj": page,
            "rows": [change_facts(c) for c in page.object_list],
            "filtered": filtered,
            "noindex": filtered or status != 200,
            "canonical_path": reverse("comparisons:changes") + (
                f"?page={page.number}" if page.number > 1 and not filtered else ""
            ),
        },
        status=status,
    )


# Feeds ---------------------------------------------------------------------------------------------


def entry_id(change_id: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:changes/{change_id}"


class ChangesFeed(Feed):
    """Every change (newest first); subclasses narrow it to one model or one provider."""

    feed_type = Atom1Feed
    author_name = "Versus"

    def get_object(self, request, slug=None):
        return None

    def changes(self, obj):
        return latest_changes()

    def title(self, obj):
        return f"Versus: price changes in {self.scope_name(obj)}"

    def scope_name(self, obj):
        return "the catalog"

    def link(self, obj):
        return reverse("comparisons:changes")

    def subtitle(self, obj):
        return (f"Price changes, new models and retirements in {self.scope_name(obj)}, newest first, "
                "with their dates and sources.")

    def feed_guid(self, obj):
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{TAG_DATE}:feeds{self.link(obj)}"

    def items(self, obj):
        return list(self.changes(obj).order_by("-seen_at", "-id")[:FEED_ENTRIES])

    def item_title(self, item):
        return change_facts(item).title

    def item_description(self, item):
        return change_facts(item).summary

    def item_link(self, item):
        return reverse("comparisons:model_detail", args=[item.model.slug]) + "#price-history"

    def item_guid(self, item):
        return entry_id(item.pk)

    def item_pubdate(self, item):
        return item.seen_at

    def item_updateddate(self, item):
        return item.seen_at

    def item_author_name(self, item):
        return change_facts(item).source_label


class ModelChangesFeed(ChangesFeed):
    def get_object(self, request, slug=None):
        return get_object_or_404(LanguageModel.objects.published(), slug=slug)

    def changes(self, obj):
        return latest_changes().filter(model=obj)

    def scope_name(self, obj):
        return obj.name

    def link(self, obj):
        return obj.get_absolute_url()


class ProviderChangesFeed(ChangesFeed):
    def get_object(self, request, slug=None):
        return get_object_or_404(Provider, slug=slug)

    def changes(self, obj):
        return latest_changes().filter(Q(provider=obj))

    def scope_name(self, obj):
        return obj.name

    def link(self, obj):
        return reverse("comparisons:provider_detail", args=[obj.slug])


def _feed_key(page: str):
    def key_for(request: HttpRequest, slug: str = "") -> Version | None:
        if request.GET or (slug and not is_slug(slug)):
            return None
        return _version(page, (slug,))

    return key_for


changes_feed = require_safe(cached_page(_feed_key("changes-feed"))(ChangesFeed()))
model_changes_feed = require_safe(cached_page(_feed_key("model-changes-feed"))(ModelChangesFeed()))
provider_changes_feed = require_safe(cached_page(_feed_key("provider-changes-feed"))(ProviderChangesFeed()))


# The model page's history and the pair page's sentence -------------------------------------------
