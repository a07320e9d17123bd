from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.mfa import code_is_well_formed, normalise_code


class CodeForm(forms.Form):
    """A code from the authenticator app, or (where allowed) one of the backup codes."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, backup_codes: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup_codes = backup_codes
        if backup_codes:
            self.fields["code"].help_text = _(
                "The six digits your authenticator app shows now, or one of your backup codes."
            )
        else:
            self.fields["code"].help_text = _("The six digits the app shows now.")

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code_is_well_formed(code) or (not self.backup_codes and len(code) != 6):
            if self.backup_codes:
                message = _("Enter six digits, or a backup code of eight letters and digits.")
            else:
                message = _("Enter the six digits the app shows.")
            raise forms.ValidationError(message)
        return code
