"""The review queue: imported models an import left unpublished (vendor unknown, a name made from an id, a
purpose the site does not compare, no priced offering), each with its reasons and what every source said,
for an editor to publish, reject, rename or merge (merges.py) in bulk.

Publishing or rejecting is the editor's decision and is recorded as curated ("published", "rejected"), so
no later import unpublishes or publishes it; each action writes one history row per model, with its reason.
"""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join

from ..editors import may
from ..merging import PLACEHOLDER_VENDOR_SLUG
from ..models import LanguageModel, Source, SourceFact, mark_curated

QUEUE_PARAMETER, WAITING = "queue", "waiting"
QUEUE_TITLE = "Review queue: imported models waiting for an editor"


def waiting(queryset):
    """The queue: unpublished, not rejected, with the reasons an import left them there."""
    return queryset.filter(published=False, rejected=False).exclude(queue_reasons=[])


class QueueFilter(admin.SimpleListFilter):
    title = "review queue"
    parameter_name = QUEUE_PARAMETER

    def lookups(self, request, model_admin):
        return [(WAITING, "Waiting for an editor"), ("rejected", "Rejected")]

    def queryset(self, request, queryset):
        if self.value() == WAITING:
            return waiting(queryset)
        if self.value() == "rejected":
            return queryset.filter(rejected=True)
        return queryset


def in_queue(request) -> bool:
    return request.GET.get(QUEUE_PARAMETER) == WAITING


def sources_table(facts) -> str:
    """What each source says, one row per fact (and per offering), one column per source; several entries
    of one source that disagree show every value."""
    said: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fact in facts:
        where = f" at {fact.offering.provider}" if fact.offering_id else ""
        said[(where, fact.field)][fact.source].add(fact.value or "(empty)")
    if not said:
        return "No source has said anything about it."
    sources = [s for s in Source if any(s.value in by for by in said.values())]
    rows = [
        (f"{field.replace('_', ' ')}{where}", *(", ".join(sorted(by[s.value])) or "—" for s in sources))
        for (where, field), by in sorted(said.items(), key=lambda item: (item[0][0], item[0][1]))
    ]
    head = format_html_join("", "<th>{}</th>", ((s.label,) for s in sources))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html('<table class="source-facts"><tr><th>fact</th>{}</tr>{}</table>', head, body)


def entries_line(facts) -> str:
    origins = sorted({(Source(f.source).label, f.origin) for f in facts})
    shown = "; ".join(f"{label}: {origin}" for label, origin in origins[:4])
    more = f" and {len(origins) - 4} more" if len(origins) > 4 else ""
    return f"{shown}{more}" if origins else "none"


class QueueMixin:
    """The queue's columns, filter, actions and permissions, for LanguageModelAdmin."""

    queue_list_display = ["name", "vendor", "purpose", "waiting_because", "entries", "what_sources_say"]

    def get_list_display(self, request):
        return self.queue_list_display if in_queue(request) else super().get_list_display(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "catalog_languagemodel_changelist" and in_queue(request):
            facts = SourceFact.objects.select_related("offering__provider").order_by("field", "source")
            queryset = queryset.prefetch_related(models.Prefetch("source_facts", queryset=facts))
        return queryset

    def changelist_view(self, request, extra_context=None):
        if in_queue(request):
            extra_context = {**(extra_context or {}), "title": QUEUE_TITLE}
        return super().changelist_view(request, extra_context)

    @admin.display(description="waiting because")
    def waiting_because(self, obj):
        return format_html_join("", "<div>{}</div>", ((reason,) for reason in obj.queue_reasons)) or "—"

    @admin.display(description="source entries")
    def entries(self, obj):
        return entries_line(obj.source_facts.all())

    @admin.display(description="what the sources say")
    def what_sources_say(self, obj):
        return sources_table(f for f in obj.source_facts.all() if not f.offering_id)

    @admin.display(description="what the sources say")
    def sources_say(self, obj):
        if obj.pk is None:
            return "—"
        facts = obj.source_facts.select_related("offering__provider").order_by("field", "source")
        return sources_table(facts)

    def has_publish_permission(self, request):
        return may(request.user, "publish")

    def has_reject_permission(self, request):
        return may(request.user, "reject")

    def has_rename_permission(self, request):
        return may(request.user, "rename")


def refuse_placeholder(vendor) -> None:
    """A model under the placeholder vendor is never published: its pages would name no real maker."""
    if vendor.slug == PLACEHOLDER_VENDOR_SLUG:
        raise ValidationError(
            f"Choose the model's vendor first: “{vendor}” is the placeholder for models no source "
            "attributes, and a published model names its maker on every page.", code="placeholder_vendor",
        )


def _settle(model: LanguageModel, user, reason: str, **values) -> None:
    for name, value in values.items():
        setattr(model, name, value)
    mark_curated(model, [name for name in values if name != "queue_reasons"])
    model._history_user, model._change_reason = user, reason
    model.save()


@admin.action(description="Publish selected models", permissions=["publish"])
def publish_models(modeladmin, request, queryset):
    done, refused = [], []
    with transaction.atomic():
        for model in queryset.select_related("vendor").select_for_update(of=("self",)):
            if model.vendor.slug == PLACEHOLDER_VENDOR_SLUG:
                refused.append(model.name)
                continue
            _settle(model, request.user, "Published from the review queue",
                    published=True, rejected=False, queue_reasons=[])
            done.append(model.name)
    if done:
        modeladmin.message_user(request, f"Published {len(done)}: {', '.join(done)}.", messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request,
            f"Not published: {', '.join(refused)}. Its vendor is the placeholder for models no source "
            "attributes: choose its vendor first (open the model, change Vendor, save), then publish it.",
            messages.ERROR,
        )


@admin.action(description="Reject selected models (never published by an import)", permissions=["reject"])
def reject_models(modeladmin, request, queryset):
    names = []
    with transaction.atomic():
        for model in queryset.select_for_update():
            _settle(model, request.user, "Rejected from the review queue",
                    rejected=True, published=False, queue_reasons=[])
            names.append(model.name)
    modeladmin.message_user(
        request, f"Rejected {len(names)}: {', '.join(names)}. Imports keep matching their entries to them "
        "and never publish them.", messages.SUCCESS,
    )


class RenameForm(forms.Form):
    """One model's new name and slug, prefixed by its primary key."""

    name = forms.CharField(max_length=150)
    slug = forms.CharField(max_length=150)

    def __init__(self, *args, model: LanguageModel, **kwargs):
        kwargs.setdefault("initial", {"name": model.name, "slug": model.slug})
        super().__init__(*args, prefix=f"m{model.pk}", **kwargs)
        self.model = model

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        model = self.model
        model.name, model.slug = data["name"].strip(), data["slug"].strip()
        others = [f.name for f in LanguageModel._meta.fields if f.name not in ("name", "slug", "vendor")]
        try:
            model.full_clean(exclude=others)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    self.add_error(field if field in self.fields else None, problem)
        return data


@admin.action(description="Rename selected models…", permissions=["rename"])
def rename_models(modeladmin, request, queryset):
    """An intermediate page: a name and slug for each model; applied when every one is valid."""
    chosen = list(queryset.select_related("vendor"))
    old = {m.pk: (m.name, m.slug) for m in chosen}
    data = request.POST if "apply" in request.POST else None
    rows = [RenameForm(data, model=m) for m in chosen]
    if data is not None and all(form.is_valid() for form in rows):
        renamed = []
        with transaction.atomic():
            for form in rows:
                model = form.model
                name, slug = old[model.pk]
                changed = [f for f, before in (("name", name), ("slug", slug)) if getattr(model, f) != before]
                if not changed:
                    continue
                mark_curated(model, changed)
                # The name is now an editor's: the reason "name made from an id" is settled.
                model.queue_reasons = [r for r in model.queue_reasons if not r.lower().startswith("name")]
                model._history_user = request.user
                model._change_reason = f"Renamed from the review queue: {name} → {model.name}"
                model.save()
                renamed.append(f"{name} → {model.name}")
        modeladmin.message_user(
            request, f"Renamed {len(renamed)}: {'; '.join(renamed)}." if renamed else "Nothing renamed.",
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Rename models", "opts": modeladmin.model._meta, "rows": rows,
        "action": "rename_models", "selected": [m.pk for m in chosen],
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/catalog/rename.html", context)
