"""What reaches a person without their going to look: notifications in the app (a page and a
count in the navigation) and, per kind, by email; each person's choice of email per kind.

The accounts layer knows nothing of cases or children: a notification holds its kind, a short
text that names no child (what happened and where: the site), the path of the page to open, and,
for the app only, a detail typed by a colleague (a reassignment's reason). The producers live
above, in consultation and referrals (services/notify*.py), and the management commands
`notify_due` and `send_digests` (README: "Notifications and the weekly digest")."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        CRISIS = "crisis", _("Crisis concern recorded")
        FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Referral follow-up overdue")
        NO_CONTACT = "no_contact", _("No contact with an open case")
        REASSIGNED = "reassigned", _("Case reassigned to you")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # What happened and where, never a child's name, initials or anyone's free text: the email
    # says this and nothing more.
    text = models.CharField(max_length=200)
    # Shown in the app only, never emailed: a reason a colleague typed.
    detail = models.TextField(blank=True)
    link = models.CharField(max_length=300, help_text="The page to open: a path in this app.")
    # What the notification is about, for the limits (one per case and episode, one a day):
    # a second notification with the same key to the same person is not made. Empty: no limit.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"


class EmailChoice(models.TextChoices):
    """What a person may have emailed: each kind of notification, and the weekly digest."""

    CRISIS = Notification.Kind.CRISIS.value, Notification.Kind.CRISIS.label
    FOLLOW_UP_OVERDUE = (
        Notification.Kind.FOLLOW_UP_OVERDUE.value,
        Notification.Kind.FOLLOW_UP_OVERDUE.label,
    )
    NO_CONTACT = Notification.Kind.NO_CONTACT.value, Notification.Kind.NO_CONTACT.label
    REASSIGNED = Notification.Kind.REASSIGNED.value, Notification.Kind.REASSIGNED.label
    DIGEST = "digest", _("Weekly digest")


class NotificationPreference(models.Model):
    """One person's choice of email for one kind; without a row, the default
    (accounts.notify.email_wanted): crisis on for everyone, the digest on for supervisors."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=EmailChoice.choices)
    email = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} by email {'on' if self.email else 'off'}"


class DigestSent(models.Model):
    """One person's weekly digest for one ISO week: made once (the unique week), sent once.
    A row without sent_at failed to send and is tried again on the next run."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="digests"
    )
    week = models.CharField(max_length=8, help_text="The ISO week, e.g. 2026-W48.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week", "recipient", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "week"], name="digest_once_a_week"),
        ]

    def __str__(self) -> str:
        return f"Digest {self.week} for {self.recipient}"
