"""Referral forms: they check what was typed; referrals.services holds the rules."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from consultation.models import Child, ConsultationCase
from core.forms import (
    DateInput,
    ModelChoiceField,
    consent_date_field,
    consent_given_by_field,
    offer,
)
from referrals.models import Agency, Referral, ServiceType


class AgencySelect(forms.Select):
    """Each option names the service types the agency provides, for static/js/referral_form.js."""

    def __init__(self, *args, service_types: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_types = service_types or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        key = getattr(value, "value", value)
        if key in self.service_types:
            option["attrs"]["data-service-types"] = self.service_types[key]
        return option


class ReferralForm(forms.Form):
    case = ModelChoiceField(
        label=_("Case"), queryset=ConsultationCase.objects.none(), to_field_name="uuid"
    )
    child = ModelChoiceField(
        label=_("Child"),
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("Leave empty for a referral of the family or the program as a whole."),
    )
    service_type = ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.filter(is_active=True)
    )
    agency = ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    consent_date = consent_date_field(
        label=_("Family's consent date"),
        help_text=_(
            "Only for a referral that names no child. A child's consent to share is "
            "recorded on the child's page."
        ),
    )
    consent_given_by = consent_given_by_field(label=_("Family's consent given by"))
    follow_up_due = forms.DateField(
        label=_("Follow up by"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: two weeks after sending."),
    )
    send_now = forms.BooleanField(
        label=_("Mark as sent today"),
        required=False,
        initial=True,
        help_text=_("Untick to save a draft (it is sent once consent to share is recorded)."),
    )

    def __init__(self, *args, cases, children, **kwargs):
        super().__init__(*args, **kwargs)
        offer(
            self,
            "case",
            cases,
            lambda c: f"{c.site.name} · {c.get_focus_display()}: {c.subject_label}",
        )
        offer(self, "child", children, lambda c: c.display_name)
        agencies = list(Agency.objects.filter(is_active=True).prefetch_related("service_types"))
        types = {a.pk: " ".join(str(t.pk) for t in a.service_types.all()) for a in agencies}
        agency = cast(forms.ModelChoiceField, self.fields["agency"])
        agency.queryset = Agency.objects.filter(is_active=True)
        agency.widget = AgencySelect(service_types=types)
        agency.widget.choices = agency.choices


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_due = forms.DateField(label=_("Next follow-up by"), required=False, widget=DateInput)

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (status, Referral.Status(status).label) for status in referral.allowed_next_statuses()
        ]


class ConsentForm(forms.Form):
    consent_date = consent_date_field(required=True, label=_("Caregiver consent date"))
    consent_given_by = consent_given_by_field(required=True, label=_("Consent given by"))
