"""The editors' admin pages, one per catalog model: search, filters, inline offerings, prices edited in
place, and what each source said."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from ..forms import VersionedForm
from ..models import (
    TIER_PRICE_FIELDS,
    Benchmark,
    BenchmarkScore,
    FormerSlug,
    LanguageModel,
    Modality,
    ModelAlias,
    Offering,
    PairNote,
    PairQuestion,
    PriceTier,
    Provider,
    ProviderAlias,
    SourceFact,
    Vendor,
    VendorAlias,
)
from .base import (
    DueForReviewFilter,
    EditorAdmin,
    VersionedStackedInline,
    VersionedTabularInline,
    mark_reviewed,
)
from .merges import MergeMixin, merge_selected_models, merge_selected_providers, merge_selected_vendors
from .queue import QueueFilter, QueueMixin, publish_models, refuse_placeholder, reject_models, rename_models


@admin.register(Vendor)
class VendorAdmin(MergeMixin, EditorAdmin):
    list_display = ["name", "slug", "website", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [merge_selected_vendors]


@admin.register(VendorAlias)
class VendorAliasAdmin(EditorAdmin):
    list_display = ["key", "vendor", "updated_at"]
    search_fields = ["key", "vendor__name"]
    autocomplete_fields = ["vendor"]


@admin.register(Provider)
class ProviderAdmin(MergeMixin, EditorAdmin):
    list_display = ["name", "slug", "kind", "website", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [merge_selected_providers]


@admin.register(Benchmark)
class BenchmarkAdmin(EditorAdmin):
    list_display = ["name", "slug", "higher_is_better", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class OfferingInline(VersionedTabularInline):
    model = Offering
    extra = 0
    autocomplete_fields = ["provider"]
    # Prices next to the provider: what an editor checks first is visible without scrolling the table.
    fields = [
        "provider", "input_price", "output_price", "cached_input_price", "free_confirmed", "region",
        "provider_model_id", "context_window", "active", "retires_on", "source_url", "last_reviewed",
    ]
    show_change_link = True


class BenchmarkScoreInline(VersionedTabularInline):
    model = BenchmarkScore
    extra = 0
    autocomplete_fields = ["benchmark"]
    fields = ["benchmark", "score", "settings", "verification", "source_url", "last_reviewed"]


class LanguageModelForm(VersionedForm):
    input_modalities = forms.MultipleChoiceField(
        choices=Modality.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked when not yet sourced.",
    )
    output_modalities = forms.MultipleChoiceField(
        choices=Modality.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked when not yet sourced.",
    )

    class Meta:
        model = LanguageModel
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if data.get("published") and data.get("vendor") is not None:
            try:
                refuse_placeholder(data["vendor"])
            except forms.ValidationError as error:
                self.add_error("vendor", error)
        return data


@admin.register(LanguageModel)
class LanguageModelAdmin(QueueMixin, MergeMixin, EditorAdmin):
    form = LanguageModelForm
    list_display = [
        "name", "vendor", "purpose", "release_date", "context_window", "published", "last_reviewed",
    ]
    list_filter = [QueueFilter, "published", "purpose", "open_weights", DueForReviewFilter, "vendor"]
    list_select_related = ["vendor"]
    search_fields = ["name", "slug", "vendor__name", "former_slugs__slug"]
    autocomplete_fields = ["vendor", "successor"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "release_date"
    actions = [mark_reviewed, publish_models, reject_models, rename_models, merge_selected_models]
    inlines = [OfferingInline, BenchmarkScoreInline]
    readonly_fields = ["former_slug_list", "waiting_because", "sources_say", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [
            "vendor", "name", "slug", "former_slug_list", "purpose", "published", "rejected", "description",
            "successor",
        ]}),
        ("Review queue", {"fields": ["waiting_because", "sources_say"], "classes": ["collapse"]}),
        ("Specs", {"fields": [
            "release_date", "context_window", "max_output_tokens", "parameters_billions", "architecture",
            "license_name", "open_weights", "knowledge_cutoff", "input_modalities", "output_modalities",
        ]}),
        ("Capabilities", {"fields": [
            "vision", "reasoning", "function_calling", "tool_use", "structured_outputs", "code_execution",
        ]}),
        ("Provenance", {"fields": ["source_url", "last_reviewed", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Publishing or rejecting on this page settles the queue as the list's actions do.
        if {"published", "rejected"} & set(form.changed_data) and (obj.published or obj.rejected):
            obj.queue_reasons = []
        super().save_model(request, obj, form, change)

    @admin.display(description="former slugs (redirect here)")
    def former_slug_list(self, obj):
        return ", ".join(obj.former_slugs.values_list("slug", flat=True)) or "none"


class PriceTierInline(VersionedTabularInline):
    model = PriceTier
    extra = 0
    fields = ["threshold", *TIER_PRICE_FIELDS]


@admin.register(Offering)
class OfferingAdmin(EditorAdmin):
    # A provider's whole price sheet on one page: filter by provider, edit prices in place.
    list_display = [
        "model", "provider", "region", "input_price", "output_price", "cached_input_price", "free_confirmed",
        "active", "retires_on", "last_reviewed",
    ]
    list_editable = ["input_price", "output_price", "cached_input_price", "active"]
    list_filter = [
        "provider", "provider__kind", "free_confirmed", "active", DueForReviewFilter, "model__vendor",
    ]
    list_select_related = ["model", "provider"]
    list_per_page = 200
    search_fields = ["model__name", "provider__name", "provider_model_id"]
    autocomplete_fields = ["model", "provider"]
    actions = [mark_reviewed]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PriceTierInline]
    fieldsets = [
        (None, {"fields": ["model", "provider", "region", "provider_model_id", "active", "free_confirmed"]}),
        ("Prices (USD per 1M tokens; empty: not yet sourced)", {"fields": [
            "input_price", "output_price", "cached_input_price", "cache_write_price", "cache_write_1h_price",
            "batch_input_price", "batch_output_price", "reasoning_output_price", "request_price",
            "price_as_of",
        ]}),
        ("Limits and lifecycle", {"fields": ["context_window", "retires_on", "retirement_source"]}),
        ("Provenance", {"fields": ["source_url", "last_reviewed", "created_at", "updated_at"]}),
    ]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is PriceTier and form.instance.pk and any(f.has_changed() for f in formset.forms):
            # Tiers have no revision trigger of their own: saving the offering bumps its model's pages.
            # An editor's tiers are curated: imports leave them alone (importers/tiers.py).
            offering = form.instance
            offering.curated_fields = sorted({*(offering.curated_fields or []), "price_tiers"})
            if "price_as_of" not in form.changed_data:
                offering.price_as_of = timezone.localdate()  # new tier prices are as of today
            offering._history_user = request.user
            offering.save(update_fields=["updated_at", "curated_fields", "price_as_of"])


@admin.register(BenchmarkScore)
class BenchmarkScoreAdmin(EditorAdmin):
    list_display = ["model", "benchmark", "score", "settings", "verification", "last_reviewed"]
    list_filter = ["benchmark", "verification", DueForReviewFilter]
    list_select_related = ["model", "benchmark"]
    search_fields = ["model__name", "benchmark__name"]
    autocomplete_fields = ["model", "benchmark"]
    actions = [mark_reviewed]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(FormerSlug)
class FormerSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "model", "created_at"]
    search_fields = ["slug", "model__name"]
    autocomplete_fields = ["model"]


class PairQuestionInline(VersionedStackedInline):
    model = PairQuestion
    extra = 1
    fields = ["question", "answer", "position"]


@admin.register(PairNote)
class PairNoteAdmin(EditorAdmin):
    list_display = ["__str__", "last_reviewed", "updated_at"]
    search_fields = ["model_a__name", "model_b__name", "intro"]
    autocomplete_fields = ["model_a", "model_b"]
    list_filter = [DueForReviewFilter]
    actions = [mark_reviewed]
    inlines = [PairQuestionInline]


@admin.register(ProviderAlias)
class ProviderAliasAdmin(EditorAdmin):
    list_display = ["key", "source", "provider", "updated_at"]
    list_filter = ["source"]
    search_fields = ["key", "provider__name"]
    autocomplete_fields = ["provider"]


@admin.register(ModelAlias)
class ModelAliasAdmin(EditorAdmin):
    list_display = ["key", "source", "model", "updated_at"]
    list_filter = ["source"]
    search_fields = ["key", "model__name"]
    autocomplete_fields = ["model"]


class DisagreementFilter(admin.SimpleListFilter):
    title = "sources"
    parameter_name = "disagree"

    def lookups(self, request, model_admin):
        return [("yes", "Disagree"), ("no", "Agree")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.disagreeing()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.disagreeing().values("pk"))
        return queryset


@admin.register(SourceFact)
class SourceFactAdmin(admin.ModelAdmin):
    """What each source said, read-only: filter "Disagree" lists every fact the sources differ on."""

    list_display = ["model", "offering", "field", "value", "source", "origin", "updated_at"]
    list_filter = [DisagreementFilter, "source", "field"]
    list_select_related = ["model", "offering__provider", "offering__model"]
    search_fields = ["model__name", "origin", "value"]
    list_per_page = 200

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
