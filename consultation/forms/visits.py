"""The forms of the visit page: the visit itself, a concern checklist item, progress on a goal,
a new goal."""

from django import forms

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


class VisitForm(PlausibleDates, PlainRendering, VersionedForm):
    visit_date = forms.DateField(label="Visit date", widget=DateInput)
    start_time = forms.TimeField(label="Start time", widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)",
        min_value=1,
        max_value=MAX_VISIT_MINUTES,
        widget=forms.NumberInput,
        error_messages={
            "min_value": f"Duration must be between 1 and {MAX_VISIT_MINUTES} minutes.",
            "max_value": f"Duration must be between 1 and {MAX_VISIT_MINUTES} minutes.",
            "required": "Say how long the visit lasted, in minutes.",
        },
    )
    mode = forms.ChoiceField(choices=Visit.Mode.choices, widget=forms.RadioSelect)
    activities = ModelMultipleChoiceField(
        queryset=Activity.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label="Activities and strategies",
    )
    classrooms = ModelMultipleChoiceField(
        queryset=Classroom.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Classrooms involved",
    )
    children = ModelMultipleChoiceField(
        queryset=Child.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input js-child-involved"}),
        label="Children involved",
    )
    shared_notes = forms.CharField(
        label="Notes shared with the provider",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed on the provider's visit summary, word for word. Name children by "
        "initials only.",
    )
    notes = forms.CharField(
        label="Private case notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the case record only: never printed or exported.",
    )
    next_steps = forms.CharField(
        label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_visit_date = forms.DateField(label="Next visit date", required=False, widget=DateInput)
    version = version_field()
    # One per form, made when the page is first shown: posting the form again finds the visit
    # it saved instead of logging a second.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    same_day_confirmed = forms.BooleanField(
        label="Yes, log another visit on this day", required=False
    )
    find = forms.CharField(
        label="Add a child: first name or initials",
        required=False,
        max_length=60,
        help_text="Children of this site who are not listed above.",
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
        label="How often",
        choices=[("", "How often?"), *ObservedConcern.Frequency.choices],
        required=False,
    )
    notes = forms.CharField(label="Note", required=False, max_length=1000)

    def __init__(self, *args, item, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.child = child
        self.fields["observed"].label = item.text

    @classmethod
    def frequency_choices(cls) -> list:
        return cls.base_fields["frequency"].choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("observed") and not data.get("frequency"):
            self.add_error("frequency", "Say how often it was seen.")
        elif not data.get("observed") and (data.get("frequency") or data.get("notes")):
            self.add_error("observed", "Tick the concern, or clear its frequency and note.")
        return data


class GoalProgressForm(PlainRendering, forms.Form):
    rating = forms.TypedChoiceField(
        label="Progress",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            ("", "Not worked on this visit"),
            (1, "1 · no progress"),
            (2, "2"),
            (3, "3 · some progress"),
            (4, "4"),
            (5, "5 · goal met"),
        ],
    )
    note = forms.CharField(label="Progress note", required=False, max_length=2000)
    status = forms.ChoiceField(
        label="Goal status after this visit",
        required=False,
        choices=[
            (GoalStatusAfter.FROM_RATING, "As rated (5 marks it met)"),
            (GoalStatusAfter.KEEP_OPEN, "Keep it open"),
            (GoalStatusAfter.MET, "Met"),
            (GoalStatusAfter.DISCONTINUED, "Discontinued"),
        ],
    )

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal

    def clean(self):
        data = super().clean()
        if data.get("note") and not data.get("rating"):
            self.add_error("rating", "Give a progress rating for this note.")
        if data.get("status") and not data.get("rating"):
            self.add_error("rating", "Rate this visit's progress when changing the goal's status.")
        return data


class NewGoalForm(PlainRendering, forms.Form):
    tier = ModelChoiceField(
        label="Pyramid tier", queryset=PyramidTier.objects.filter(is_active=True)
    )
    practice_area = ModelChoiceField(
        label="Practice area", queryset=PracticeArea.objects.filter(is_active=True)
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    set_with = forms.CharField(label="Set with (teacher)", max_length=120, required=False)
    target_date = forms.DateField(label="Target date", required=False, widget=DateInput)


NewGoalFormSet = forms.formset_factory(NewGoalForm, extra=1, max_num=10)
