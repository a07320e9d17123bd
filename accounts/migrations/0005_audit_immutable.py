"""The audit refuses UPDATE and DELETE in the database itself (accounts/immutable.py): triggers on
the access records, axes' sign-in logs and every change-history table; and the retention
command's own record ("prune")."""

from django.db import migrations, models

from accounts.immutable import install_audit_triggers, remove_audit_triggers


class Migration(migrations.Migration):
    # Every app holding an audit table, at its latest migration: the triggers go on the tables
    # as they finally are. A later migration that rebuilds one of them re-installs them.
    dependencies = [
        ("accounts", "0004_access_record"),
        ("axes", "0010_accessattemptexpiration"),
        ("consultation", "0008_consent_records_permissions"),
        ("referrals", "0004_consent_records_cleanup"),
        ("reports", "0001_export_log"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessrecord",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("export", "Exported"),
                    ("denied", "Refused (403/404)"),
                    ("prune", "Pruned older records"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunPython(install_audit_triggers, remove_audit_triggers),
    ]
