import functools
import html
import json

from django import template
from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeData, SafeString, mark_safe

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


# Stand-ins for the two values while the picker is rendered once.
_PICK_VALUES = ("\x00first\x00", "\x00second\x00")


@functools.cache
def _pick_form_pieces() -> tuple[str, str, str]:
    """comparisons/_pick_form.html rendered once per process, cut where the two values go."""
    from comparisons.context_processors import site_links

    markup = render_to_string("comparisons/_pick_form.html", {
        "LINKS": site_links(),
        "pick_fields": [
            ("a", "First model", "e.g. Llama 3.2 1B Instruct", _PICK_VALUES[0]),
            ("b", "Second model", "e.g. Llama Guard 3 1B", _PICK_VALUES[1]),
        ],
    })
    before, rest = markup.split(_PICK_VALUES[0])
    middle, after = rest.split(_PICK_VALUES[1])
    return before, middle, after


@register.simple_tag
def pick_form(first: str = "", second: str = "") -> str:
    """The two-model picker: a plain GET form, enhanced by htmx suggestions. The form is the same on every
    page but for the two values it is filled in with."""
    before, middle, after = _pick_form_pieces()
    return SafeString(f"{before}{_escape(str(first or ''))}{middle}{_escape(str(second or ''))}{after}")


SITE_NAME = " · Versus"
TITLE_LIMIT = 60


@register.filter
def site_title(title: str) -> str:
    """The page title with the site's name when both fit in about 60 characters."""
    return f"{title}{SITE_NAME}" if len(title) + len(SITE_NAME) <= TITLE_LIMIT and title != "Versus" else title


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


# Repeated rows of the comparison page, built in Python: each {{ variable }} costs the template
# engine several microseconds, and these loops were most of the time a never-seen pair page took to
# render (bench/RESULTS.md). The markup is the same as the template loops it replaces.


def _html(template: str, *args) -> SafeString:
    """format_html without its per-argument overhead (lazy-string checks): escapes every argument that
    is not already safe, exactly as format_html does."""
    return SafeString(template.format(*[a if isinstance(a, SafeData) else _escape(str(a)) for a in args]))


# Labels and "Not yet sourced" repeat on every page: remember their escaped form.
_escape = functools.lru_cache(maxsize=8192)(html.escape)


def _join(template: str, rows) -> SafeString:
    return SafeString("\n".join(_html(template, *row) for row in rows))


@register.simple_tag
def spec_rows(rows) -> str:
    return _join(
        '<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        ((_DIFFERS if row.differs else "", row.label, row.a, row.b) for row in rows),
    )


@register.simple_tag
def capability_rows(rows) -> str:
    return _join(
        '<tr><th scope="row">{}</th><td class="support-{}">{}</td><td class="support-{}">{}</td></tr>',
        ((row.label, support_class(row.a), row.a, support_class(row.b), row.b) for row in rows),
    )


@register.simple_tag
def chart_bars(chart) -> str:
    """The bars of a BarChart as HTML: a row per basis, a bar per model (its length an SVG stretched to
    the bar's share), the value beside it in the page's own text size."""
    parts = []
    for group in chart.groups:
        bars = "".join(
            _html('<span class="bar-line"><svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none">'
                  '<rect width="{}" height="1" class="bar-{}"></rect></svg><span class="bar-value">{}</span></span>',
                  bar.width_text, bar.side, bar.value_text)
            for bar in group.bars
        )
        parts.append(_html('<div class="bar-group"><span class="group-label">{}</span><span class="bar-lines">{}</span></div>',
                           group.label, SafeString(bars)))
    return SafeString("\n".join(parts))


@register.simple_tag
def chart_table(chart) -> str:
    """The chart's numbers as a table (for screen readers): a column per model, a row per basis."""
    names = "".join(_html('<th scope="col">{}</th>', bar.name) for bar in chart.groups[0].bars) if chart.groups else ""
    rows = "".join(
        _html('<tr><th scope="row">{}</th>{}</tr>', group.label,
              SafeString("".join(_html("<td>{}</td>", bar.value_text) for bar in group.bars)))
        for group in chart.groups
    )
    return SafeString(f'<thead><tr><th scope="col">Basis</th>{names}</tr></thead>\n<tbody>{rows}</tbody>')


@register.simple_tag
def chart_key(chart) -> str:
    """Which colour is which model: the first group's bars."""
    bars = chart.groups[0].bars if chart.groups else []
    return _join('<span class="key key-{}">{}</span>', ((bar.side, bar.name) for bar in bars))


@register.simple_tag
def faq_entries(entries, reviewed=None) -> str:
    note = _html(' <span class="meta">(Editor, reviewed {})</span>', date_format(reviewed, "M j, Y")) if reviewed else ""
    return _join(
        "<dt>{}</dt>\n<dd>{}{}</dd>",
        ((entry.question, entry.answer, note if entry.editorial else "") for entry in entries),
    )


@register.simple_tag
def pair_links(suggestions, anchor_name=None) -> str:
    """"A vs B" links to related pairs; `anchor_name` names the first model when the page is about it."""
    return _join(
        '<li><a href="{}">{} vs {}</a>{}</li>',
        (
            (s.url, anchor_name or s.anchor.name, s.other.name,
             _html(' <span class="meta">{}</span>', s.why) if s.why else "")
            for s in suggestions
        ),
    )


@register.simple_tag
def repeat(template: str, items) -> str:
    """`template` (str.format fields, e.g. "<li>{}</li>") once per item, escaped; a tuple fills several
    fields ("{1}" for the second)."""
    return _join(template, (item if isinstance(item, tuple) else (item,) for item in items))


_DIFFERS = SafeString(' class="differs"')
