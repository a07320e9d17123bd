"""Consent becomes a record of its own (schema, part 1 of 3): the consent table, and a version on
sites, classrooms and children for their edit pages, and a reason kept with an archive."""

import uuid

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import consultation.models.consents
import core.storage


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0007_visit_day"),
        ("referrals", "0003_report_and_follow_up_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Consent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "given_by",
                    models.CharField(
                        help_text="The caregiver's name.", max_length=120, verbose_name="given by"
                    ),
                ),
                (
                    "relationship",
                    models.CharField(
                        choices=[
                            ("parent", "Parent"),
                            ("guardian", "Legal guardian"),
                            ("foster_parent", "Foster parent"),
                            ("other", "Other"),
                            ("not_recorded", "Not recorded (entered before consent records)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("given_on", models.DateField(verbose_name="date given")),
                (
                    "covers_consultation",
                    models.BooleanField(
                        default=False,
                        help_text="Child-focused consultation: cases about the child and concerns recorded.",
                        verbose_name="consultation about the child",
                    ),
                ),
                (
                    "covers_sharing",
                    models.BooleanField(
                        default=False,
                        help_text="Sharing the child's information when referring the family.",
                        verbose_name="sharing with a referral agency",
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("written", "Written"),
                            ("verbal_then_written", "Verbal, then written"),
                        ],
                        default="written",
                        max_length=24,
                        verbose_name="how it was given",
                    ),
                ),
                (
                    "written_received_on",
                    models.DateField(
                        blank=True,
                        help_text="For verbal consent.",
                        null=True,
                        verbose_name="written copy received",
                    ),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                (
                    "document",
                    models.FileField(
                        blank=True,
                        storage=core.storage.private_storage,
                        upload_to=consultation.models.consents.document_path,
                        verbose_name="signed form",
                    ),
                ),
                ("revoked_on", models.DateField(blank=True, null=True, verbose_name="revoked on")),
                (
                    "revoked_reported_by",
                    models.CharField(
                        blank=True, max_length=120, verbose_name="revocation reported by"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
            ],
            options={
                "ordering": ["-given_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalConsent",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("uuid", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                (
                    "given_by",
                    models.CharField(
                        help_text="The caregiver's name.", max_length=120, verbose_name="given by"
                    ),
                ),
                (
                    "relationship",
                    models.CharField(
                        choices=[
                            ("parent", "Parent"),
                            ("guardian", "Legal guardian"),
                            ("foster_parent", "Foster parent"),
                            ("other", "Other"),
                            ("not_recorded", "Not recorded (entered before consent records)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("given_on", models.DateField(verbose_name="date given")),
                (
                    "covers_consultation",
                    models.BooleanField(
                        default=False,
                        help_text="Child-focused consultation: cases about the child and concerns recorded.",
                        verbose_name="consultation about the child",
                    ),
                ),
                (
                    "covers_sharing",
                    models.BooleanField(
                        default=False,
                        help_text="Sharing the child's information when referring the family.",
                        verbose_name="sharing with a referral agency",
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("written", "Written"),
                            ("verbal_then_written", "Verbal, then written"),
                        ],
                        default="written",
                        max_length=24,
                        verbose_name="how it was given",
                    ),
                ),
                (
                    "written_received_on",
                    models.DateField(
                        blank=True,
                        help_text="For verbal consent.",
                        null=True,
                        verbose_name="written copy received",
                    ),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                (
                    "document",
                    models.TextField(blank=True, max_length=100, verbose_name="signed form"),
                ),
                ("revoked_on", models.DateField(blank=True, null=True, verbose_name="revoked on")),
                (
                    "revoked_reported_by",
                    models.CharField(
                        blank=True, max_length=120, verbose_name="revocation reported by"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical consent",
                "verbose_name_plural": "historical consents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="child",
            name="archive_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="why archived"),
        ),
        migrations.AddField(
            model_name="child",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="classroom",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="historicalchild",
            name="archive_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="why archived"),
        ),
        migrations.AddField(
            model_name="historicalchild",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="historicalclassroom",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="historicalsite",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="site",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="child",
            name="last_initial",
            field=models.CharField(
                help_text="The last name's initial only: one letter, or two for names such as McKay (Mc) or De Luca (De).",
                max_length=3,
            ),
        ),
        migrations.AlterField(
            model_name="historicalchild",
            name="last_initial",
            field=models.CharField(
                help_text="The last name's initial only: one letter, or two for names such as McKay (Mc) or De Luca (De).",
                max_length=3,
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="child",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="consents",
                to="consultation.child",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="sharing_agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="referrals.agency",
                verbose_name="only with this agency",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="sharing_service_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="referrals.servicetype",
                verbose_name="only for this type of service",
            ),
        ),
        migrations.AddField(
            model_name="historicalconsent",
            name="child",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="consultation.child",
            ),
        ),
        migrations.AddField(
            model_name="historicalconsent",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalconsent",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalconsent",
            name="sharing_agency",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="referrals.agency",
                verbose_name="only with this agency",
            ),
        ),
        migrations.AddField(
            model_name="historicalconsent",
            name="sharing_service_type",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="referrals.servicetype",
                verbose_name="only for this type of service",
            ),
        ),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(fields=["child", "given_on"], name="consent_child_given_idx"),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("covers_consultation", True), ("covers_sharing", True), _connector="OR"
                ),
                name="consent_covers_something",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("covers_sharing", True),
                    models.Q(
                        ("sharing_agency__isnull", True), ("sharing_service_type__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="consent_sharing_target_only_with_sharing",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("sharing_agency__isnull", True),
                    ("sharing_service_type__isnull", True),
                    _connector="OR",
                ),
                name="consent_one_agency_or_one_service_type",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("expires_on__isnull", True),
                    ("expires_on__gte", models.F("given_on")),
                    _connector="OR",
                ),
                name="consent_expires_after_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revoked_on__isnull", True),
                    ("revoked_on__gte", models.F("given_on")),
                    _connector="OR",
                ),
                name="consent_revoked_after_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revoked_on__isnull", True),
                    models.Q(("revoked_reported_by", ""), _negated=True),
                    _connector="OR",
                ),
                name="consent_revocation_says_who_reported_it",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("written_received_on__isnull", True),
                    ("written_received_on__gte", models.F("given_on")),
                    _connector="OR",
                ),
                name="consent_written_copy_after_given",
            ),
        ),
    ]
