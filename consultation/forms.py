"""Forms check the shape of what was typed; the rules live in consultation.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from consultation.models import (
    Activity,
    Child,
    Classroom,
    ConsultationCase,
    County,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Site,
    Visit,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# Primary keys are 64-bit: a larger number typed into a choice is "not a choice", not a crash.
MAX_PK = 2**63 - 1


def _is_pk(value) -> bool:
    text = str(value).strip()
    return text.isdigit() and int(text) <= MAX_PK


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of record that refuses any id the database could not hold as an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not _is_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several records; ids the database could not hold are refused like unknown ones."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not _is_pk(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


def add_service_errors(form: forms.Form, error: ValidationError, field_map=None) -> list[str]:
    """Put each message of a service's ValidationError beside its field on `form`.

    Keys the form has no field for are returned (for the page to show where they belong);
    a ValidationError without keys lands at the top of the form."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return []
    leftover = []
    for key, messages in error.message_dict.items():
        name = field_map.get(key, key)
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
        elif name in (None, "__all__"):
            form.add_error(None, messages)
        else:
            leftover.append((key, messages))
    return leftover


def version_field() -> forms.IntegerField:
    """The version of the record the form was loaded with, sent back on save: a save made on an
    older version is refused (see services.EditConflict)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class VersionedForm(forms.Form):
    """A form that carries `version`: a broken hidden value is said at the top of the form,
    where the user can see it, rather than beside a field they cannot."""

    def clean(self):
        cleaned = super().clean()
        if self.has_error("version"):
            self.add_error(None, "This page is out of date or damaged: open it again to edit.")
        return cleaned


def carry_current_version(form: forms.Form, conflict: ValidationError) -> None:
    """After an edit conflict the form is shown again with what the user typed; it now carries
    the version saved meanwhile, so saving it again, after review, is a deliberate choice."""
    current = getattr(conflict, "current_version", None)
    if current is not None and form.is_bound:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current)


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
    consent_date = forms.DateField(
        label="Caregiver consent date",
        required=False,
        widget=DateInput,
        help_text="Date written caregiver consent to consultation was given.",
    )
    consent_given_by = forms.CharField(
        label="Consent given by",
        max_length=120,
        required=False,
        help_text="Who signed, e.g. 'mother', 'grandmother (guardian)'.",
    )

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = site.classrooms.filter(is_active=True)


class CaseOpenForm(forms.Form):
    focus = forms.ChoiceField(choices=ConsultationCase.Focus.choices, widget=forms.RadioSelect)
    child = ModelChoiceField(
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="For child-focused cases (the child needs caregiver consent on record).",
    )
    classroom = ModelChoiceField(
        queryset=Classroom.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="For classroom-focused cases.",
    )
    site = ModelChoiceField(
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="For program-wide cases.",
    )
    opened_on = forms.DateField(label="Opened on", widget=DateInput)
    reason = forms.CharField(label="Reason for request", widget=forms.Textarea(attrs={"rows": 3}))
    at_risk_of_expulsion = forms.BooleanField(
        label="Child at risk of suspension or expulsion", required=False
    )

    def __init__(self, *args, children, classrooms, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].label_from_instance = lambda c: (
            f"{c.display_name} · {c.classroom.name}, {c.classroom.site.name}"
        )
        self.fields["classroom"].queryset = classrooms
        self.fields["classroom"].label_from_instance = lambda c: f"{c.name} · {c.site.name}"
        self.fields["site"].queryset = sites


class CaseCloseForm(VersionedForm):
    closure_reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[("", "Choose…"), *ConsultationCase.ClosureReason.choices],
    )
    closed_on = forms.DateField(label="Closed on", widget=DateInput)
    placement_at_closure = forms.ChoiceField(
        label="Placement at closure",
        choices=[("", "—"), *ConsultationCase.Placement.choices],
        required=False,
        help_text="Child-focused cases: was the child still enrolled?",
    )
    closure_note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = version_field()

    def __init__(self, *args, case: ConsultationCase, **kwargs):
        super().__init__(*args, **kwargs)
        if case.focus != ConsultationCase.Focus.CHILD:
            del self.fields["placement_at_closure"]


# Plain Bootstrap rendering ---------------------------------------------------------------------
# The visit form holds dozens of fields (a checklist per child, a block per goal). Rendering each
# through crispy's and Django's widget templates cost most of the page's time, so its fields are
# written out here: the markup Django's widget templates write, and around it the Bootstrap 5
# layout crispy's `as_crispy_field` gives (label with its required star, form-control /
# form-select / form-check-input, errors and help text under the field).


def _flat_attrs(attrs: dict) -> str:
    """As Django's widgets/attrs.html: ` name="value"`, a bare ` name` for True, none for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


def _crispy_class(field: forms.BoundField) -> str:
    """The classes crispy's bootstrap5 pack gives a widget: its own (or its type's name), then
    form-select / form-check-input / form-control, and is-invalid when the field has errors."""
    widget = field.field.widget
    if isinstance(widget, forms.Select):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    else:
        css = "form-control"
    own = widget.attrs.get("class") or type(widget).__name__.lower()
    classes = own if css in own.split() else f"{own} {css}"
    return f"{classes} is-invalid" if field.errors else classes


def _widget_context(field: forms.BoundField, css: str = "") -> dict:
    """What the widget's template would get (BoundField.as_widget), with `css` as its class."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"class": css} if css else {}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


def _render_input(context: dict) -> str:
    value = "" if context["value"] is None else f' value="{escape(context["value"])}"'
    name, attrs = escape(context["name"]), _flat_attrs(context["attrs"])
    return f'<input type="{context["type"]}" name="{name}"{value}{attrs}>'


def _render_widget(field: forms.BoundField, css: str = "") -> str:
    """The field's input as its widget template writes it (not for lists of checkboxes)."""
    widget = field.field.widget
    context = _widget_context(field, css)
    name, attrs = escape(context["name"]), _flat_attrs(context["attrs"])
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{escape(option["value"])}"'
            f"{' selected' if option['selected'] else ''}>{escape(option['label'])}</option>"
            for _group, group_options, _index in context["optgroups"]
            for option in group_options
        )
        return f'<select name="{name}"{attrs}>{options}</select>'
    if isinstance(widget, forms.Textarea):
        return f'<textarea name="{name}"{attrs}>\n{escape(context["value"] or "")}</textarea>'
    return _render_input(context)


def render_widget(field: forms.BoundField) -> SafeString:
    return mark_safe(_render_widget(field))


def render_option(option: dict) -> SafeString:
    """One checkbox or radio of a list, as BoundWidget.tag writes it."""
    return mark_safe(_render_input(option))


def _render_errors(field: forms.BoundField) -> str:
    """Crispy's error block, with the id the widget's aria-describedby points to."""
    if not field.errors:
        return ""
    items = "".join(
        f'<p id="error_{number}_{field.auto_id}"><strong>{escape(error)}</strong></p>'
        for number, error in enumerate(field.errors, start=1)
    )
    return f'<div id="{field.auto_id}_error" class="invalid-feedback">{items}</div>'


def _render_choice_list(field: forms.BoundField, errors: str) -> str:
    """Crispy's radio_checkbox_select.html: a form-check per option, the errors in the last."""
    context = _widget_context(field)
    css = "form-check-input is-invalid" if field.errors else "form-check-input"
    options = [option for _group, group, _index in context["optgroups"] for option in group]
    boxes = []
    for number, option in enumerate(options, start=1):
        attrs = {"class": css, **{k: v for k, v in option["attrs"].items() if k != "class"}}
        boxes.append(
            f'<div class="form-check">{_render_input({**option, "attrs": attrs})}'
            f'<label for="{escape(attrs.get("id", ""))}" class="form-check-label">'
            f"{escape(option['label'])}</label>{errors if number == len(options) else ''}</div>"
        )
    return f"<div>{''.join(boxes)}</div>"


def render_field(field: forms.BoundField) -> SafeString:
    """A labelled field laid out as crispy's bootstrap5 `as_crispy_field` does (not for a single
    checkbox: the checklists write theirs beside their own labels)."""
    widget = field.field.widget
    required = field.field.required
    label = escape(field.label)
    if required:
        label = f'{label}<span class="asteriskField">*</span>'
    label_class = "form-label requiredField" if required else "form-label"
    help_text = (
        f'<div id="{field.auto_id}_helptext" class="form-text">{field.help_text}</div>'
        if field.help_text
        else ""
    )
    errors = _render_errors(field)
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        described = field.aria_describedby
        described = f' aria-describedby="{described}"' if described else ""
        body = (
            f'<fieldset{described}><legend class="{label_class} fs-6">{label}</legend>'
            f"{_render_choice_list(field, errors)}{help_text}</fieldset>"
        )
    else:
        body = (
            f'<label for="{field.id_for_label}" class="{label_class}">{label}</label>'
            f"{_render_widget(field, _crispy_class(field))}{errors}{help_text}"
        )
    return mark_safe(f'<div id="div_{field.auto_id}" class="mb-3">{body}</div>')


def read_choices(field: forms.ModelChoiceField) -> list:
    """A record field's choices read now, in one plain query: iterating the field itself
    counts its rows first and reads them through a server-side cursor (three round trips),
    and does it again for every form that shows the field."""
    choices = field.iterator(field)
    head = [("", field.empty_label)] if field.empty_label is not None else []
    return head + [choices.choice(record) for record in field.queryset]


class _Rendered:
    def __init__(self, form: forms.Form, render):
        self.form, self.render = form, render

    def __getitem__(self, name: str) -> SafeString:
        return self.render(self.form[name])


class PlainRendering:
    """For forms with many fields on one page: `{{ form.plain.name }}` is the labelled field in
    Bootstrap markup (as `|as_crispy_field`), `{{ form.widgets.name }}` its input alone (as
    `{{ form.name }}`), both written in Python rather than through templates."""

    @property
    def plain(self) -> _Rendered:
        return _Rendered(self, render_field)

    @property
    def widgets(self) -> _Rendered:
        return _Rendered(self, render_widget)


# Logging a visit -------------------------------------------------------------------------------


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
        self.fields["classrooms"].queryset = classrooms
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda c: c.display_name


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
