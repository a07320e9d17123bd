"""My caseload: open cases with their flags, a page at a time."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from consultation import selectors
from core.dates import local_today
from core.http import AuthenticatedRequest
from core.pagination import page_of
from core.permissions import can_edit
from referrals.selectors import overdue_follow_up


@require_safe
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    today = local_today()
    # Whether a referral follow-up is overdue comes in the caseload's own query.
    cases = selectors.caseload_values(user, overdue=overdue_follow_up(today=today))
    page = page_of(request, cases)
    rows = selectors.caseload_rows(page.object_list, today=today)
    if page.paginator.num_pages == 1:
        flagged_count = sum(1 for row in rows if row.flagged)
    else:  # the count of cases that need attention covers every page
        flagged_count = selectors.caseload_flagged_count(cases, today=today)
    return render(
        request,
        "consultation/caseload.html",
        {
            "rows": rows,
            "page": page,
            "today": today,
            "flagged_count": flagged_count,
            "no_contact_days": settings.NO_CONTACT_DAYS,
            "can_edit": can_edit(user),
            "show_consultant": not user.is_consultant,
            "drafts": list(selectors.drafts_of(user)) if user.is_consultant else [],
            "measures": selectors.measures_due_for(user, today=today),
            "follow_ups": selectors.follow_ups_to_answer(user, today=today),
        },
    )
