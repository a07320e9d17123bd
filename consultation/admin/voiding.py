"""The admin's "void" action, shared by the records voided with a reason (visits, trainings):
the reviewer gives one reason, and every selected record is voided through its service, or
none is (consultation.services.voiding holds the rule)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consultation.admin.base import FormActionMixin
from consultation.services.voiding import VOID_REASON_MAX


class VoidReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=VOID_REASON_MAX,
        help_text=_(
            "For example “recorded twice” or “wrong day”; kept with each record's history."
        ),
    )

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class VoidActionMixin(FormActionMixin):
    """`void_selected` asks for the reason, then calls `void(record, by=..., reason=...)` for
    each selected record, all in one transaction."""

    def void_selected(
        self,
        request,
        queryset,
        *,
        void: Callable[..., Any],
        label: str,
        failed: str,
        done: Callable[[int], str],
        title: str,
        action: str,
        template: str,
    ):
        form = VoidReasonForm(request.POST if "apply" in request.POST else None, label=label)

        def void_all(data) -> None:
            with transaction.atomic():  # all of them, or none
                for record in queryset:
                    void(record, by=request.user, reason=data["reason"])

        return self.form_action(
            request,
            queryset,
            form=form,
            apply=void_all,
            failed=failed,
            done=lambda data: done(len(queryset)),
            title=title,
            action=action,
            template=template,
        )
