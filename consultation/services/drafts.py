"""Drafts of visits being typed: saved in the background as the consultant types, resumed or
discarded from the caseload, removed when the visit is saved (services.visits)."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import ConsultationCase, Visit, VisitDraft

# A visit form posts a few hundred fields at most; anything far larger is not a visit form.
DRAFT_MAX_BYTES = 256 * 1024
# Fields of the form that are not the visit: the request's CSRF token, the buttons.
NOT_TYPED = {"csrfmiddlewaretoken", "save", "another", "update", "draft"}


def _typed(data: dict[str, list[str]]) -> dict[str, list[str]]:
    return {
        str(name): [str(value) for value in values]
        for name, values in data.items()
        if name not in NOT_TYPED
    }


@transaction.atomic
def draft_save(
    *,
    consultant: User,
    case: ConsultationCase,
    visit: Visit | None = None,
    data: dict[str, list[str]],
) -> VisitDraft:
    """Keep what the consultant has typed in the form of a new visit of `case` (or of the edit
    of `visit`): one draft per form, replaced at each save."""
    if case.consultant_id != consultant.pk or (
        visit is not None and visit.consultant_id != consultant.pk
    ):
        raise ValidationError(_("Only the case's consultant keeps drafts of its visits."))
    if not case.is_open and visit is None:
        raise ValidationError(_("Visits are logged on open cases."))
    typed = _typed(data)
    if len(json.dumps(typed)) > DRAFT_MAX_BYTES:
        raise ValidationError(_("This draft is too large to be a visit."))
    draft, _created = VisitDraft.objects.update_or_create(
        consultant=consultant, case=case, visit=visit, defaults={"data": typed}
    )
    return draft


@transaction.atomic
def draft_discard(*, draft: VisitDraft, by: User) -> None:
    """Throw away an unfinished visit: a draft was never a record, so it goes."""
    if draft.consultant_id != by.pk:
        raise ValidationError(_("Only the consultant who typed a draft discards it."))
    draft.delete()
