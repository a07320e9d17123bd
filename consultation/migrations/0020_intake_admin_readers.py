"""Supervisors and program leads read requests for consultation and their steps in the admin
(scoped there like the intake queue); nobody changes them there."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

READERS = ("Supervisors", "Program leads")
MODELS = ("intake", "intakestep")


def grant_view(apps, schema_editor):
    app_config = apps.get_app_config("consultation")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    assign_grants(apps)


def assign_grants(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    views = Permission.objects.filter(
        content_type__app_label="consultation", codename__in=[f"view_{m}" for m in MODELS]
    )
    for name in READERS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*views)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0014_supervision_signoff")]

    operations = [migrations.RunPython(grant_view, migrations.RunPython.noop)]
