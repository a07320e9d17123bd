"""Referrals and consent records (part 2 of 3): the consent typed on a referral about a child
(the one it names, else its case's child) becomes that child's consent record for sharing with
the referral's agency, and the referral names it. A referral naming no child, in a case about no
one child, keeps the family's consent on itself. The referral's own history keeps what it held."""

from uuid import uuid4

from django.db import migrations
from django.utils import timezone

COPIED = "copied from a referral when consent records began"


def move_referral_consent(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Consent = apps.get_model("consultation", "Consent")
    HistoricalConsent = apps.get_model("consultation", "HistoricalConsent")
    referrals = [
        referral
        for referral in Referral.objects.exclude(consent_date=None).select_related("case")
        if referral.child_id or referral.case.child_id
    ]
    now = timezone.now()
    consents: dict[tuple, object] = {}
    for referral in referrals:
        key = _key(referral)
        if key not in consents:
            consents[key] = Consent(
                uuid=uuid4(),
                child_id=key[0],
                given_by=referral.consent_given_by,
                relationship="not_recorded",
                given_on=referral.consent_date,
                covers_sharing=True,
                sharing_agency_id=referral.agency_id,
                method="written",
                recorded_by_id=referral.created_by_id,
                created_at=now,
                updated_at=now,
            )
    Consent.objects.bulk_create(list(consents.values()), batch_size=2000)
    HistoricalConsent.objects.bulk_create(
        [_history(HistoricalConsent, consent, now) for consent in consents.values()],
        batch_size=2000,
    )
    for referral in referrals:
        referral.consent = consents[_key(referral)]
        referral.consent_date, referral.consent_given_by = None, ""
    Referral.objects.bulk_update(
        referrals, ["consent", "consent_date", "consent_given_by"], batch_size=2000
    )


def _key(referral) -> tuple:
    child_id = referral.child_id or referral.case.child_id
    return (child_id, referral.consent_date, referral.consent_given_by, referral.agency_id)


def _history(HistoricalConsent, consent, now):
    return HistoricalConsent(
        id=consent.pk,
        uuid=consent.uuid,
        child_id=consent.child_id,
        given_by=consent.given_by,
        relationship="not_recorded",
        given_on=consent.given_on,
        covers_consultation=False,
        covers_sharing=True,
        sharing_agency_id=consent.sharing_agency_id,
        method="written",
        document="",
        revoked_reported_by="",
        recorded_by_id=consent.recorded_by_id,
        version=1,
        created_at=now,
        updated_at=now,
        history_date=now,
        history_type="+",
        history_change_reason=COPIED,
    )


def move_referral_consent_back(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    for referral in Referral.objects.exclude(consent=None).select_related("consent"):
        Referral.objects.filter(pk=referral.pk).update(
            consent_date=referral.consent.given_on,
            consent_given_by=referral.consent.given_by,
            consent=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_consent_records"),
        ("consultation", "0008_consent_records_cleanup"),
    ]

    operations = [migrations.RunPython(move_referral_consent, move_referral_consent_back)]
