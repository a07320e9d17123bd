"""Consent records in the admin: supervisors and program leads read them (consent is recorded
and revoked on the child's page)."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

READERS = ("Supervisors", "Program leads")


def grant_view_consent(apps, schema_editor):
    app_config = apps.get_app_config("consultation")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="consultation", codename="view_consent")
    for name in READERS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0008_consent_records_cleanup"),
        ("accounts", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(grant_view_consent, migrations.RunPython.noop)]
