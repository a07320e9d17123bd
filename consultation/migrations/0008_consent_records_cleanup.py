"""Consent becomes a record of its own (part 3 of 3): the child's single consent date and giver,
now copied into consent records, leave the child; an archived child keeps why."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("consultation", "0008_consent_records_data")]

    operations = [
        migrations.RemoveConstraint(
            model_name="child",
            name="child_consent_date_and_giver_together",
        ),
        migrations.RemoveField(
            model_name="child",
            name="consent_date",
        ),
        migrations.RemoveField(
            model_name="child",
            name="consent_given_by",
        ),
        migrations.RemoveField(
            model_name="historicalchild",
            name="consent_date",
        ),
        migrations.RemoveField(
            model_name="historicalchild",
            name="consent_given_by",
        ),
        migrations.AddConstraint(
            model_name="child",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("archive_reason", ""), ("is_archived", False)),
                    models.Q(
                        ("is_archived", True), models.Q(("archive_reason", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="child_archived_with_a_reason",
            ),
        ),
    ]
