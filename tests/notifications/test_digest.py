"""The weekly digest: its figures from a team worked out by hand, sent once a week however often
the command runs, a failed send tried again on the next run, and no child named."""

import logging
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from accounts.models import DigestSent, NotificationPreference
from consultation.models import MeasureDue, VisitDraft
from reports.digest import digest_for, iso_week
from reports.digest_send import digests_send
from tests.factories import (
    CaseFactory,
    ConsultantFactory,
    ReferralFactory,
    SupervisorFactory,
    VisitFactory,
    instrument,
    today,
)
from tests.notifications.helpers import names_in_mail

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):
        raise SMTPException("451 try again later")


def referral(case, *, due_in_days: int):
    made = ReferralFactory(case=case)
    made.status = "sent"
    made.sent_on = today() - timedelta(days=20)
    made.follow_up_due = today() + timedelta(days=due_in_days)
    made.save()
    return made


def draft(case, *, days_old: int):
    made = VisitDraft.objects.create(consultant=case.consultant, case=case, data={})
    VisitDraft.objects.filter(pk=made.pk).update(
        updated_at=timezone.now() - timedelta(days=days_old)
    )


def measure(case, *, point: str, due_in_days: int):
    MeasureDue.objects.create(
        case=case,
        instrument=instrument("perm"),
        point=point,
        due_by=today() + timedelta(days=due_in_days),
    )


@pytest.fixture
def hand_worked_team():
    """Sue's team, by hand:

    | consultant | no contact | follow-ups overdue | stale drafts | measures due | overdue |
    | Amy        | 1 (quiet)  | 1 (of 2 referrals) | 1 (of 1)     | 1            | 1       |
    | Bob        | 1 (new)    | 0                  | 0 (2 days)   | 0            | 1       |
    | total      | 2          | 1                  | 1            | 1            | 2       |

    Not counted: Amy's archived case without a visit, and Cal, who is on another team."""
    sue = SupervisorFactory(email="sue@example.test")
    amy = ConsultantFactory(supervisor=sue, first_name="Amy", last_name="A", email="a@x.test")
    bob = ConsultantFactory(supervisor=sue, first_name="Bob", last_name="B", email="b@x.test")
    cal = ConsultantFactory(first_name="Cal", last_name="C", email="c@x.test")

    quiet = CaseFactory(consultant=amy, opened_on=today() - timedelta(days=60))
    seen = CaseFactory(consultant=amy, opened_on=today() - timedelta(days=60))
    VisitFactory(case=seen, visit_date=today() - timedelta(days=5))
    CaseFactory(consultant=amy, opened_on=today() - timedelta(days=60), is_archived=True)
    referral(seen, due_in_days=-2)
    referral(seen, due_in_days=3)
    draft(seen, days_old=10)
    measure(seen, point="baseline", due_in_days=5)
    measure(quiet, point="baseline", due_in_days=-3)

    new = CaseFactory(consultant=bob, opened_on=today() - timedelta(days=40))
    draft(new, days_old=2)
    measure(new, point="baseline", due_in_days=-1)

    CaseFactory(consultant=cal, opened_on=today() - timedelta(days=60))
    return {"sue": sue, "amy": amy, "bob": bob, "cal": cal}


def test_digest_figures_match_the_hand_worked_team(hand_worked_team):
    digest = digest_for(hand_worked_team["sue"], today=today())
    assert digest.totals == {
        "no_contact": 2,
        "overdue_follow_ups": 1,
        "stale_drafts": 1,
        "measures_due": 1,
        "measures_overdue": 2,
    }
    by_name = {line.consultant: list(line.figures.values()) for line in digest.lines}
    assert by_name == {"Amy A": [1, 1, 1, 1, 1], "Bob B": [1, 0, 0, 0, 1]}


def test_the_digest_is_sent_once_a_week_however_often_it_runs(hand_worked_team, settings):
    settings.SITE_URL = "https://iecmh.example"
    call_command("send_digests", stdout=None)
    call_command("send_digests", stdout=None)
    assert [m.to for m in mail.outbox] == [["sue@example.test"]]
    body = mail.outbox[0].body
    assert "Open cases with no visit in 30 days: 2" in body
    assert "Referral follow-ups overdue: 1" in body
    assert "Visit drafts not saved for over a week: 1" in body
    assert "Measures due (not yet past their date): 1" in body
    assert "Measures overdue: 2" in body
    assert "- Amy A: 1 / 1 / 1 / 1 / 1" in body
    assert "https://iecmh.example/admin/consultation/consultationcase/?contact=none" in body
    assert "Cal" not in body
    assert names_in_mail() == []
    sent = DigestSent.objects.get()
    assert (sent.recipient, sent.week, sent.attempts) == (
        hand_worked_team["sue"],
        iso_week(today()),
        0,
    )
    assert sent.sent_at is not None


def test_a_consultant_who_opts_in_gets_their_own(hand_worked_team):
    amy = hand_worked_team["amy"]
    NotificationPreference.objects.create(user=amy, kind="digest", email=True)
    digests_send(today=today())
    mine = [m for m in mail.outbox if m.to == ["a@x.test"]]
    assert len(mine) == 1 and len(mail.outbox) == 2
    assert "Open cases with no visit in 30 days: 1" in mine[0].body
    assert "Bob" not in mine[0].body
    assert names_in_mail() == []


def test_a_supervisor_who_opts_out_gets_none(hand_worked_team):
    NotificationPreference.objects.create(user=hand_worked_team["sue"], kind="digest", email=False)
    run = digests_send(today=today())
    assert mail.outbox == [] and run.sent == []


def test_a_failed_send_is_logged_kept_and_sent_on_the_next_run(hand_worked_team, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with caplog.at_level(logging.WARNING, logger="reports.digest_send"):
        run = digests_send(today=today())
    assert run.failed == [hand_worked_team["sue"].username]
    assert "not sent; retried next run" in caplog.text
    failed = DigestSent.objects.get()
    assert failed.sent_at is None and failed.attempts == 1
    assert "451 try again later" in failed.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send(today=today()).sent == [hand_worked_team["sue"].username]
    assert digests_send(today=today()).sent == []
    assert len(mail.outbox) == 1
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.last_error == ""


def test_a_week_left_unsent_goes_out_with_the_next_weeks_in_one_email(hand_worked_team, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    digests_send(today=today())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    next_week = today() + timedelta(days=7)
    digests_send(today=next_week)
    assert len(mail.outbox) == 1
    weeks = set(DigestSent.objects.filter(sent_at__isnull=False).values_list("week", flat=True))
    assert weeks == {iso_week(today()), iso_week(next_week)}
