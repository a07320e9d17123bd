"""Consent becomes a record of its own (part 2 of 3): each child's consent date and giver is
copied into a consent record covering consultation, with a history rebuilt from the child's own
(every value it had, when and by whom), so nothing typed before is lost. The relationship was
never asked: it reads "not recorded". An archived child gets a reason saying none was kept."""

from collections import defaultdict
from uuid import uuid4

from django.db import migrations
from django.utils import timezone

COPIED = "copied from the child's record when consent records began"


def _consent_versions(HistoricalChild) -> dict[int, list[dict]]:
    """Each child's consent values in the order they were saved, repeats left out."""
    versions: dict[int, list[dict]] = defaultdict(list)
    rows = (
        HistoricalChild.objects.exclude(consent_date=None)
        .order_by("id", "history_date", "history_id")
        .values("id", "consent_date", "consent_given_by", "history_date", "history_user_id")
    )
    for row in rows.iterator(chunk_size=5000):
        kept = versions[row["id"]]
        value = (row["consent_date"], row["consent_given_by"])
        if not kept or (kept[-1]["consent_date"], kept[-1]["consent_given_by"]) != value:
            kept.append(row)
    return versions


def copy_consent_into_records(apps, schema_editor):
    Child = apps.get_model("consultation", "Child")
    Consent = apps.get_model("consultation", "Consent")
    HistoricalChild = apps.get_model("consultation", "HistoricalChild")
    HistoricalConsent = apps.get_model("consultation", "HistoricalConsent")
    versions = _consent_versions(HistoricalChild)
    now = timezone.now()
    children = Child.objects.exclude(consent_date=None).order_by("pk")
    batch: list = []
    for child in children.values("pk", "consent_date", "consent_given_by").iterator(
        chunk_size=5000
    ):
        batch.append(child)
        if len(batch) == 2000:
            _copy(batch, versions, Consent, HistoricalConsent, now)
            batch = []
    if batch:
        _copy(batch, versions, Consent, HistoricalConsent, now)
    Child.objects.filter(is_archived=True, archive_reason="").update(
        archive_reason="Archived before reasons were kept."
    )


def _copy(children, versions, Consent, HistoricalConsent, now) -> None:
    consents = Consent.objects.bulk_create(
        [
            Consent(
                uuid=uuid4(),
                child_id=child["pk"],
                given_by=child["consent_given_by"],
                relationship="not_recorded",
                given_on=child["consent_date"],
                covers_consultation=True,
                method="written",
                recorded_by_id=(versions.get(child["pk"]) or [{}])[0].get("history_user_id"),
                created_at=now,
                updated_at=now,
            )
            for child in children
        ]
    )
    history = []
    for consent in consents:
        past = versions.get(consent.child_id) or [
            {
                "consent_date": consent.given_on,
                "consent_given_by": consent.given_by,
                "history_date": now,
                "history_user_id": None,
            }
        ]
        for index, version in enumerate(past):
            history.append(
                HistoricalConsent(
                    id=consent.pk,
                    uuid=consent.uuid,
                    child_id=consent.child_id,
                    given_by=version["consent_given_by"],
                    relationship="not_recorded",
                    given_on=version["consent_date"],
                    covers_consultation=True,
                    covers_sharing=False,
                    method="written",
                    document="",
                    revoked_reported_by="",
                    recorded_by_id=consent.recorded_by_id,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    history_date=version["history_date"],
                    history_type="+" if index == 0 else "~",
                    history_user_id=version["history_user_id"],
                    history_change_reason=COPIED,
                )
            )
    HistoricalConsent.objects.bulk_create(history, batch_size=2000)


def copy_consent_back(apps, schema_editor):
    """Undo: the child's consent fields hold the consultation consent again."""
    Child = apps.get_model("consultation", "Child")
    Consent = apps.get_model("consultation", "Consent")
    for consent in Consent.objects.filter(covers_consultation=True).order_by("given_on", "pk"):
        Child.objects.filter(pk=consent.child_id, consent_date=None).update(
            consent_date=consent.given_on, consent_given_by=consent.given_by
        )
    Consent.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("consultation", "0008_consent_records")]

    operations = [migrations.RunPython(copy_consent_into_records, copy_consent_back)]
