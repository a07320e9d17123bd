"""Answering a placement follow-up; recording a child's demographics."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consultation.models import DECLINED, ChildDemographics, PlacementFollowUp, Race


class FollowUpAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Is the child still enrolled?"),
        choices=PlacementFollowUp.Answer.choices,
        widget=forms.RadioSelect,
    )
    why = forms.CharField(
        label=_("Why not"),
        required=False,
        max_length=300,
        help_text=_("Needed when the answer is no: moved by choice, dismissed, family moved…"),
    )


def _radio(choices, label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


class DemographicsForm(forms.Form):
    """Every answer starts at "not recorded"; the family may decline any of them."""

    races = forms.MultipleChoiceField(
        label=_("Race"),
        required=False,
        choices=[*Race.choices, (DECLINED, _("Declined to say"))],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("As the family gives it: several may apply. None ticked: not recorded."),
    )
    ethnicity = _radio(ChildDemographics.Ethnicity.choices, _("Ethnicity"))
    gender = _radio(ChildDemographics.Gender.choices, _("Gender"))
    iep_ifsp = _radio(ChildDemographics.Plan.choices, _("IEP or IFSP"))
    dual_language = _radio(ChildDemographics.YesNo.choices, _("Dual-language learner"))
