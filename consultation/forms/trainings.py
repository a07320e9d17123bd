"""The form of a training delivered to childcare staff."""

from django import forms

from consultation.models import MAX_TRAINING_MINUTES, Site, Training, TrainingTopic
from core.forms import DateInput, ModelChoiceField, ModelMultipleChoiceField, PlausibleDates, offer


class TrainingForm(PlausibleDates):
    delivered_on = forms.DateField(label="Date", widget=DateInput)
    minutes = forms.IntegerField(
        label="Length (minutes)", min_value=1, max_value=MAX_TRAINING_MINUTES
    )
    topic = ModelChoiceField(queryset=TrainingTopic.objects.filter(is_active=True))
    mode = forms.ChoiceField(label="Held", choices=Training.Mode.choices, widget=forms.RadioSelect)
    sites = ModelMultipleChoiceField(
        label="Site or sites whose staff attended",
        queryset=Site.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )
    teachers = forms.IntegerField(min_value=0, max_value=999, initial=0)
    directors = forms.IntegerField(min_value=0, max_value=999, initial=0)
    other_staff = forms.IntegerField(label="Other staff", min_value=0, max_value=999, initial=0)
    attendee_names = forms.CharField(
        label="Attendees' names (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Staff only, one a line. Never children's names.",
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "sites", sites)
