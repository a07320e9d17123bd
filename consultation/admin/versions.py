"""Two people editing one record in the admin: the change form carries the version it was
loaded with, and a save made on an older version is refused with what changed since."""

from django import forms

from consultation.admin.base import ScopedAdmin
from core.forms import add_date_errors, carry_current_version
from core.versions import EditConflict, record_save, version_check


class VersionCheckForm(forms.ModelForm):
    """A change form that sends back the version it was loaded with: a save made on an older
    version is refused with what changed since, and nothing is saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        add_date_errors(self)
        if self.instance.pk:
            try:
                version_check(record=self.instance, expected_version=cleaned.get("version"))
            except EditConflict as conflict:
                self.add_error(None, conflict)
                carry_current_version(self, conflict)
        return cleaned


class VersionedAdmin(ScopedAdmin):
    form = VersionCheckForm

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        record_save(record=obj, expected_version=form.cleaned_data.get("version"))
        return None
