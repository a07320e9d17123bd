"""Where a change was made, kept with every history row (simple_history's change reason).

A change made while handling a request under the admin's URL is "admin"; under any other URL it
is "consultant UI"; with no request (manage.py commands, the shell, scheduled jobs) it is
"management command", with the command's name when manage.py ran one. Inside
`recorded_as("import")` (a confirmed spreadsheet import) it is that source, whatever the URL.
A reason a service gives (for instance "reassigned from Ana to Ben") follows the source:
"admin: reassigned from ...".
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

ADMIN = "admin"
CONSULTANT_UI = "consultant UI"
COMMAND = "management command"
IMPORT = "import"
_source: ContextVar[str] = ContextVar("history_source", default="")
REASON_MAX_LENGTH = 100


def _running_command() -> str:
    script = Path(sys.argv[0]).name if sys.argv else ""
    if script in {"manage.py", "django-admin"} and len(sys.argv) > 1:
        return f"{COMMAND} {sys.argv[1]}"
    return COMMAND


@contextmanager
def recorded_as(source: str) -> Iterator[None]:
    """Every history row written inside the block names `source` as where the change came from."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def change_source() -> str:
    if _source.get():
        return _source.get()
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return _running_command()
    try:
        admin_root = reverse("admin:index")
    except NoReverseMatch:
        return CONSULTANT_UI
    return ADMIN if request.path.startswith(admin_root) else CONSULTANT_UI


@receiver(pre_create_historical_record, dispatch_uid="core.history.record_source")
def record_source(sender: type, history_instance: Any, **kwargs: Any) -> None:
    reason = history_instance.history_change_reason
    source = change_source()
    label = f"{source}: {reason}" if reason else source
    history_instance.history_change_reason = label[:REASON_MAX_LENGTH]
