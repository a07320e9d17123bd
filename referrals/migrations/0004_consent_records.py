"""Referrals and consent records (part 1 of 3): a referral names the consent it was sent under;
the rules that read the referral's own consent fields leave the database (the service applies
the one consent rule)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0008_consent_records_cleanup"),
        ("referrals", "0003_report_and_follow_up_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="referral",
            name="referral_leaves_draft_only_with_consent",
        ),
        migrations.RemoveConstraint(
            model_name="referral",
            name="referral_sent_not_before_consent",
        ),
        migrations.AddField(
            model_name="historicalreferral",
            name="consent",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="consultation.consent",
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="consent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="consultation.consent",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreferral",
            name="consent_date",
            field=models.DateField(
                blank=True,
                help_text="Only for a referral that names no child.",
                null=True,
                verbose_name="family consent date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreferral",
            name="consent_given_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="family consent given by"
            ),
        ),
        migrations.AlterField(
            model_name="referral",
            name="consent_date",
            field=models.DateField(
                blank=True,
                help_text="Only for a referral that names no child.",
                null=True,
                verbose_name="family consent date",
            ),
        ),
        migrations.AlterField(
            model_name="referral",
            name="consent_given_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="family consent given by"
            ),
        ),
    ]
