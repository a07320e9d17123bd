"""Access follows the case. Until now a reassignment added the new consultant to the site's list
and left the previous one on it, so that they kept the site's children for good. A site's
consultants are now those assigned to it plus those with an open case there (core.scope); this
takes off the lists the consultants who were moved off a case at a site (a case's history names
them, and the case is someone else's now) and hold no open case there. Nothing else is
changed: a consultant on a site's list for any other reason stays on it."""

from django.db import migrations

OPEN = ("intake", "active")  # ConsultationCase.Status, as this migration found it


def left_by_reassignment(apps) -> set[tuple[int, int]]:
    """(site, consultant) pairs of the consultants a case was reassigned away from."""
    Case = apps.get_model("consultation", "ConsultationCase")
    History = apps.get_model("consultation", "HistoricalConsultationCase")
    current = dict(Case.objects.values_list("pk", "consultant_id"))
    held = History.objects.values_list("id", "site_id", "consultant_id").distinct()
    return {
        (site, consultant)
        for case, site, consultant in held.iterator()
        if current.get(case) not in (None, consultant)
    }


def take_off_left_consultants(apps, schema_editor):
    Case = apps.get_model("consultation", "ConsultationCase")
    Site = apps.get_model("consultation", "Site")
    open_pairs = set(
        Case.objects.filter(is_archived=False, status__in=OPEN).values_list(
            "site_id", "consultant_id"
        )
    )
    Assignment = Site.consultants.through
    for site, consultant in left_by_reassignment(apps) - open_pairs:
        Assignment.objects.filter(site_id=site, user_id=consultant).delete()


class Migration(migrations.Migration):
    dependencies = [("consultation", "0008_consent_records_permissions")]

    operations = [
        # Taken off is taken off: going back does not put anyone back on a list.
        migrations.RunPython(take_off_left_consultants, migrations.RunPython.noop),
    ]
