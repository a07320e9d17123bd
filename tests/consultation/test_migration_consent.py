"""Consent typed before consent records (a date and a giver on the child, and on each referral)
becomes consent records, losing nothing: on PostgreSQL and SQLite, from a database of the old
shape, with the child's consent history, the referral's link, and the family's consent kept on
a referral about no child."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from consultation.models import Child, Consent
from referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)

OLD_SHAPE = [
    ("consultation", "0007_visit_day"),
    ("referrals", "0003_report_and_follow_up_indexes"),
]
GIVEN, CORRECTED = date(2025, 9, 1), date(2025, 9, 3)


def build_old_records(apps) -> dict:
    """A child with consent (typed, then corrected), a referral about that child, a family
    referral in a program case, and a child archived without a reason."""
    user = apps.get_model("accounts", "User").objects.create(
        username="old-ana", role="consultant", uuid=uuid4()
    )
    county = apps.get_model("consultation", "County").objects.order_by("pk").first()
    site = apps.get_model("consultation", "Site").objects.create(
        name="Old Oak", site_type="centre", county=county, uuid=uuid4()
    )
    room = apps.get_model("consultation", "Classroom").objects.create(
        site=site, name="Robins", age_group="preschool", uuid=uuid4()
    )
    child = _child_with_consent_history(apps, room, user)
    archived = apps.get_model("consultation", "Child").objects.create(
        classroom=room,
        first_name="Ben",
        last_initial="K",
        date_of_birth=date(2022, 1, 1),
        is_archived=True,
        archived_at=timezone.now(),
        uuid=uuid4(),
    )
    return {
        "user": user.pk,
        "child": child.pk,
        "archived": archived.pk,
        **_old_referrals(apps, site, child, user),
    }


def _child_with_consent_history(apps, room, user):
    child = apps.get_model("consultation", "Child").objects.create(
        classroom=room,
        first_name="Ava",
        last_initial="L",
        date_of_birth=date(2022, 3, 4),
        consent_date=CORRECTED,
        consent_given_by="mother",
        uuid=uuid4(),
    )
    history = apps.get_model("consultation", "HistoricalChild")
    for when, (given, by) in enumerate([(GIVEN, "mom"), (CORRECTED, "mother")]):
        history.objects.create(
            id=child.pk,
            uuid=child.uuid,
            first_name="Ava",
            last_initial="L",
            date_of_birth=child.date_of_birth,
            classroom_id=room.pk,
            consent_date=given,
            consent_given_by=by,
            is_archived=False,
            created_at=timezone.now(),
            updated_at=timezone.now(),
            history_date=timezone.now() + timedelta(seconds=when),
            history_type="+" if when == 0 else "~",
            history_user_id=user.pk,
        )
    return child


def _old_referrals(apps, site, child, user) -> dict:
    Case = apps.get_model("consultation", "ConsultationCase")
    child_case = Case.objects.create(
        focus="child", site=site, classroom=child.classroom, child=child, consultant=user,
        opened_on=date(2025, 9, 10), reason="Biting", uuid=uuid4(),
    )  # fmt: skip
    program_case = Case.objects.create(
        focus="program", site=site, consultant=user, opened_on=date(2025, 9, 10),
        reason="Routines", uuid=uuid4(),
    )  # fmt: skip
    agency = apps.get_model("referrals", "Agency").objects.order_by("pk").first()
    service = agency.service_types.order_by("pk").first()
    Referral = apps.get_model("referrals", "Referral")
    about_child = Referral.objects.create(
        case=child_case, child=child, service_type=service, agency=agency, reason="Help",
        consent_date=date(2025, 10, 1), consent_given_by="father", status="sent",
        sent_on=date(2025, 10, 2), created_by=user, uuid=uuid4(),
    )  # fmt: skip
    family = Referral.objects.create(
        case=program_case, service_type=service, agency=agency, reason="Family support",
        consent_date=date(2025, 10, 5), consent_given_by="aunt (guardian)", status="sent",
        sent_on=date(2025, 10, 6), created_by=user, uuid=uuid4(),
    )  # fmt: skip
    return {"about_child": about_child.pk, "family": family.pk, "agency": agency.pk}


def test_old_consent_fields_become_consent_records_losing_nothing():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(OLD_SHAPE)
    old = build_old_records(executor.loader.project_state(OLD_SHAPE).apps)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    child = Child.objects.get(pk=old["child"])
    consultation = Consent.objects.get(child=child, covers_consultation=True)
    assert (consultation.given_on, consultation.given_by) == (CORRECTED, "mother")
    assert consultation.relationship == Consent.Relationship.NOT_RECORDED
    assert consultation.recorded_by_id == old["user"]
    versions = list(
        consultation.history.order_by("history_date").values_list("given_on", "given_by")
    )
    assert versions == [(GIVEN, "mom"), (CORRECTED, "mother")]  # the typo and its fix

    about_child = Referral.objects.get(pk=old["about_child"])
    sharing = about_child.consent
    assert (sharing.child, sharing.given_on, sharing.given_by) == (
        child,
        date(2025, 10, 1),
        "father",
    )
    assert sharing.covers_sharing and sharing.sharing_agency_id == old["agency"]
    assert about_child.consent_date is None and about_child.consent_given_by == ""

    family = Referral.objects.get(pk=old["family"])
    assert (family.consent_date, family.consent_given_by) == (date(2025, 10, 5), "aunt (guardian)")
    assert family.consent is None

    assert Child.objects.get(pk=old["archived"]).archive_reason  # says none was kept
