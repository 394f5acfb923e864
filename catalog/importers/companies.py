"""One row per company: which vendor makes a model and which provider serves it, for the importers.

- **Providers**: an editor's `ProviderAlias` for this source, then one for any source (source ""), then the
  built-in map (importers/providers.py), then an existing provider, or an alias for any source (a merged
  provider's old slug and name), whose slug or name is the same company (`company_key`: "Friendli" and
  "FriendliAI" are one); otherwise a new provider, with its kind from catalog/provider_kinds.py.
- **Vendors**: the parser's guess (`Entry.vendor`, importers/families.py), then an editor's `VendorAlias` for
  its slug or name, then an existing vendor that is the same company ("Mistral" for "Mistral AI");
  otherwise a new vendor.
An import never creates a second vendor or provider whose name or slug has the same `company_key` as an
existing one's.
"""

import re

from simple_history.utils import bulk_create_with_history

from ..models import Provider, ProviderAlias, Vendor, VendorAlias
from ..provider_kinds import BATCH_DISCOUNTS, PROVIDER_TERMS, kind_for
from ..slugs import make_slug
from .entries import UNATTRIBUTED, Entry
from .providers import PROVIDER_MAP, PROVIDER_NAMES, provider_name

# Words a company adds to its name or leaves out ("Mistral AI" / "Mistral", "AI21 Labs" / "AI21"). Not
# "Cloud": Ollama (your own machine) and Ollama Cloud (a subscription) are different offerings.
_COMPANY_SUFFIXES = ("ai", "labs", "inc")


def company_key(text: str) -> str:
    """Letters and digits only, without a trailing "AI", "Labs" or "Inc" where a name of three
    characters or more is left ("FriendliAI" -> "friendli"; "xAI" and "Z.ai" keep theirs)."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    for suffix in _COMPANY_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


class Companies:
    """Vendors and providers as an import finds or creates them (loaded once per import)."""

    def __init__(self, source: str, reason: str, report):
        self.source, self.reason, self.report = source, reason, report
        self.vendors = {v.slug: v for v in Vendor.objects.all()}
        self.vendor_by_company: dict[str, Vendor] = {}
        for vendor in sorted(self.vendors.values(), key=lambda v: v.pk):
            for text in (vendor.slug, vendor.name):
                self.vendor_by_company.setdefault(company_key(text), vendor)
        # An editor's alias comes before any vendor's own name.
        for alias in VendorAlias.objects.select_related("vendor"):
            self.vendor_by_company[company_key(alias.key)] = alias.vendor
        self.providers = {p.slug: p for p in Provider.objects.all()}
        self.provider_by_company: dict[str, Provider] = {}
        for provider in sorted(self.providers.values(), key=lambda p: p.pk):
            for text in (provider.slug, provider.name):
                self.provider_by_company.setdefault(company_key(text), provider)
        # This source's aliases win over those for any source ("" sorts first, so it is overwritten).
        aliases = ProviderAlias.objects.filter(source__in=["", source]).select_related("provider")
        self.provider_aliases = {a.key: a.provider for a in aliases.order_by("source")}
        # A merged provider's old slug and name (aliases for any source) keep naming the one it became.
        for alias in aliases:
            if alias.source == "":
                self.provider_by_company[company_key(alias.key)] = alias.provider
        self._provider_memo: dict[tuple[str, str], Provider] = {}

    @property
    def placeholder(self) -> Vendor | None:
        return self.vendors.get(UNATTRIBUTED[0])

    # Providers -----------------------------------------------------------------------------------

    def provider_for(self, entry: Entry) -> Provider:
        memo = (entry.provider_key, entry.provider_name)
        if memo not in self._provider_memo:
            self._provider_memo[memo] = self._provider(entry.provider_key, entry.provider_name)
        return self._provider_memo[memo]

    def _provider(self, key: str, source_name: str) -> Provider:
        if key in self.provider_aliases:
            return self.provider_aliases[key]
        mapped = PROVIDER_MAP[self.source].get(key)
        slug = mapped or make_slug(source_name or key)
        if slug in self.providers:
            return self.providers[slug]
        name = PROVIDER_NAMES.get(slug) or source_name or provider_name(key)
        # A mapped slug is the table's decision; otherwise the same company under another spelling.
        texts = (slug, name) if mapped else (slug, name, key, source_name)
        for text in filter(None, texts):
            existing = self.provider_by_company.get(company_key(text))
            if existing is not None:
                return existing
        if Provider.objects.filter(name=name).exists():
            name = f"{name} ({key})"
        # Its kind (free tier, subscription, local, router) from the one table; editors change it after.
        provider = Provider(name=name[:100], slug=slug, website="", kind=kind_for(slug),
                            terms=PROVIDER_TERMS.get(slug, ""), batch_discount=BATCH_DISCOUNTS.get(slug))
        bulk_create_with_history([provider], Provider, default_change_reason=self.reason)
        provider = Provider.objects.get(slug=slug)
        self.providers[slug] = provider
        for text in (slug, name):
            self.provider_by_company.setdefault(company_key(text), provider)
        self.report.created["providers"] += 1
        self.report.created_labels.append(f"provider {name}")
        return provider

    # Vendors -------------------------------------------------------------------------------------

    def vendor_for(self, entry: Entry) -> Vendor:
        return self.vendor_named(*entry.vendor)

    def vendor_named(self, slug: str, name: str) -> Vendor:
        if (slug, name) != UNATTRIBUTED:
            for text in (slug, name):
                existing = self.vendor_by_company.get(company_key(text))
                if existing is not None:
                    return existing
        if slug in self.vendors:
            return self.vendors[slug]
        by_name = Vendor.objects.filter(name=name).first()
        if by_name:
            self.vendors[slug] = by_name
            return by_name
        vendor = Vendor(name=name, slug=slug)
        bulk_create_with_history([vendor], Vendor, default_change_reason=self.reason)
        vendor = Vendor.objects.get(slug=slug)
        self.vendors[slug] = vendor
        if (slug, name) != UNATTRIBUTED:
            for text in (slug, name):
                self.vendor_by_company.setdefault(company_key(text), vendor)
        self.report.created["vendors"] += 1
        self.report.created_labels.append(f"vendor {name}")
        return vendor
