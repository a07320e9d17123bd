"""The error summary at the top of a long form (the GOV.UK pattern): every error of the round,
each a link to the field or section it belongs to."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _

# Section of the visit page -> the id of the element its errors stand over.
SECTION_ANCHORS = {
    "same_day": "visit-date-section",
    "concerns": "children-section",
    "goal_progress": "progress-section",
    "new_goals": "new-goals-section",
}


def _field_errors(form: forms.BaseForm, *, label_prefix: str = "") -> list[dict[str, str]]:
    entries = []
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        field = form[name]
        target = field.auto_id
        if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            target = f"{field.auto_id}_0"
        label = f"{label_prefix}{field.label}" if label_prefix else str(field.label)
        entries += [
            {
                "text": _("%(label)s: %(error)s") % {"label": label, "error": error},
                "href": f"#{target}",
            }
            for error in errors
        ]
    return entries


def summary_of(visit_log: Any) -> list[dict[str, str]]:
    """Every error of the visit form in page order: the form's own (at the top), its fields,
    then each section's (children and their checklists, goal progress, new goals)."""
    entries = [
        {"text": str(error), "href": "#visit-form"}
        for error in visit_log.visit_form.non_field_errors()
    ]
    entries += _field_errors(visit_log.visit_form)
    for key in ("same_day", "concerns"):
        entries += [
            {"text": message, "href": f"#{SECTION_ANCHORS[key]}"}
            for message in visit_log.section_errors.get(key, [])
        ]
    for choice in visit_log.children:
        for form in choice.forms:
            entries += _field_errors(
                form,
                label_prefix=_("%(child)s, “%(item)s”: ")
                % {"child": choice.child.display_name, "item": form.item.local_text},
            )
    for key in ("goal_progress", "new_goals"):
        entries += [
            {"text": message, "href": f"#{SECTION_ANCHORS[key]}"}
            for message in visit_log.section_errors.get(key, [])
        ]
    for form in visit_log.progress_forms:
        entries += _field_errors(
            form, label_prefix=_("Goal “%(area)s”, ") % {"area": form.goal.practice_area.local_name}
        )
    for number, form in enumerate(visit_log.new_goals.forms, start=1):
        if form.has_changed():
            entries += _field_errors(
                form, label_prefix=_("New goal %(number)s, ") % {"number": number}
            )
    return entries
