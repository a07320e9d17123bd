"""What each role's group may do in the admin. Nobody but a superuser may delete."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

CASE_RECORDS = [
    ("consultation", "site"),
    ("consultation", "classroom"),
    ("consultation", "child"),
    ("consultation", "starrating"),
    ("consultation", "consultationcase"),
    ("consultation", "visit"),
    ("consultation", "observedconcern"),
    ("consultation", "pyramidgoal"),
    ("consultation", "goalprogress"),
    ("referrals", "referral"),
]
STATUS_HISTORY = [("referrals", "referralstatuschange")]
REFERENCE_LISTS = [
    ("consultation", "county"),
    ("consultation", "activity"),
    ("consultation", "concernitem"),
    ("consultation", "pyramidtier"),
    ("consultation", "practicearea"),
    ("referrals", "servicetype"),
    ("referrals", "agency"),
]

GROUP_PERMISSIONS = {
    # Supervisors review and correct their team's records, and reassign work.
    "Supervisors": {
        "view": CASE_RECORDS + STATUS_HISTORY + REFERENCE_LISTS,
        "change": CASE_RECORDS,
    },
    # Program leads read everything.
    "Program leads": {"view": CASE_RECORDS + STATUS_HISTORY + REFERENCE_LISTS},
    # Consultants work in the consultant pages, not the admin.
    "Consultants": {},
}


def grant_role_permissions(apps, schema_editor):
    # Permissions are normally made after migrate finishes; make them now so groups can hold them.
    for app_label in ("consultation", "referrals"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    assign_group_permissions(apps)


def assign_group_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for action, models in grants.items():
            for app_label, model in models:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("consultation", "0002_reference_data"),
        ("referrals", "0002_reference_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
