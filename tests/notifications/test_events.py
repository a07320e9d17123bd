"""Each event's notification: who gets it, what the email says (never a child's name or
initials), the limits (once per concern, once a day, once per stretch without contact), and the
email choices."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.models import Notification, NotificationPreference
from accounts.notify import notify
from consultation import services
from consultation.services import ConcernInput
from consultation.services.notify import notify_no_contact
from referrals.notify import notify_follow_ups_overdue
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConsultantFactory,
    ReferralFactory,
    SupervisorFactory,
    VisitFactory,
    concern_item,
    today,
)
from tests.notifications.helpers import names_in_mail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://iecmh.example"


@pytest.fixture
def team():
    supervisor = SupervisorFactory(email="sup@example.test")
    consultant = ConsultantFactory(supervisor=supervisor, email="con@example.test")
    return supervisor, consultant


def log_visit(case, concerns, **extra):
    return services.visit_log(
        consultant=case.consultant,
        case=case,
        visit_date=today() - timedelta(days=1),
        start_time=time(9, 0),
        duration_minutes=60,
        mode="on_site",
        children=[case.child],
        concerns=concerns,
        **extra,
    )


def crisis_concern(case):
    return ConcernInput(
        child=case.child,
        concern_item=concern_item("preschool", crisis=True),
        frequency="often",
        notes=f"{case.child.first_name} hit a peer",
    )


# Crisis concern ---------------------------------------------------------------------------------


def test_crisis_concern_notifies_the_supervisor_at_once_by_email(
    team, django_capture_on_commit_callbacks
):
    supervisor, consultant = team
    case = CaseFactory(consultant=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        result = log_visit(case, [crisis_concern(case)])
    notification = Notification.objects.get()
    assert notification.recipient == supervisor
    assert notification.kind == Notification.Kind.CRISIS
    assert notification.link == result.visit.get_absolute_url()
    assert case.site.name in notification.text
    assert [m.to for m in mail.outbox] == [["sup@example.test"]]
    assert case.site.name in mail.outbox[0].body
    assert f"https://iecmh.example{result.visit.get_absolute_url()}" in mail.outbox[0].body
    assert names_in_mail() == []
    # Nor the concern's free notes, nor the concern itself (in the app only).
    assert "hit a peer" not in mail.outbox[0].body
    assert notification.detail.startswith("Concern: ")


def test_an_ordinary_concern_notifies_nobody(team):
    case = CaseFactory(consultant=team[1])
    concern = ConcernInput(case.child, concern_item("preschool"), "once")
    log_visit(case, [concern])
    assert not Notification.objects.exists()


def test_editing_a_visit_that_keeps_its_crisis_concern_notifies_nobody_again(team):
    case = CaseFactory(consultant=team[1])
    result = log_visit(case, [crisis_concern(case)])
    visit = result.visit
    log_visit(case, [crisis_concern(case)], visit=visit, expected_version=visit.version)
    assert Notification.objects.count() == 1


def test_crisis_email_can_be_turned_off_but_the_notification_stays(
    team, django_capture_on_commit_callbacks
):
    supervisor, consultant = team
    NotificationPreference.objects.create(user=supervisor, kind="crisis", email=False)
    case = CaseFactory(consultant=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        log_visit(case, [crisis_concern(case)])
    assert Notification.objects.filter(recipient=supervisor).count() == 1
    assert mail.outbox == []


# Overdue follow-up ----------------------------------------------------------------------------


def overdue_referral(consultant):
    referral = ReferralFactory(case=CaseFactory(consultant=consultant))
    referral.status = "sent"
    referral.sent_on = today() - timedelta(days=20)
    referral.follow_up_due = today() - timedelta(days=2)
    referral.save()
    return referral


def test_overdue_follow_up_notifies_the_consultant_once_a_day(
    team, django_capture_on_commit_callbacks
):
    supervisor, consultant = team
    first, second = overdue_referral(consultant), overdue_referral(consultant)
    NotificationPreference.objects.create(user=consultant, kind="follow_up_overdue", email=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_follow_ups_overdue(today=today()) == 1
        assert notify_follow_ups_overdue(today=today()) == 0  # the same day: nothing more
    notification = Notification.objects.get()
    assert notification.recipient == consultant
    assert notification.text.startswith("2 referral follow-up(s) overdue, at ")
    assert first.case.site.name in notification.text and second.case.site.name in notification.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["con@example.test"]
    assert names_in_mail() == []
    # The next day, another (still overdue).
    assert notify_follow_ups_overdue(today=today() + timedelta(days=1)) == 1


def test_overdue_follow_up_is_not_emailed_by_default(team, django_capture_on_commit_callbacks):
    overdue_referral(team[1])
    with django_capture_on_commit_callbacks(execute=True):
        notify_follow_ups_overdue(today=today())
    assert Notification.objects.filter(recipient=team[1]).count() == 1
    assert mail.outbox == []


# No contact -------------------------------------------------------------------------------------


def test_no_contact_notifies_the_consultant_then_a_week_later_the_supervisor(team):
    supervisor, consultant = team
    case = CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=60))
    VisitFactory(case=case, visit_date=today() - timedelta(days=31))
    assert notify_no_contact(today=today()) == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [consultant.pk]
    assert notify_no_contact(today=today()) == 0  # once per stretch without contact
    # A week after the consultant heard: the supervisor too, once.
    assert notify_no_contact(today=today() + timedelta(days=7)) == 1
    assert Notification.objects.filter(recipient=supervisor).count() == 1
    assert notify_no_contact(today=today() + timedelta(days=8)) == 0


def test_a_case_visited_within_the_days_notifies_nobody(team):
    case = CaseFactory(consultant=team[1], opened_on=today() - timedelta(days=60))
    VisitFactory(case=case, visit_date=today() - timedelta(days=29))
    assert notify_no_contact(today=today()) == 0


def test_notify_due_runs_both_rules_and_is_idempotent_within_the_day(
    team, django_capture_on_commit_callbacks
):
    supervisor, consultant = team
    NotificationPreference.objects.create(user=consultant, kind="no_contact", email=True)
    CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=60))
    overdue_referral(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_due", stdout=None)
        call_command("notify_due", stdout=None)
    kinds = sorted(Notification.objects.values_list("recipient__username", "kind"))
    # The open case without a visit for 60 days: the consultant and (a week past) the supervisor;
    # the referral's case is open too and has no visit: one more each.
    assert kinds.count((consultant.username, "follow_up_overdue")) == 1
    assert kinds.count((consultant.username, "no_contact")) == 2
    assert kinds.count((supervisor.username, "no_contact")) == 2
    assert len(mail.outbox) == 2  # the consultant's two no-contact emails; nothing twice
    assert names_in_mail() == []


# Reassignment -----------------------------------------------------------------------------------


def test_reassignment_notifies_the_new_consultant_with_the_reason(
    team, django_capture_on_commit_callbacks
):
    supervisor, consultant = team
    newcomer = ConsultantFactory(supervisor=supervisor, email="new@example.test")
    NotificationPreference.objects.create(user=newcomer, kind="reassigned", email=True)
    child = ChildFactory(first_name="Zoltan")
    case = CaseFactory(consultant=consultant, child=child)
    reason = "Zoltan's family asked for a Spanish-speaking consultant"
    with django_capture_on_commit_callbacks(execute=True):
        services.case_reassign(case=case, to_consultant=newcomer, by=supervisor, reason=reason)
    notification = Notification.objects.get()
    assert notification.recipient == newcomer
    assert notification.detail == f"Reason: {reason}"
    assert case.site.name in notification.text
    assert case.history.latest().reassignment_reason == reason
    # The reason is typed free text: in the app only, never in the email.
    assert mail.outbox[0].to == ["new@example.test"]
    assert "Spanish" not in mail.outbox[0].body
    assert names_in_mail() == []


def test_reassignment_without_a_reason_is_refused(team):
    supervisor, consultant = team
    case = CaseFactory(consultant=consultant)
    other = ConsultantFactory(supervisor=supervisor)
    with pytest.raises(ValidationError, match="Say why"):
        services.case_reassign(case=case, to_consultant=other, by=supervisor, reason="  ")
    case.refresh_from_db()
    assert case.consultant == consultant
    assert not Notification.objects.exists()


def test_an_inactive_person_or_one_without_an_address_gets_no_email(
    team, django_capture_on_commit_callbacks
):
    supervisor, consultant = team
    consultant.email = ""
    consultant.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=consultant, kind="crisis", text="t", link="/")
    assert mail.outbox == []
