"""Synthetic requests for consultation (intake): one behind every case, others declined, not
served or waiting; realistic delays and sources; removed with the rest by --flush."""

from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command

from consultation.models import ConsultationCase, Intake, IntakeStep
from core.business_days import business_days_between

pytestmark = pytest.mark.django_db

S = Intake.Status


@pytest.fixture
def generated():
    call_command(
        "generate_synthetic", "--scale", "small", "--seed", "5", "--today", "2026-06-30",
        stdout=StringIO(),
    )  # fmt: skip


def test_every_case_has_the_request_it_was_opened_from(generated):
    cases = ConsultationCase.objects.count()
    opened = Intake.objects.filter(status=S.CASE_OPENED)
    assert opened.count() == cases
    assert not opened.filter(case__isnull=True).exists()
    for intake in opened.select_related("case")[:200]:
        case = intake.case
        assert intake.site_id == case.site_id
        assert intake.child_id == case.child_id
        assert intake.received_on <= intake.contacted_on <= intake.assigned_on <= case.opened_on
        assert intake.assigned_to_id == case.consultant_id


def test_requests_that_were_not_served_and_the_waitlist_exist(generated):
    statuses = Counter(Intake.objects.values_list("status", flat=True))
    assert statuses[S.DECLINED] > 0 and statuses[S.NOT_SERVED] > 0
    ended = Intake.objects.filter(status__in=(S.DECLINED, S.NOT_SERVED))
    assert not ended.filter(end_reason="").exists()
    assert IntakeStep.objects.filter(step=S.WAITLISTED).exists()
    assert len(set(Intake.objects.values_list("source", flat=True))) >= 5


def test_steps_are_dated_in_order_and_end_in_the_status(generated):
    steps = defaultdict(list)
    for intake_id, step, on in IntakeStep.objects.order_by("pk").values_list(
        "intake_id", "step", "on"
    ):
        steps[intake_id].append((step, on))
    for intake in Intake.objects.all():
        mine = steps[intake.pk]
        assert mine[0] == (S.RECEIVED, intake.received_on)
        assert [on for _, on in mine] == sorted(on for _, on in mine)
        assert mine[-1][0] == intake.status


def test_most_first_contacts_are_within_the_standard_and_some_are_late(generated):
    days = [
        business_days_between(received, contacted)
        for received, contacted in Intake.objects.filter(contacted_on__isnull=False).values_list(
            "received_on", "contacted_on"
        )
    ]
    within = sum(d <= 2 for d in days) / len(days)
    assert 0.6 < within < 0.95


def test_flush_removes_the_requests(generated):
    call_command("generate_synthetic", "--flush-only", stdout=StringIO())
    assert not Intake.objects.exists()
    assert not IntakeStep.objects.exists()


def test_the_demo_has_a_request_behind_every_case_and_others(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # twice: one copy
    assert Intake.objects.filter(status=S.CASE_OPENED).count() == ConsultationCase.objects.count()
    statuses = Counter(Intake.objects.values_list("status", flat=True))
    assert statuses[S.DECLINED] and statuses[S.NOT_SERVED] and statuses[S.WAITLISTED]
    assert statuses[S.RECEIVED] == 2
    for intake in Intake.objects.filter(status=S.CASE_OPENED).select_related("case"):
        assert intake.received_on <= intake.contacted_on <= intake.case.opened_on
        assert intake.child_id == intake.case.child_id
