"""Sending the weekly digests (reports.digest): each person once per ISO week, recorded in
accounts.DigestSent. A send that fails is logged and kept with its error; the next run tries it
again. A person with digests of earlier weeks still unsent gets one email, this week's, and every
pending week is marked sent by it: nothing is lost, nothing is sent twice."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import DigestSent, NotificationPreference, User
from accounts.notifications import EmailChoice
from accounts.notify import deliver, email_wanted
from reports.digest import digest_email, digest_for, iso_week

logger = logging.getLogger(__name__)


@dataclass
class DigestRun:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    already: int = 0


def digest_recipients() -> QuerySet[User]:
    """Active supervisors, and consultants who opted in (email_wanted decides for each)."""
    opted_in = NotificationPreference.objects.filter(kind=EmailChoice.DIGEST, email=True)
    return (
        User.objects.filter(is_active=True, is_superuser=False)
        .filter(
            Q(role=User.Role.SUPERVISOR)
            | Q(role=User.Role.CONSULTANT, pk__in=opted_in.values("user"))
        )
        .exclude(email="")
        .order_by("pk")
    )


def _send_one(person: User, *, week: str, today: date, run: DigestRun) -> None:
    DigestSent.objects.get_or_create(recipient=person, week=week)
    pending = DigestSent.objects.filter(recipient=person, sent_at__isnull=True)
    if not pending.exists():
        run.already += 1
        return
    subject, body = digest_email(digest_for(person, today=today))
    error = deliver(to=person.email, subject=subject, body=body)
    if error:
        logger.warning("Weekly digest %s for user %s not sent; retried next run", week, person.pk)
        for row in pending:
            row.attempts += 1
            row.last_error = error
            row.save(update_fields=["attempts", "last_error", "updated_at"])
        run.failed.append(person.username)
        return
    pending.update(sent_at=timezone.now(), last_error="", updated_at=timezone.now())
    run.sent.append(person.username)


def digests_send(*, today: date) -> DigestRun:
    """Send this week's digest to everyone who should have it and has not yet."""
    week = iso_week(today)
    run = DigestRun()
    for person in digest_recipients():
        if email_wanted(person, EmailChoice.DIGEST):
            _send_one(person, week=week, today=today, run=run)
    return run
