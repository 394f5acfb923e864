"""Admin forms that refuse to overwrite a change an editor has not seen (no lost updates)."""

from django import forms
from django.utils import timezone


class TextareaField(forms.CharField):
    """Text from a textarea, with line breaks stored as "\\n": browsers send "\\r\\n", so text imported or
    typed elsewhere would otherwise read as changed on every save of an unchanged form."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    def has_changed(self, initial, data):
        # Text stored with "\r\n" by an earlier save is unchanged when the browser sends it back.
        return super().has_changed(self.to_python(initial), data)


# The hidden field that carries the version; every admin page built on VersionedForm must render it.
VERSION_FIELD = "seen_version"


class VersionedForm(forms.ModelForm):
    """Carries the `updated_at` the editor's form was built from; saving over a newer row is a conflict.

    The admin saves inside a transaction, and the row is locked while it is checked (PostgreSQL), so two
    editors saving the same stale form cannot both win.
    """

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["seen_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        if not self.instance.pk or not self.has_changed():
            return data
        seen = self.data.get(self.add_prefix("seen_version"), "")
        current = (
            type(self.instance).objects.select_for_update().filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True).first()
        )
        if current is not None and seen != current.isoformat():
            latest = self.instance.history.order_by("-history_date").select_related("history_user").first()
            who = ""
            if latest is not None and latest.history_user is not None:
                who = f" by {latest.history_user.get_full_name() or latest.history_user.get_username()}"
            when = timezone.localtime(current).strftime("%Y-%m-%d %H:%M")
            raise forms.ValidationError(
                f"{self.instance} was changed{who} at {when}, after you opened it; your changes were not "
                "saved. Reload the page to see the current values, then make your change again.",
                code="conflict",
            )
        return data
