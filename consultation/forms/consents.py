"""Recording a caregiver's consent, and its revocation."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from consultation.models import Consent
from consultation.services import ConsentInput
from core.forms import (
    DateInput,
    ModelChoiceField,
    PlausibleDates,
    VersionedForm,
    offer,
    version_field,
)

RELATIONSHIPS = [
    (value, label)
    for value, label in Consent.Relationship.choices
    if value != Consent.Relationship.NOT_RECORDED
]


class ConsentForm(PlausibleDates):
    given_by = forms.CharField(
        label=_("Caregiver's name"), max_length=120, help_text=_("Who gave consent.")
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the child"), choices=[("", _("Choose…")), *RELATIONSHIPS]
    )
    given_on = forms.DateField(label=_("Date given"), widget=DateInput)
    covers_consultation = forms.BooleanField(
        label=_("Consultation about the child"),
        required=False,
        initial=True,
        help_text=_("Child-focused cases, and concerns recorded about the child."),
    )
    covers_sharing = forms.BooleanField(
        label=_("Sharing information with a referral agency"),
        required=False,
        help_text=_("Needed before a referral about the child is sent."),
    )
    sharing_agency = ModelChoiceField(
        label=_("Only with this agency"),
        queryset=None,
        required=False,
        help_text=_("Leave both empty for any agency."),
    )
    sharing_service_type = ModelChoiceField(
        label=_("Or only for this type of service"), queryset=None, required=False
    )
    method = forms.ChoiceField(
        label=_("How it was given"),
        choices=Consent.Method.choices,
        initial=Consent.Method.WRITTEN,
        widget=forms.RadioSelect,
    )
    written_received_on = forms.DateField(
        label=_("Written copy received on"),
        required=False,
        widget=DateInput,
        help_text=_("For verbal consent: when the signed form arrived (empty until it does)."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=DateInput, help_text=_("If the form says so.")
    )
    document = forms.FileField(
        label=_("Scanned signed form"),
        required=False,
        help_text=_(
            "Optional. A PDF, JPEG or PNG of at most 10 MB, kept out of any public folder "
            "and shown only to those who may see the child."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, agencies: QuerySet, service_types: QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer(self, "sharing_agency", agencies)
        offer(self, "sharing_service_type", service_types)

    def consent_input(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            given_by=data["given_by"],
            relationship=data["relationship"],
            given_on=data["given_on"],
            covers_consultation=data["covers_consultation"],
            covers_sharing=data["covers_sharing"],
            sharing_agency=data.get("sharing_agency"),
            sharing_service_type=data.get("sharing_service_type"),
            method=data["method"],
            written_received_on=data.get("written_received_on"),
            expires_on=data.get("expires_on"),
            document=data.get("document") or None,
        )


class RevokeForm(PlausibleDates, VersionedForm):
    revoked_on = forms.DateField(
        label=_("Revoked on"),
        widget=DateInput,
        help_text=_("From this day no new work is done under this consent; earlier records stay."),
    )
    reported_by = forms.CharField(
        label=_("Reported by"),
        max_length=120,
        help_text=_("Who told you, e.g. “Maria L., mother, by phone”."),
    )
    version = version_field()
