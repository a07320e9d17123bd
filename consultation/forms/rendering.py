"""Plain Bootstrap rendering of many fields, written in Python."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    label = str(escape(field.label))
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
    head: list = [("", field.empty_label)] if field.empty_label is not None else []
    return head + [choices.choice(record) for record in field.queryset or ()]


class _Rendered:
    def __init__(self, form: Any, render: Callable[[forms.BoundField], SafeString]):
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
