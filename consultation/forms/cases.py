"""Forms to open and close a case."""

from django import forms

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
    focus = forms.ChoiceField(choices=ConsultationCase.Focus.choices, widget=forms.RadioSelect)
    child = ModelChoiceField(
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="For child-focused cases (the child needs caregiver consent on record).",
    )
    classroom = ModelChoiceField(
        queryset=Classroom.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="For classroom-focused cases.",
    )
    site = ModelChoiceField(
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="For program-wide cases.",
    )
    opened_on = forms.DateField(label="Opened on", widget=DateInput)
    reason = forms.CharField(label="Reason for request", widget=forms.Textarea(attrs={"rows": 3}))
    at_risk_of_expulsion = forms.BooleanField(
        label="Child at risk of suspension or expulsion", required=False
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
        label="Reason for closing",
        choices=[("", "Choose…"), *ConsultationCase.ClosureReason.choices],
    )
    closed_on = forms.DateField(label="Closed on", widget=DateInput)
    placement_at_closure = forms.ChoiceField(
        label="Placement at closure",
        choices=[("", "—"), *ConsultationCase.Placement.choices],
        required=False,
        help_text="Child-focused cases: was the child still enrolled?",
    )
    closure_note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = version_field()

    def __init__(self, *args, case: ConsultationCase, **kwargs):
        super().__init__(*args, **kwargs)
        if case.focus != ConsultationCase.Focus.CHILD:
            del self.fields["placement_at_closure"]


class VoidForm(VersionedForm):
    reason = forms.CharField(
        label="Why is this visit voided?",
        max_length=200,
        help_text="For example “logged twice” or “wrong case”. Kept with the visit's history.",
    )
    version = version_field()
