"""What every editor's page shares: the history with who changed what, the version check that refuses to
save over a change made since the form was opened, curated fields, review tracking, and the price date an
editor's price change sets."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core import checks
from django.db import models
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from ..bounds import bound_validators, bounded_form_class
from ..forms import VERSION_FIELD, TextareaField, VersionedForm
from ..models import EXTRA_PRICE_FIELDS, REVIEW_INTERVAL, Offering, mark_curated

# An offering's prices: an editor changing one dates the price (Offering.price_as_of) to that day.
PRICE_FIELDS = {"input_price", "output_price", "cached_input_price", *EXTRA_PRICE_FIELDS}


def date_price_change(obj, changed: list[str]) -> None:
    """An editor's new price is "as of" today, unless they set the date themselves."""
    if isinstance(obj, Offering) and PRICE_FIELDS & set(changed) and "price_as_of" not in changed:
        obj.price_as_of = timezone.localdate()


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
        date_price_change(obj, form.changed_data)
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
            date_price_change(obj, changed.get(id(obj), []))
            obj.save()
        formset.save_m2m()

