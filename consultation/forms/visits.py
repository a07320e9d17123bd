"""The forms of the visit page: the visit itself, a concern checklist item, progress on a goal,
a new goal."""

from typing import cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consultation.forms.rendering import PlainRendering
from consultation.models import (
    MAX_VISIT_MINUTES,
    Activity,
    Child,
    Classroom,
    ObservedConcern,
    PracticeArea,
    PyramidTier,
    Visit,
)
from consultation.services import GoalStatusAfter
from core.forms import (
    DateInput,
    ModelChoiceField,
    ModelMultipleChoiceField,
    PlausibleDates,
    TimeInput,
    VersionedForm,
    offer,
    version_field,
)

DURATION_RANGE = format_lazy(
    _("Duration must be between 1 and {most} minutes."), most=MAX_VISIT_MINUTES
)


class VisitForm(PlausibleDates, PlainRendering, VersionedForm):
    visit_date = forms.DateField(label=_("Visit date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_VISIT_MINUTES,
        widget=forms.NumberInput,
        error_messages={
            "min_value": DURATION_RANGE,
            "max_value": DURATION_RANGE,
            "required": _("Say how long the visit lasted, in minutes."),
        },
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Visit.Mode.choices, widget=forms.RadioSelect)
    activities = ModelMultipleChoiceField(
        queryset=Activity.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label=_("Activities and strategies"),
    )
    classrooms = ModelMultipleChoiceField(
        queryset=Classroom.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Classrooms involved"),
    )
    children = ModelMultipleChoiceField(
        queryset=Child.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input js-child-involved"}),
        label=_("Children involved"),
    )
    shared_notes = forms.CharField(
        label=_("Notes shared with the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Printed on the provider's visit summary, word for word. Name children by "
            "initials only."
        ),
    )
    notes = forms.CharField(
        label=_("Private case notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the case record only: never printed or exported."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_visit_date = forms.DateField(label=_("Next visit date"), required=False, widget=DateInput)
    version = version_field()
    # One per form, made when the page is first shown: posting the form again finds the visit
    # it saved instead of logging a second.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    same_day_confirmed = forms.BooleanField(
        label=_("Yes, log another visit on this day"), required=False
    )
    find = forms.CharField(
        label=_("Add a child: first name or initials"),
        required=False,
        max_length=60,
        help_text=_("Children of this site who are not listed above."),
    )

    def __init__(self, *args, classrooms, children, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "classrooms", classrooms)
        offer(self, "children", children, lambda c: c.display_name)


class ConcernForm(PlainRendering, forms.Form):
    """One item of a child's concern checklist: ticked, how often, a note."""

    observed = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[("", _("How often?")), *ObservedConcern.Frequency.choices],
        required=False,
    )
    notes = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, item, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.child = child
        self.fields["observed"].label = item.local_text

    @classmethod
    def frequency_choices(cls) -> list:
        return cls.base_fields["frequency"].choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("observed") and not data.get("frequency"):
            self.add_error("frequency", _("Say how often it was seen."))
        elif not data.get("observed") and (data.get("frequency") or data.get("notes")):
            self.add_error("observed", _("Tick the concern, or clear its frequency and note."))
        return data


class GoalProgressForm(PlainRendering, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Progress"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            ("", _("Not worked on this visit")),
            (1, _("1 · no progress")),
            (2, "2"),
            (3, _("3 · some progress")),
            (4, "4"),
            (5, _("5 · goal met")),
        ],
    )
    note = forms.CharField(label=_("Progress note"), required=False, max_length=2000)
    status = forms.ChoiceField(
        label=_("Goal status after this visit"),
        required=False,
        choices=[
            (GoalStatusAfter.FROM_RATING, _("As rated (5 marks it met)")),
            (GoalStatusAfter.KEEP_OPEN, _("Keep it open")),
            (GoalStatusAfter.MET, _("Met")),
            (GoalStatusAfter.DISCONTINUED, _("Discontinued")),
        ],
    )

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal

    def clean(self):
        data = super().clean()
        if data.get("note") and not data.get("rating"):
            self.add_error("rating", _("Give a progress rating for this note."))
        if data.get("status") and not data.get("rating"):
            self.add_error(
                "rating", _("Rate this visit's progress when changing the goal's status.")
            )
        return data


class NewGoalForm(PlainRendering, forms.Form):
    tier = ModelChoiceField(
        label=_("Pyramid tier"), queryset=PyramidTier.objects.filter(is_active=True)
    )
    practice_area = ModelChoiceField(
        label=_("Practice area"), queryset=PracticeArea.objects.filter(is_active=True)
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    set_with = forms.CharField(label=_("Set with (teacher)"), max_length=120, required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("tier", "practice_area"):  # named in the page's language
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.label_from_instance = lambda record: record.local_name


NewGoalFormSet = forms.formset_factory(NewGoalForm, extra=1, max_num=10)
