"""Filters that return data, not markup: the page title, JSON-LD bodies and a support cell's class.
Every fragment of markup lives in templates/."""

import json

from django import template
from django.utils.safestring import mark_safe

from comparisons.content import TITLE_LIMIT

register = template.Library()

SITE_NAME = " · Versus"
# Same escapes as django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """Render a dict as the body of a <script type="application/ld+json"> element, safely escaped."""
    return mark_safe(json.dumps(value, ensure_ascii=False, default=str).translate(_JSON_ESCAPES))


@register.filter
def support_class(label: str) -> str:
    return {"Yes": "yes", "No": "no"}.get(label, "unknown")


@register.filter
def site_title(title: str) -> str:
    """The page title with the site's name when both fit in the title limit."""
    return (
        f"{title}{SITE_NAME}" if len(title) + len(SITE_NAME) <= TITLE_LIMIT and title != "Versus" else title
    )


@register.filter
def breadcrumb_ld(crumbs, site_url: str) -> dict:
    """BreadcrumbList JSON-LD for the crumbs shown on the page: Home, then each (name, path) crumb."""
    items = [("Home", "/")] + [(name, path) for name, path in crumbs]
    elements = []
    for position, (name, path) in enumerate(items, 1):
        element = {"@type": "ListItem", "position": position, "name": name}
        if path:
            element["item"] = f"{site_url}{path}"
        elements.append(element)
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": elements}
