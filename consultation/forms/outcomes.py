"""Answering a placement follow-up; recording a child's demographics."""

from django import forms

from consultation.models import DECLINED, ChildDemographics, PlacementFollowUp, Race


class FollowUpAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Is the child still enrolled?",
        choices=PlacementFollowUp.Answer.choices,
        widget=forms.RadioSelect,
    )
    why = forms.CharField(
        label="Why not",
        required=False,
        max_length=300,
        help_text="Needed when the answer is no: moved by choice, dismissed, family moved…",
    )


def _radio(choices, label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


class DemographicsForm(forms.Form):
    """Every answer starts at "not recorded"; the family may decline any of them."""

    races = forms.MultipleChoiceField(
        label="Race",
        required=False,
        choices=[*Race.choices, (DECLINED, "Declined to say")],
        widget=forms.CheckboxSelectMultiple,
        help_text="As the family gives it: several may apply. None ticked: not recorded.",
    )
    ethnicity = _radio(ChildDemographics.Ethnicity.choices, "Ethnicity")
    gender = _radio(ChildDemographics.Gender.choices, "Gender")
    iep_ifsp = _radio(ChildDemographics.Plan.choices, "IEP or IFSP")
    dual_language = _radio(ChildDemographics.YesNo.choices, "Dual-language learner")
