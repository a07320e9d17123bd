"""Forms to open and close a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultation.forms.voiding import void_reason_field
from consultation.models import Child, Classroom, ConsultationCase, Site
from core.forms import (
    DateInput,
    ModelChoiceField,
    PlausibleDates,
    VersionedForm,
    offer,
    version_field,
)


class CaseOpenForm(PlausibleDates):
    focus = forms.ChoiceField(
        label=_("Focus"), choices=ConsultationCase.Focus.choices, widget=forms.RadioSelect
    )
    child = ModelChoiceField(
        label=_("Child"),
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("For child-focused cases (the child needs caregiver consent on record)."),
    )
    classroom = ModelChoiceField(
        label=_("Classroom"),
        queryset=Classroom.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("For classroom-focused cases."),
    )
    site = ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("For program-wide cases."),
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for request"), widget=forms.Textarea(attrs={"rows": 3})
    )
    at_risk_of_expulsion = forms.BooleanField(
        label=_("Child at risk of suspension or expulsion"), required=False
    )

    def __init__(self, *args, children, classrooms, sites, **kwargs):
        super().__init__(*args, **kwargs)
        offer(
            self,
            "child",
            children,
            lambda c: f"{c.display_name} · {c.classroom.name}, {c.classroom.site.name}",
        )
        offer(self, "classroom", classrooms, lambda c: f"{c.name} · {c.site.name}")
        offer(self, "site", sites)


class CaseCloseForm(PlausibleDates, VersionedForm):
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", _("Choose…")), *ConsultationCase.ClosureReason.choices],
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput)
    placement_at_closure = forms.ChoiceField(
        label=_("Placement at closure"),
        choices=[("", "—"), *ConsultationCase.Placement.choices],
        required=False,
        help_text=_("Child-focused cases: was the child still enrolled?"),
    )
    closure_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = version_field()

    def __init__(self, *args, case: ConsultationCase, **kwargs):
        super().__init__(*args, **kwargs)
        if case.focus != ConsultationCase.Focus.CHILD:
            del self.fields["placement_at_closure"]


class VoidForm(VersionedForm):
    reason = void_reason_field(
        label=_("Why is this visit voided?"),
        help_text=_("For example “logged twice” or “wrong case”. Kept with the visit's history."),
    )
    version = version_field()
