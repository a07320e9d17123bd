"""The form of a training delivered to childcare staff, and the one that voids it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultation.forms.voiding import void_reason_field
from consultation.models import MAX_TRAINING_MINUTES, Site, Training, TrainingTopic
from core.forms import DateInput, ModelChoiceField, ModelMultipleChoiceField, PlausibleDates, offer


class TrainingForm(PlausibleDates):
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput)
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=1, max_value=MAX_TRAINING_MINUTES
    )
    topic = ModelChoiceField(
        label=_("Topic"), queryset=TrainingTopic.objects.filter(is_active=True)
    )
    mode = forms.ChoiceField(
        label=_("Held"), choices=Training.Mode.choices, widget=forms.RadioSelect
    )
    sites = ModelMultipleChoiceField(
        label=_("Site or sites whose staff attended"),
        queryset=Site.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )
    teachers = forms.IntegerField(label=_("Teachers"), min_value=0, max_value=999, initial=0)
    directors = forms.IntegerField(label=_("Directors"), min_value=0, max_value=999, initial=0)
    other_staff = forms.IntegerField(label=_("Other staff"), min_value=0, max_value=999, initial=0)
    attendee_names = forms.CharField(
        label=_("Attendees' names (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff only, one a line. Never children's names."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "sites", sites)


class TrainingVoidForm(forms.Form):
    reason = void_reason_field(
        label=_("Why is this training voided?"),
        help_text=_(
            "For example “recorded twice” or “wrong day”. Kept with the training's history."
        ),
    )
