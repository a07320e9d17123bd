"""A reassignment's reason on the case (and so in its history); the case history table's audit
triggers are put back afterwards (a rebuild on SQLite drops them: accounts.immutable)."""

from django.db import migrations, models

from accounts.immutable import install_audit_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0016_import_trainings"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationcase",
            name="reassignment_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="historicalconsultationcase",
            name="reassignment_reason",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(install_audit_triggers, migrations.RunPython.noop),
    ]
