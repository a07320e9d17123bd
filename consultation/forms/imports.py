"""The upload of a spreadsheet to import."""

from django import forms
from django.utils.translation import gettext_lazy

from consultation.models import ImportRun


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file lists"), choices=ImportRun.Kind.choices
    )
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "The first row names the columns, as in the template. CSV may be UTF-8 (with or "
            "without a BOM) or Windows-1252."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
