import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Same escapes as django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """Render a dict as the body of a <script type="application/ld+json"> element, safely escaped."""
    return mark_safe(json.dumps(value, ensure_ascii=False, default=str).translate(_JSON_ESCAPES))


@register.filter
def support_class(label: str) -> str:
    return {"Yes": "yes", "No": "no"}.get(label, "unknown")


@register.inclusion_tag("comparisons/_pick_form.html")
def pick_form(first: str = "", second: str = "") -> dict:
    """The two-model picker: a plain GET form, enhanced by htmx suggestions."""
    return {
        "pick_fields": [
            ("a", "First model", "e.g. Llama 3.2 1B Instruct", first),
            ("b", "Second model", "e.g. Llama Guard 3 1B", second),
        ]
    }
