"""Merge actions for models, vendors and providers: an intermediate page asks which row stays, then
catalog/merging.py moves everything onto it (one transaction per merged row) and says what it kept."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.response import TemplateResponse

from ..editors import may
from ..merging import MergeRefused, merge_models, merge_providers, merge_vendors
from ..models import LanguageModel, Provider, Vendor


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=LanguageModel.objects.none(), label="Merge into",
        help_text="The one that stays: the others' offerings, scores, notes and aliases move onto it, and "
                  "their pages answer 301 to its page.",
    )

    def __init__(self, *args, model, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        if model is LanguageModel:
            # Thousands of models: type to find one (the admin's autocomplete, searching like the list).
            field.widget = AutocompleteSelect(LanguageModel._meta.get_field("successor"), admin_site)
            field.widget.is_required = True
        field.queryset = model.objects.all()  # after the widget: this gives the widget its choices
        field.label_from_instance = (
            (lambda m: f"{m.name} ({m.vendor}, /{m.slug}/)") if model is LanguageModel else str
        )


def _merge_view(modeladmin, request, queryset, merge, noun: str):
    opts = modeladmin.model._meta
    chosen = list(queryset)
    data = request.POST if "apply" in request.POST else None
    form = MergeForm(data, model=modeladmin.model, admin_site=modeladmin.admin_site)
    if data is not None and form.is_valid():
        target = form.cleaned_data["target"]
        merged = [obj for obj in chosen if obj.pk != target.pk]
        if not merged:
            form.add_error("target", f"Choose a {noun} other than the selected one.")
        else:
            done = []
            for obj in merged:
                name = str(obj)
                try:
                    notes = merge(obj, target, user=request.user)
                except MergeRefused as error:
                    modeladmin.message_user(request, str(error), messages.ERROR)
                    continue
                done.append(name)
                for note in notes:
                    modeladmin.message_user(request, note, messages.WARNING)
            if done:
                modeladmin.message_user(
                    request, f"Merged {', '.join(done)} into {target}; their pages now redirect to "
                    f"{target.get_absolute_url()}.", messages.SUCCESS,
                )
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {opts.verbose_name_plural}", "opts": opts, "form": form, "objects": chosen,
        "media": modeladmin.media + form.media, "noun": noun,
        "action": request.POST.get("action", ""), "selected": [obj.pk for obj in chosen],
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/catalog/merge.html", context)


@admin.action(description="Merge selected models into another…", permissions=["merge"])
def merge_selected_models(modeladmin, request, queryset):
    return _merge_view(modeladmin, request, queryset.select_related("vendor"), merge_models, "model")


@admin.action(description="Merge selected vendors into another…", permissions=["merge"])
def merge_selected_vendors(modeladmin, request, queryset):
    return _merge_view(modeladmin, request, queryset, merge_vendors, "vendor")


@admin.action(description="Merge selected providers into another…", permissions=["merge"])
def merge_selected_providers(modeladmin, request, queryset):
    return _merge_view(modeladmin, request, queryset, merge_providers, "provider")


class MergeMixin:
    """`has_merge_permission` for the admins of models, vendors and providers (catalog/editors.py)."""

    merge_permission = {LanguageModel: "merge_models", Vendor: "merge_vendors", Provider: "merge_providers"}

    def has_merge_permission(self, request):
        return may(request.user, self.merge_permission[self.model])
