"""Two people editing one record: every save through the services raises the record's version,
and an edit made on an older version is refused with what changed since, who changed it and
when (read from the record's audit history). Any model with a `version` and a `history` can be
versioned this way: cases and visits are."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.dates import local_today

# A model with a `version` field and django-simple-history's `history`.
Versioned = Any


class EditConflict(ValidationError):
    """The record was saved by someone else since the editor loaded it: nothing was saved."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="edit_conflict")
        self.current_version = current_version


# Fields that change on every save, or never: not worth naming in a conflict message.
_UNNAMED_FIELDS = {"id", "uuid", "version", "created_at", "updated_at"}


def _shown(field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _who(user: Any) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def _changes_since(record: Versioned, expected_version: int) -> str:
    """What changed since `expected_version`, who changed it and when, from the audit history:
    e.g. "Ben Carter changed duration (minutes) (60 → 75) and notes at 10:42"."""
    model = type(record)
    current = model.objects.get(pk=record.pk)
    history = record.history.order_by("history_date", "history_id")
    before = history.filter(version=expected_version).last()
    later = list(history.filter(version__gt=expected_version).select_related("history_user"))
    what = f"this {model._meta.verbose_name}"
    if before is not None:
        changed = []
        for field in model._meta.concrete_fields:
            if field.name in _UNNAMED_FIELDS:
                continue
            old, new = getattr(before, field.attname), getattr(current, field.attname)
            if old == new:
                continue
            label = str(field.verbose_name)
            if field.is_relation:
                old, new = getattr(before, field.name, None), getattr(current, field.name)
            if isinstance(field, models.TextField):
                changed.append(label)  # long text: named, not quoted
            else:
                changed.append(f"{label} ({_shown(field, old)} → {_shown(field, new)})")
        if changed:
            what = ", ".join(changed[:-1]) + (" and " if len(changed) > 1 else "") + changed[-1]
    who = " and ".join(dict.fromkeys(_who(h.history_user) for h in later)) or "Someone"
    when = ""
    if later:
        at = timezone.localtime(later[-1].history_date)
        when = f" at {at:%H:%M}" if at.date() == local_today() else f" on {at:%b %d at %H:%M}"
    return f"{who} changed {what}{when}; your changes were not saved — review them and save again."


def claim_version(record: Versioned, expected_version: int | None) -> None:
    """Raise the record's version before saving it, refusing (EditConflict) when it is no longer
    `expected_version`. A conditional UPDATE: of two concurrent saves of one version, only one
    matches; the other waits for its transaction and then finds the version moved on.
    Without `expected_version` (a bulk action on freshly read rows) the save is not checked."""
    rows = type(record).objects.filter(pk=record.pk)
    if expected_version is None:
        current = rows.select_for_update().values_list("version", flat=True).get()
    else:
        current = expected_version
    if not rows.filter(version=current).update(version=current + 1):
        now = rows.values_list("version", flat=True).get()
        raise EditConflict(_changes_since(record, current), current_version=now)
    record.version = current + 1


def version_check(*, record: Versioned, expected_version: int | None) -> None:
    """Refuse (EditConflict) an edit made on an older version, locking the row until the end of
    the transaction so that the save that follows cannot be overtaken (the admin's change form)."""
    rows = type(record).objects.select_for_update().filter(pk=record.pk)
    current = rows.values_list("version", flat=True).get()
    if expected_version is not None and expected_version != current:
        raise EditConflict(_changes_since(record, expected_version), current_version=current)


@transaction.atomic
def record_save(*, record: Versioned, expected_version: int | None) -> None:
    """Save an edit made in the admin's change form, if nobody saved the record since."""
    claim_version(record, expected_version)
    record.save()
