"""Form pieces every app shares: date and time inputs, record choices that never crash on a
forged id, the version an edit was loaded with, consent fields, and putting a service's errors
beside the fields they belong to. Forms check the shape of what was typed; rules live in the
services."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from core.dates import DATE_KINDS, implausible_dates
from core.numbers import parse_int


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%H:%M")


def is_pk(value: Any) -> bool:
    """Whether a submitted value could be a primary key: ASCII digits within 64 bits (a larger
    number, or "³", typed into a choice is "not a choice", not a crash)."""
    return parse_int(value, minimum=0) is not None


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of record that refuses any id the database could not hold as an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and self.to_field_name is None and not is_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several records; ids the database could not hold are refused like unknown ones."""

    def _check_values(self, value: Iterable[Any]) -> Any:
        if self.to_field_name is None:
            for pk in value:
                if not is_pk(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]


def offer(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet,
    label: Callable[[Any], str] | None = None,
) -> None:
    """Let the form's record field `name` offer the records of `queryset` (those in the user's
    scope), each labelled by `label` when given."""
    field = cast(forms.ModelChoiceField, form.fields[name])
    field.queryset = queryset
    if label is not None:
        field.label_from_instance = label  # type: ignore[assignment]


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str | None] | None = None
) -> list[tuple[str, list[str]]]:
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
    older version is refused (see core.versions.EditConflict)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class VersionedForm(forms.Form):
    """A form that carries `version`: a broken hidden value is said at the top of the form,
    where the user can see it, rather than beside a field they cannot."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_error("version"):
            self.add_error(None, _("This page is out of date or damaged: open it again to edit."))
        return cleaned


def carry_current_version(form: forms.BaseForm, conflict: ValidationError) -> None:
    """After an edit conflict the form is shown again with what the user typed; it now carries
    the version saved meanwhile, so saving it again, after review, is a deliberate choice."""
    current = getattr(conflict, "current_version", None)
    if current is not None and form.is_bound:
        data = form.data.copy()  # type: ignore[attr-defined]
        data[form.add_prefix("version")] = str(current)
        form.data = data


def consent_date_field(
    *,
    required: bool = False,
    help_text: StrOrPromise = "",
    label: StrOrPromise = "Caregiver consent date",
) -> forms.DateField:
    """When written caregiver consent was given: the same field wherever consent is typed."""
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


def consent_given_by_field(
    *, required: bool = False, label: StrOrPromise = "Consent given by"
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=120,
        required=required,
        help_text="Who signed, e.g. 'mother', 'grandmother (guardian)'.",
    )


def add_date_errors(form: forms.BaseForm) -> None:
    """Each date the form changed that core.dates finds implausible (year 0001, a child of 40),
    refused beside its field: for forms that save without a service (the admin's add pages)."""
    days = {
        name: value
        for name, value in form.cleaned_data.items()
        if name in DATE_KINDS and isinstance(value, date) and name in form.changed_data
    }
    for name, problem in implausible_dates(**days).items():
        form.add_error(name, problem)


class PlausibleDates(forms.Form):
    """A form whose dates (named as in core.dates.DATE_KINDS) are refused beside their field
    when implausible, in the same round as its other errors; the services apply the same rule."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        add_date_errors(self)
        return cleaned
