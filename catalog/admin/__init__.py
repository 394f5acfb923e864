"""The editors' admin: search, filters, inline offerings, prices edited in place, review tracking, the
review queue of imported models, merges, and the history of every object with who changed it.

base.py: what every editor's page shares; registry.py: one page per catalog model; queue.py: the review
queue (publish, reject, rename); merges.py: merging models, vendors and providers.
"""

from django.contrib import admin

from .registry import LanguageModelAdmin, OfferingAdmin, ProviderAdmin, VendorAdmin

admin.site.site_header = "Versus editors"
admin.site.site_title = "Versus admin"
admin.site.index_title = "Catalog"

__all__ = ["LanguageModelAdmin", "OfferingAdmin", "ProviderAdmin", "VendorAdmin"]
