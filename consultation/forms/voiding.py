"""The reason typed to void a record (a visit, a measure, a training): one field, capped where
the voiding rule caps it (consultation.services.voiding)."""

from django import forms
from django_stubs_ext import StrOrPromise

from consultation.services.voiding import VOID_REASON_MAX


def void_reason_field(*, label: StrOrPromise, help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(label=label, max_length=VOID_REASON_MAX, help_text=help_text)
