"""The upload of a spreadsheet to import."""

from django import forms

from consultation.models import ImportRun


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file lists", choices=ImportRun.Kind.choices)
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="The first row names the columns, as in the template. CSV may be UTF-8 (with "
        "or without a BOM) or Windows-1252.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
