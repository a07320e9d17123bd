"""Referrals and consent records (part 3 of 3): only a referral naming no child keeps a consent
of its own (the family's, for that referral)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_consent_records_data")]

    operations = [
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("consent_date__isnull", True), ("consent_given_by", "")),
                    models.Q(
                        ("child__isnull", True),
                        ("consent_date__isnull", False),
                        models.Q(("consent_given_by", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="referral_family_consent_only_without_a_child",
            ),
        ),
    ]
