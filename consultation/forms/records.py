"""Forms for sites, classrooms and children."""

from django import forms

from consultation.models import Classroom, County, Site
from core.forms import (
    DateInput,
    ModelChoiceField,
    consent_date_field,
    consent_given_by_field,
    offer,
)


class SiteForm(forms.Form):
    name = forms.CharField(max_length=200)
    site_type = forms.ChoiceField(label="Type of program", choices=Site.SiteType.choices)
    licence_number = forms.CharField(
        label="Licence number",
        max_length=40,
        required=False,
        help_text="State child care licence number (public pre-K may have none).",
    )
    county = ModelChoiceField(queryset=County.objects.all())
    address = forms.CharField(max_length=250, required=False)
    city = forms.CharField(max_length=80, required=False)
    director_name = forms.CharField(label="Director", max_length=120, required=False)
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=100)
    age_group = forms.ChoiceField(choices=Classroom.AgeGroup.choices)
    lead_teacher = forms.CharField(label="Lead teacher(s)", max_length=200, required=False)


class ChildForm(forms.Form):
    first_name = forms.CharField(max_length=60)
    last_initial = forms.CharField(
        max_length=3, help_text="Last-name initial(s) only, never the full last name."
    )
    date_of_birth = forms.DateField(widget=DateInput)
    classroom = ModelChoiceField(queryset=Classroom.objects.none(), to_field_name="uuid")
    consent_date = consent_date_field(
        help_text="Date written caregiver consent to consultation was given."
    )
    consent_given_by = consent_given_by_field()

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "classroom", site.classrooms.filter(is_active=True))
