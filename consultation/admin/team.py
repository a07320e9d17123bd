"""The team caseload a supervisor reviews: a page of its own inside the admin."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from consultation.rules import no_contact_days
from consultation.selectors import TEAM_CASELOAD_ORDERINGS, team_caseload
from core.dates import local_today
from referrals.selectors import overdue_follow_ups_by_consultant


def columns() -> tuple[tuple[str, str, str | None, dict[str, str]], ...]:
    """Column key, heading, and the filters of the cases (or visits) changelist it links to."""
    days = no_contact_days()
    return (
        ("open_cases", "Open cases", "case", {"status": "open"}),
        ("recent_visits", f"Visits ({days} days)", "visit", {"when": str(days)}),
        ("recent_minutes", f"Hours ({days} days)", "visit", {"when": str(days)}),
        ("no_recent_contact", f"No visit in {days} days", "case", {"contact": "none"}),
        ("overdue_referrals", "Overdue referral follow-ups", "case", {"followup": "overdue"}),
        ("oldest_open_on", "Oldest open case", None, {}),
    )


class TeamCaseloadView(View):
    """One row per consultant the user reviews; every figure links to the records behind it."""

    admin = None  # the ConsultationCaseAdmin that serves this page

    def get(self, request):
        if not self.admin.has_view_permission(request):
            raise PermissionDenied
        order = request.GET.get("o", "name")
        today = local_today()
        consultants = team_caseload(
            request.user,
            today=today,
            order=order,
            more=[overdue_follow_ups_by_consultant(today=today)],
        )
        case_list = reverse("admin:consultation_consultationcase_changelist")
        visit_list = reverse("admin:consultation_visit_changelist")
        # One reverse() for every "oldest open case" link: the case's pk goes in its place.
        case_change = reverse("admin:consultation_consultationcase_change", args=[0])
        case_change_head, case_change_tail = case_change.rsplit("/0/", 1)
        table = columns()
        rows = []
        for consultant in consultants:
            cells = []
            for key, _, target, params in table:
                value = getattr(consultant, key)
                if key == "recent_minutes":
                    shown = f"{value / 60:.1f}"
                else:
                    shown = value if value is not None else "none"
                if target is None:
                    pk = consultant.oldest_open_pk
                    url = f"{case_change_head}/{pk}/{case_change_tail}" if pk else ""
                else:
                    base = case_list if target == "case" else visit_list
                    url = f"{base}?{urlencode({'consultant': consultant.pk, **params})}"
                cells.append({"value": shown, "url": url})
            rows.append({"consultant": consultant, "cells": cells})
        current = order if order.removeprefix("-") in TEAM_CASELOAD_ORDERINGS else "name"
        headers = [
            _header("name", "Consultant", current),
            *(_header(key, label, current) for key, label, _, _ in table),
        ]
        context = {
            **self.admin.admin_site.each_context(request),
            "title": "Team caseload",
            "opts": self.admin.model._meta,
            "headers": headers,
            "rows": rows,
        }
        return TemplateResponse(
            request, "admin/consultation/consultationcase/team_caseload.html", context
        )


def _header(key: str, label: str, current: str) -> dict:
    """A sortable column heading: a click sorts by it, a second click reverses the order."""
    active = current.removeprefix("-") == key
    descending = current.startswith("-")
    next_order = key if active and descending else f"-{key}" if active else key
    if not active and key != "name":
        next_order = f"-{key}"  # figures: biggest first on the first click
    return {
        "label": label,
        "url": f"?{urlencode({'o': next_order})}",
        "sorted": "descending" if active and descending else "ascending" if active else "",
    }
