"""Notifications in the app and by email, each person's email choices, the weekly digests sent."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_confidentiality_agreement"),
    ]

    operations = [
        migrations.CreateModel(
            name="DigestSent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week", models.CharField(help_text="The ISO week, e.g. 2026-W48.", max_length=8)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("last_error", models.CharField(blank=True, max_length=300)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="digests",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-week", "recipient", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("recipient", "week"), name="digest_once_a_week")
                ],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("crisis", "Crisis concern recorded"),
                            ("follow_up_overdue", "Referral follow-up overdue"),
                            ("no_contact", "No contact with an open case"),
                            ("reassigned", "Case reassigned to you"),
                        ],
                        max_length=30,
                    ),
                ),
                ("text", models.CharField(max_length=200)),
                ("detail", models.TextField(blank=True)),
                (
                    "link",
                    models.CharField(
                        help_text="The page to open: a path in this app.", max_length=300
                    ),
                ),
                ("key", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["recipient", "read_at"], name="notification_unread")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("key", ""), _negated=True),
                        fields=("recipient", "kind", "key"),
                        name="notification_once_per_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("crisis", "Crisis concern recorded"),
                            ("follow_up_overdue", "Referral follow-up overdue"),
                            ("no_contact", "No contact with an open case"),
                            ("reassigned", "Case reassigned to you"),
                            ("digest", "Weekly digest"),
                        ],
                        max_length=30,
                    ),
                ),
                ("email", models.BooleanField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notification_preferences",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["user", "kind", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "kind"), name="notification_preference_once"
                    )
                ],
            },
        ),
    ]
