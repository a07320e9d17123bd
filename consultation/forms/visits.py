"""The forms of the visit page: the visit itself, a concern checklist item, progress on a goal,
a new goal."""

from django import forms

from consultation.forms.rendering import PlainRendering
from consultation.models import (
    Activity,
    Child,
    Classroom,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Visit,
)
from core.forms import (
    DateInput,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TimeInput,
    VersionedForm,
    offer,
    version_field,
)


class VisitForm(PlainRendering, VersionedForm):
    visit_date = forms.DateField(label="Visit date", widget=DateInput)
    start_time = forms.TimeField(label="Start time", widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=1, max_value=600, widget=forms.NumberInput
    )
    mode = forms.ChoiceField(choices=Visit.Mode.choices, widget=forms.RadioSelect)
    activities = ModelMultipleChoiceField(
        queryset=Activity.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
    notes = forms.CharField(
        label="What was observed (notes)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_visit_date = forms.DateField(label="Next visit date", required=False, widget=DateInput)
    version = version_field()

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
            ("", "Keep as it is"),
            (PyramidGoal.Status.MET, "Met"),
            (PyramidGoal.Status.DISCONTINUED, "Discontinued"),
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


NewGoalFormSet = forms.formset_factory(NewGoalForm, extra=2, max_num=10)
