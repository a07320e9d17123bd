"""Writes and reads of notifications (accounts.notifications): make one (and email it when its
recipient wants that kind by email), list a person's own, count the unread, mark them read, and
each person's email choices.

An email says what happened and where and links to the page: its subject and body are made from
the notification's kind and text alone, which name no child (the producers' rule), never from
its detail. Mail goes through Django's mail (SMTP from the environment, see settings)."""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.notifications import EmailChoice, Notification, NotificationPreference

logger = logging.getLogger(__name__)

# Without a choice of their own: crisis by email for everyone, the digest for supervisors.
EMAIL_ON_BY_DEFAULT = {EmailChoice.CRISIS}


def email_default(user: User, kind: str) -> bool:
    if kind == EmailChoice.DIGEST:
        return bool(user.is_supervisor)
    return kind in EMAIL_ON_BY_DEFAULT


def email_choices(user: User) -> dict[str, bool]:
    """Every kind a person may have emailed, with their choice (or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, email_default(user, kind)) for kind in EmailChoice.values}


def email_wanted(user: User, kind: str) -> bool:
    if not (user.is_active and user.email):
        return False
    chosen = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return chosen.email if chosen is not None else email_default(user, kind)


@transaction.atomic
def preferences_set(*, user: User, email: Mapping[str, bool]) -> dict[str, bool]:
    """Record a person's choice of email for each kind given."""
    for kind, wanted in email.items():
        if kind in EmailChoice.values:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": bool(wanted)}
            )
    return email_choices(user)


def absolute_url(path: str) -> str:
    """A path in the app as a link an email can carry (settings.SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


def notification_email(notification: Notification) -> tuple[str, str]:
    """(subject, body): the kind, the text (what happened, where) and the link; nothing else."""
    subject = f"IECMH Consultation: {notification.get_kind_display()}"
    body = (
        f"{notification.text}\n\n"
        f"Open it here (sign in first): {absolute_url(notification.link)}\n\n"
        "This email names no child. The details are in the app.\n"
    )
    return subject, body


def deliver(*, to: str, subject: str, body: str) -> str:
    """Send one email; the error as text when it failed ("" when sent). Failures are logged,
    never raised: a mail server down must not undo the work that caused the email."""
    try:
        send_mail(subject, body, None, [to])
    except Exception as error:  # any backend's failure (SMTP, socket, TLS)
        logger.warning("Email to user failed: %s", error.__class__.__name__)
        return f"{error.__class__.__name__}: {error}"[:300]
    return ""


def _email_later(notification: Notification) -> None:
    """Email once the transaction that made the notification commits (nothing for a rollback)."""
    email = notification.recipient.email

    def send() -> None:
        subject, body = notification_email(notification)
        deliver(to=email, subject=subject, body=body)

    transaction.on_commit(send)


def notify(
    *, recipient: User, kind: str, text: str, link: str, key: str = "", detail: str = ""
) -> Notification | None:
    """Make a notification, and email it if the recipient wants that kind by email. With a key,
    at most one per recipient, kind and key: None when it was made already."""
    if key and Notification.objects.filter(recipient=recipient, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, text=text[:200], link=link, key=key, detail=detail
            )
    except IntegrityError:  # made at the same moment by another run
        return None
    if email_wanted(recipient, kind):
        _email_later(notification)
    return notification


def notifications_of(user: User) -> QuerySet[Notification]:
    """A person's own notifications, newest first: nobody reads another's."""
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
