"""The editors' admin: search, filters, inline offerings, prices edited in place, review tracking,
and the history of every object with who changed it."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core import checks
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .bounds import bound_validators, bounded_form_class
from .forms import VERSION_FIELD, TextareaField, VersionedForm
from .models import (
    REVIEW_INTERVAL,
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
    mark_curated,
)

admin.site.site_header = "Versus editors"
admin.site.site_title = "Versus admin"
admin.site.index_title = "Catalog"


class DueForReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        days = REVIEW_INTERVAL.days
        return [
            ("due", f"Due (not reviewed for {days} days)"), ("current", f"Reviewed in the last {days} days"),
        ]

    def queryset(self, request, queryset):
        due = queryset.due_for_review()
        if self.value() == "due":
            return due
        if self.value() == "current":
            return queryset.exclude(pk__in=due.values("pk"))
        return queryset


@admin.action(description="Mark selected as reviewed today")
def mark_reviewed(modeladmin, request, queryset):
    # One save per row (not queryset.update) so every row gets a history entry with the editor's name.
    count = queryset.mark_reviewed()
    modeladmin.message_user(request, f"Marked {count} as reviewed today.")


class VersionedAdminMixin:
    """For admins and inlines whose form is a VersionedForm: the version field is always rendered, however
    `fields` or `fieldsets` are declared (a form without it reads as a conflict on every save; lists edited
    in place render it in templates/admin/catalog/change_list.html). Number fields with plausible bounds
    check them first (catalog/bounds.py); textarea text keeps one kind of line break (TextareaField)."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not issubclass(self.form, VersionedForm):
            return fieldsets
        names = {name for _, options in fieldsets for name in flatten(options["fields"])}
        if VERSION_FIELD in names:
            return fieldsets
        # Hidden, so the admin gives its row no label and no space (fieldset rows of hidden fields are
        # hidden).
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TextareaField)
        bounds = bound_validators(db_field)
        if bounds:
            kwargs.setdefault("form_class", bounded_form_class(db_field))
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if bounds and field is not None:
            field.validators.extend(bounds)
        return field


class VersionedInline(VersionedAdminMixin):
    """Base of every inline on an editor's page: its rows get the same version check as the page."""


class VersionedTabularInline(VersionedInline, admin.TabularInline):
    # A plain link input: the admin's "Currently: <link> Change: <input>" is three lines in a table row.
    formfield_overrides = {models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            # A table row has room for the "add" link only; the row's own "Change" link leads to the rest.
            widget = field.widget
            widget.can_change_related = widget.can_delete_related = widget.can_view_related = False
        return field


class VersionedStackedInline(VersionedInline, admin.StackedInline):
    pass


class EditorChangeList(ChangeList):
    """Django's, but a date-hierarchy year too large for a date (?release_date__year=99999999999) is treated
    like any other bad filter (IncorrectLookupParameters: the list again, with "?e=1"), not a 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class EditorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Records the editing user on every change, the object's and its inlines', and refuses to save
    over a change made since the editor opened the form. A form saved unchanged writes nothing, so the
    history shows real changes only."""

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_changelist(self, request, **kwargs):
        return EditorChangeList

    def get_changelist_form(self, request, **kwargs):
        # Prices edited in place get the same protection as the change form.
        return super().get_changelist_form(request, form=self.form, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        for inline in self.inlines:
            if not issubclass(inline, VersionedInline):
                errors.append(checks.Error(
                    f"{inline.__name__} is an inline of an editor's page but not a VersionedInline.",
                    hint="Derive it from VersionedTabularInline or VersionedStackedInline.",
                    obj=type(self), id="catalog.E001",
                ))
        return errors

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        obj._history_user = request.user
        if hasattr(obj, "curated_fields"):
            mark_curated(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        changed = {id(f.instance): f.changed_data for f in formset.forms if f.has_changed()}
        # formset.save(commit=False) returns new and changed rows only: an unchanged row is not saved.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        for obj in instances:
            obj._history_user = request.user
            if hasattr(obj, "curated_fields"):
                mark_curated(obj, changed.get(id(obj), []))
            obj.save()
        formset.save_m2m()


@admin.register(Vendor)
class VendorAdmin(EditorAdmin):
    list_display = ["name", "slug", "website", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Provider)
class ProviderAdmin(EditorAdmin):
    list_display = ["name", "slug", "kind", "website", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


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


@admin.register(LanguageModel)
class LanguageModelAdmin(EditorAdmin):
    form = LanguageModelForm
    list_display = [
        "name", "vendor", "purpose", "release_date", "context_window", "published", "last_reviewed",
    ]
    list_filter = ["published", "purpose", "open_weights", DueForReviewFilter, "vendor"]
    list_select_related = ["vendor"]
    search_fields = ["name", "slug", "vendor__name", "former_slugs__slug"]
    autocomplete_fields = ["vendor", "successor"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "release_date"
    actions = [mark_reviewed]
    inlines = [OfferingInline, BenchmarkScoreInline]
    readonly_fields = ["former_slug_list", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [
            "vendor", "name", "slug", "former_slug_list", "purpose", "published", "description", "successor",
        ]}),
        ("Specs", {"fields": [
            "release_date", "context_window", "max_output_tokens", "parameters_billions", "architecture",
            "license_name", "open_weights", "knowledge_cutoff", "input_modalities", "output_modalities",
        ]}),
        ("Capabilities", {"fields": [
            "vision", "reasoning", "function_calling", "tool_use", "structured_outputs", "code_execution",
        ]}),
        ("Provenance", {"fields": ["source_url", "last_reviewed", "created_at", "updated_at"]}),
    ]

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
            offering._history_user = request.user
            offering.save(update_fields=["updated_at", "curated_fields"])


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
