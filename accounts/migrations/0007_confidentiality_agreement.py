"""The confidentiality agreement and its acceptances, with a first version so that a new
installation asks for it at the first sign-in (superusers edit it, or add a version, in the admin)."""

import datetime
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# One line a paragraph or item, so that the page wraps them to its width.
FIRST_VERSION = "\n".join(
    [
        (
            "These records are about young children, their families and the people who care for them."
            " By using this system I agree that:"
        ),
        "",
        (
            "1. I look at a child's or a family's record only when my work with them needs it, and I "
            "record no more than the work needs."
        ),
        (
            "2. I share nothing from these records with anyone who is not authorised to see it, "
            "inside or outside the program, except as the law requires (for example a report of "
            "suspected abuse or neglect) or as a family's written consent allows."
        ),
        (
            "3. I keep my password to myself, never leave a device signed in and unattended, and sign"
            " out of shared tablets and computers when I finish."
        ),
        (
            "4. I do not copy records, exports or scanned forms onto personal devices, personal email"
            " or services the program has not approved, and I keep printed summaries out of sight of "
            "others."
        ),
        (
            "5. I tell my supervisor at once if I think a record has been seen, sent or lost by "
            "mistake."
        ),
        (
            "6. Every record I open, change or export is logged with my name, the time and the "
            "address, and may be reviewed."
        ),
        "",
        "These duties continue after I leave the program.",
    ]
)


def add_first_version(apps, schema_editor):
    agreement = apps.get_model("accounts", "ConfidentialityAgreement")
    if not agreement.objects.exists():
        agreement.objects.create(
            version=1, effective_date=datetime.date(2026, 11, 30), text=FIRST_VERSION
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_mfa"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConfidentialityAgreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "version",
                    models.PositiveIntegerField(
                        help_text="A higher number for each new text: everyone accepts it again.",
                        unique=True,
                    ),
                ),
                (
                    "effective_date",
                    models.DateField(
                        help_text="From this day, users who have not accepted this version are asked to."
                    ),
                ),
                ("text", models.TextField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "ordering": ["-effective_date", "-version", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)), name="agreement_version_positive"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AgreementAcceptance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("accepted_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreement_acceptances",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="acceptances",
                        to="accounts.confidentialityagreement",
                    ),
                ),
            ],
            options={
                "ordering": ["-accepted_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "agreement"), name="agreement_accepted_once"
                    )
                ],
            },
        ),
        migrations.RunPython(add_first_version, migrations.RunPython.noop),
    ]
