"""Trainings are voided with a reason, never deleted; the training history table's audit
triggers are put back afterwards (a rebuild on SQLite drops them: accounts.immutable)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts.immutable import install_audit_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0020_intake_admin_readers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltraining",
            name="is_void",
            field=models.BooleanField(default=False, verbose_name="voided"),
        ),
        migrations.AddField(
            model_name="historicaltraining",
            name="void_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="why it was voided"),
        ),
        migrations.AddField(
            model_name="historicaltraining",
            name="voided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicaltraining",
            name="voided_by",
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
            model_name="training",
            name="is_void",
            field=models.BooleanField(default=False, verbose_name="voided"),
        ),
        migrations.AddField(
            model_name="training",
            name="void_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="why it was voided"),
        ),
        migrations.AddField(
            model_name="training",
            name="voided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="training",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="training",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("is_void", False), ("void_reason", ""), ("voided_at__isnull", True)),
                    models.Q(
                        ("is_void", True),
                        ("voided_at__isnull", False),
                        models.Q(("void_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="training_voided_with_a_date_and_reason",
            ),
        ),
        migrations.RunPython(install_audit_triggers, migrations.RunPython.noop),
    ]
