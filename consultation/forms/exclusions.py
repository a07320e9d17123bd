"""Recording an exclusion event: what happened, when, for how many days, who decided."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultation.models import MAX_EXCLUSION_DAYS, ExclusionEvent
from core.forms import DateInput


class ExclusionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"), choices=ExclusionEvent.Kind.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    days = forms.IntegerField(
        label=_("Number of days"),
        required=False,
        min_value=1,
        max_value=MAX_EXCLUSION_DAYS,
        help_text=_("Optional: how many days it lasted (a suspension of 3 days: 3)."),
    )
    decided_by = forms.ChoiceField(
        label=_("Who decided"),
        choices=[("", _("Choose…")), *ExclusionEvent.DecidedBy.choices],
        help_text=_("Their role, never their name."),
    )
