"""An import from upload to confirm. The upload is held in private storage under its run's UUID
(never in the session), for its uploader only, with its SHA-256, until it is confirmed, its
uploader uploads again, or it expires (IMPORT_HOLD_HOURS: imports_expire). Confirming checks
the preview again against the records as they are then and writes every row or none, in one
transaction, through the same services as the forms; the history names "import" as the
source. Every run is kept as the audit: who, when, which file, how many rows of each kind."""

import hashlib
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.imports.cells import ADD, CHANGE
from consultation.imports.kinds import KINDS
from consultation.imports.preview import Preview, preview_file
from consultation.models import ImportRun
from core.history import IMPORT, recorded_as
from core.storage import private_storage
from core.tabular import FileRefused, file_type

HELD = "imports"


def may_import(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.is_supervisor)


def _sha256(raw: IO[bytes]) -> str:
    digest = hashlib.sha256()
    raw.seek(0)
    while chunk := raw.read(64 * 1024):
        digest.update(chunk)
    raw.seek(0)
    return digest.hexdigest()


def _release(run: ImportRun) -> None:
    if run.stored_name:
        private_storage().delete(run.stored_name)
        run.stored_name = ""


def _abandon(runs, message: str = "") -> int:
    """Delete the held files of runs never confirmed; each run stays, abandoned, as the audit."""
    count = 0
    for run in runs.filter(status=ImportRun.Status.PREVIEWED):
        _release(run)
        run.status = ImportRun.Status.ABANDONED
        run.message = message or run.message
        run.save(update_fields=["stored_name", "status", "message", "updated_at"])
        count += 1
    return count


def _abandon_held(user: User) -> None:
    """A new upload replaces whatever the user left unconfirmed: its file is deleted."""
    _abandon(ImportRun.objects.filter(user=user))


def imports_expire(*, now: datetime | None = None) -> int:
    """Uploads not confirmed within IMPORT_HOLD_HOURS: their held files are deleted (the runs
    stay, abandoned, as the audit). Run by the expire_imports command (daily, beside
    notify_due) and whenever an import starts. Returns how many expired."""
    hours = settings.IMPORT_HOLD_HOURS
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    stale = ImportRun.objects.filter(created_at__lt=cutoff)
    return _abandon(stale, f"Not confirmed within {hours} hours: the held file was deleted.")


def _counted(run: ImportRun, preview: Preview) -> None:
    summary = preview.summary()
    run.rows, run.added, run.changed = summary["rows"], summary["added"], summary["changed"]
    run.unchanged, run.refused = summary["unchanged"], summary["refused"]


def import_preview(*, user: User, kind: str, upload: UploadedFile) -> tuple[ImportRun, Preview]:
    """Check a file and hold it for confirming. A file that cannot be read at all raises a
    ValidationError; the run is kept, refused, as the audit of the attempt (so this is no
    atomic block: the refusal must not roll back its own record)."""
    if not may_import(user):
        raise PermissionDenied
    _abandon_held(user)
    imports_expire()  # anyone's uploads left unconfirmed too long
    name = os.path.basename(upload.name or "upload")[:200]
    raw = cast(IO[bytes], upload.file)  # the bytes, as the request holds them
    run = ImportRun(user=user, kind=kind, file_name=name, sha256=_sha256(raw))
    try:
        if (upload.size or 0) > settings.IMPORT_MAX_BYTES:
            mb = settings.IMPORT_MAX_BYTES / 1_048_576
            raise FileRefused(
                _("The file is larger than %(mb)s MB: split it and upload each part.")
                % {"mb": f"{mb:.0f}"}
            )
        extension = file_type(raw)
        preview = preview_file(raw, kind=kind, user=user)
    except FileRefused as refused:
        run.status, run.message = ImportRun.Status.FAILED, refused.message[:300]
        run.save()
        raise ValidationError(refused.message, code="refused_file") from None
    _counted(run, preview)
    raw.seek(0)
    run.stored_name = private_storage().save(f"{HELD}/{run.uuid}.{extension}", upload)
    run.save()
    return run, preview


def held_preview(run: ImportRun) -> Preview:
    """The preview of a held file, checked again against the records as they are now."""
    if run.status != ImportRun.Status.PREVIEWED or not run.stored_name:
        raise ValidationError(_("This import is no longer waiting: upload the file again."))
    with private_storage().open(run.stored_name, "rb") as stored:
        raw = cast(IO[bytes], stored.file)
        if _sha256(raw) != run.sha256:
            raise ValidationError(_("The held file has changed: upload it again."))
        return preview_file(raw, kind=run.kind, user=run.user)


def import_confirm(*, run: ImportRun, user: User) -> ImportRun:
    """Write every row to add or change, or none. Rows refused in the preview are left out;
    formula cells or keys repeated in the file stop the whole import."""
    if run.user_id != user.pk or not may_import(user):
        raise PermissionDenied
    preview = held_preview(run)
    if preview.blocking:
        raise ValidationError(
            _("The file has formula cells or rows repeated: fix them and upload it again.")
        )
    spec = KINDS[run.kind]
    try:
        with transaction.atomic(), recorded_as(IMPORT):
            for line in preview.lines:
                if line.status in (ADD, CHANGE):
                    spec.apply(line, user)
    except ValidationError as error:
        run.status = ImportRun.Status.FAILED
        run.message = (_("Nothing was written: %(why)s") % {"why": " ".join(error.messages)})[:300]
        _release(run)
        run.save()
        raise ValidationError(run.message) from None
    _counted(run, preview)
    run.status, run.confirmed_at = ImportRun.Status.CONFIRMED, timezone.now()
    _release(run)
    run.save()
    return run


def refused_rows(preview: Preview) -> Iterator[list[str]]:
    """The header and each refused row as it was, with a reason column: fix and upload again."""
    yield [*preview.columns, _("reason")]
    for line in preview.lines:
        if line.errors:
            reason = "; ".join(f"{column}: {message}" for column, message in line.errors.items())
            where = _("row %(line)s: %(reason)s") % {"line": line.line, "reason": reason}
            yield [*(line.text(column) for column in preview.columns), where]


def template_rows(kind: str) -> list[list[str]]:
    spec = KINDS[kind]
    return [list(spec.columns), list(spec.example)]
