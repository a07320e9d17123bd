"""The demo flags only some cases "needs attention", each for a reason it was built to show:
when every case was flagged, the flag meant nothing."""

import pytest
from django.core.management import call_command

from accounts.models import User
from consultation import selectors
from core.dates import local_today
from referrals.selectors import overdue_follow_up

pytestmark = pytest.mark.django_db


def test_demo_flags_a_few_cases_each_for_a_reason(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    today = local_today()
    lead = User.objects.get(username="lee")
    cases = list(selectors.caseload_values(lead, overdue=overdue_follow_up(today=today)))
    rows = selectors.caseload_rows(cases, today=today)
    flagged = [row for row in rows if row.flagged]
    assert len(rows) == 13  # 15 cases, 2 closed
    assert 2 <= len(flagged) <= 4, [row.flags for row in flagged]
    # Each kind of flag shows at least once, so the demo explains them all.
    assert any(row.flags.no_recent_visit for row in flagged)
    assert any(row.flags.planned_visit_passed and not row.flags.no_recent_visit for row in flagged)
    assert any(row.flags.overdue_referral for row in flagged)
    # Every consultant has cases that need nothing.
    calm = {row.consultant_name for row in rows if not row.flagged}
    assert len(calm) == 3
