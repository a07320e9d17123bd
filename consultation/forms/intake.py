"""Forms of the intake pages: record a request, and one form per step it takes."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from consultation.models import Child, Classroom, Intake, Site
from core.forms import DateInput, ModelChoiceField, offer

CHOOSE = gettext_lazy("Choose…")


def _note() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntakeForm(forms.Form):
    received_on = forms.DateField(label=gettext_lazy("Date received"), widget=DateInput)
    source = forms.ChoiceField(
        label=gettext_lazy("Who asked"), choices=[("", CHOOSE), *Intake.Source.choices]
    )
    site = ModelChoiceField(
        queryset=Site.objects.none(), to_field_name="uuid", label=gettext_lazy("Site")
    )
    classroom = ModelChoiceField(
        queryset=Classroom.objects.none(),
        to_field_name="uuid",
        required=False,
        label=gettext_lazy("Classroom"),
        help_text=gettext_lazy("Optional: the classroom the request is about."),
    )
    child = ModelChoiceField(
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        label=gettext_lazy("Child"),
        help_text=gettext_lazy(
            "Optional: the child the request is about, when the child is on record."
        ),
    )
    reason_category = forms.ChoiceField(
        label=gettext_lazy("Reason"), choices=[("", CHOOSE), *Intake.Reason.choices]
    )
    reason = forms.CharField(
        label=gettext_lazy("What was asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("In the caller's words, briefly; no family names."),
    )
    expulsion_risk = forms.BooleanField(
        label=gettext_lazy("A child is at risk of suspension or expulsion"), required=False
    )

    def __init__(self, *args, sites, classrooms, children, **kwargs):
        super().__init__(*args, **kwargs)
        offer(
            self,
            "site",
            sites,
            lambda s: _("%(site)s · %(county)s County") % {"site": s.name, "county": s.county.name},
        )
        offer(self, "classroom", classrooms, lambda c: f"{c.name} · {c.site.name}")
        offer(self, "child", children, lambda c: f"{c.display_name} · {c.classroom.site.name}")


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=gettext_lazy("Contacted on"), widget=DateInput)
    note = _note()


class AssignForm(forms.Form):
    consultant = ModelChoiceField(
        queryset=User.objects.none(), to_field_name="uuid", label=gettext_lazy("Consultant")
    )
    assigned_on = forms.DateField(label=gettext_lazy("Assigned on"), widget=DateInput)

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "consultant", consultants)


class WaitlistForm(forms.Form):
    waitlisted_on = forms.DateField(label=gettext_lazy("Waitlisted on"), widget=DateInput)
    note = _note()


class EndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput)
    end_reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class OpenCaseForm(forms.Form):
    opened_on = forms.DateField(label=gettext_lazy("Case opened on"), widget=DateInput)
