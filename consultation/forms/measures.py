"""Recording a measure: the date, the point and one box per score field of the instrument (its
range in the label); and voiding one. Ranges and fit are checked by the service."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultation.forms.voiding import void_reason_field
from consultation.models import Instrument, Point
from consultation.services.measures import score_key
from core.forms import DateInput


class AdministrationForm(forms.Form):
    administered_on = forms.DateField(label=_("Date given"), widget=DateInput)
    point = forms.ChoiceField(
        label=_("Point"),
        choices=Point.choices,
        widget=forms.RadioSelect,
        help_text=_("Baseline near the start, follow-up at closing; other for anything between."),
    )
    teacher_initials = forms.CharField(
        label=_("Teacher's initials"),
        max_length=8,
        required=False,
        help_text=_("Initials only, e.g. “J.R.”."),
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument.rates != Instrument.Rates.TEACHER:
            del self.fields["teacher_initials"]
        self.score_fields = list(instrument.score_fields.all())
        for field in self.score_fields:
            optional = "" if field.required else gettext(", if on the form")
            self.fields[score_key(field)] = forms.DecimalField(
                label=field.name,
                required=False,
                max_digits=7,
                decimal_places=2,
                help_text=f"{field.range_label}; {field.get_direction_display().lower()}"
                f"{optional}.",
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def scores(self) -> dict[int, Decimal | None]:
        return {field.pk: self.cleaned_data.get(score_key(field)) for field in self.score_fields}


class MeasureVoidForm(forms.Form):
    reason = void_reason_field(
        label=_("Why is this measure voided?"),
        help_text=_(
            "For example “entered on the wrong case”. It stays on the case, struck through."
        ),
    )
