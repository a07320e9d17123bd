"""Recording an exclusion event: what happened, when, for how many days, who decided."""

from django import forms

from consultation.models import MAX_EXCLUSION_DAYS, ExclusionEvent
from core.forms import DateInput


class ExclusionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened", choices=ExclusionEvent.Kind.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(label="Date", widget=DateInput)
    days = forms.IntegerField(
        label="Number of days",
        required=False,
        min_value=1,
        max_value=MAX_EXCLUSION_DAYS,
        help_text="Optional: how many days it lasted (a suspension of 3 days: 3).",
    )
    decided_by = forms.ChoiceField(
        label="Who decided",
        choices=[("", "Choose…"), *ExclusionEvent.DecidedBy.choices],
        help_text="Their role, never their name.",
    )
