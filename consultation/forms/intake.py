"""Forms of the intake pages: record a request, and one form per step it takes."""

from django import forms

from accounts.models import User
from consultation.models import Child, Classroom, Intake, Site
from core.forms import DateInput, ModelChoiceField, offer

NOTE = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IntakeForm(forms.Form):
    received_on = forms.DateField(label="Date received", widget=DateInput)
    source = forms.ChoiceField(label="Who asked", choices=[("", "Choose…"), *Intake.Source.choices])
    site = ModelChoiceField(queryset=Site.objects.none(), to_field_name="uuid", label="Site")
    classroom = ModelChoiceField(
        queryset=Classroom.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="Optional: the classroom the request is about.",
    )
    child = ModelChoiceField(
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="Optional: the child the request is about, when the child is on record.",
    )
    reason_category = forms.ChoiceField(
        label="Reason", choices=[("", "Choose…"), *Intake.Reason.choices]
    )
    reason = forms.CharField(
        label="What was asked",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In the caller's words, briefly; no family names.",
    )
    expulsion_risk = forms.BooleanField(
        label="A child is at risk of suspension or expulsion", required=False
    )

    def __init__(self, *args, sites, classrooms, children, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "site", sites, lambda s: f"{s.name} · {s.county.name} County")
        offer(self, "classroom", classrooms, lambda c: f"{c.name} · {c.site.name}")
        offer(self, "child", children, lambda c: f"{c.display_name} · {c.classroom.site.name}")


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label="Contacted on", widget=DateInput)
    note = NOTE


class AssignForm(forms.Form):
    consultant = ModelChoiceField(
        queryset=User.objects.none(), to_field_name="uuid", label="Consultant"
    )
    assigned_on = forms.DateField(label="Assigned on", widget=DateInput)

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "consultant", consultants)


class WaitlistForm(forms.Form):
    waitlisted_on = forms.DateField(label="Waitlisted on", widget=DateInput)
    note = NOTE


class EndForm(forms.Form):
    ended_on = forms.DateField(label="Date", widget=DateInput)
    end_reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class OpenCaseForm(forms.Form):
    opened_on = forms.DateField(label="Case opened on", widget=DateInput)
