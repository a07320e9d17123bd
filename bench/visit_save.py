"""Saving a visit: the POST of a typical visit (2 children, 3 concerns, 4 activities, progress
on an open goal, a new goal, notes), timed against the floor. Each save runs in a transaction
that is rolled back, so the bench leaves no visit behind (and skips the COMMIT's flush)."""

from __future__ import annotations

import uuid

from bench.common import Page, Subjects, client_for, median, percentile, time_requests


def typical_visit(case) -> dict:
    """The form a consultant posts for a typical visit to `case`, today."""
    from consultation.ages import age_band_on
    from consultation.models import Activity, ConcernItem, PracticeArea, PyramidTier
    from core.dates import local_today

    today = local_today()
    children = _two_children(case, today)
    data: dict = {
        "visit-visit_date": today.isoformat(),
        "visit-start_time": "09:30",
        "visit-duration_minutes": "60",
        "visit-mode": "on_site",
        "visit-same_day_confirmed": "on",
        "visit-activities": [
            str(pk) for pk in Activity.objects.filter(is_active=True).values_list("pk", flat=True)
        ][:4],
        "visit-children": [str(child.pk) for child in children],
        "visit-classrooms": sorted({str(child.classroom_id) for child in children}),
        "visit-shared_notes": "Teacher used the visual schedule at both transitions.",
        "visit-notes": "Follow up with the director about staffing.",
        "visit-next_steps": "Model first-then language at clean-up.",
        "newgoal-TOTAL_FORMS": "1",
        "newgoal-INITIAL_FORMS": "0",
        "newgoal-MIN_NUM_FORMS": "0",
        "newgoal-MAX_NUM_FORMS": "10",
        "newgoal-0-tier": str(PyramidTier.objects.order_by("pk").values_list("pk", flat=True)[0]),
        "newgoal-0-practice_area": str(
            PracticeArea.objects.order_by("pk").values_list("pk", flat=True)[0]
        ),
        "newgoal-0-description": "Name feelings during circle time",
    }
    for child, count in zip(children, (2, 1), strict=False):
        band = age_band_on(child.date_of_birth, today)
        items = ConcernItem.objects.filter(
            age_band=band, is_active=True, prompts_crisis_lines=False
        )
        for item in items.order_by("pk")[:count]:
            data[f"concern-{child.pk}-{item.pk}-observed"] = "on"
            data[f"concern-{child.pk}-{item.pk}-frequency"] = "sometimes"
    goal = case.goals.filter(status__in=["open", "in_progress"]).order_by("pk").first()
    if goal is not None:
        data[f"goal-{goal.pk}-rating"] = "3"
        data[f"goal-{goal.pk}-note"] = "Used the schedule twice"
    return data


def _two_children(case, today) -> list:
    """The case's own child or its classroom's children, then the site's: the first two under
    five (old enough children have no checklist)."""
    from consultation.ages import age_in_months
    from consultation.models import Child

    children = Child.objects.filter(classroom__site=case.site_id, is_archived=False)
    if case.classroom_id:
        children = children.filter(classroom=case.classroom_id)
    picked = [case.child] if case.child_id else []
    for child in children.order_by("pk"):
        if len(picked) == 2:
            break
        if child not in picked and age_in_months(child.date_of_birth, today) < 60:
            picked.append(child)
    return picked


def save_row(name: str, page: Page, floor_median: float, requests: int) -> list:
    """One line of the pages table for the save: median, p95, ratio to the floor."""
    from django.db import transaction

    client = client_for(page.user)
    data = typical_visit(page.case)

    def save():
        with transaction.atomic():
            response = client.post(page.url, {**data, "visit-token": str(uuid.uuid4())})
            transaction.set_rollback(True)
        response.status_code = 200 if response.status_code == 302 else response.status_code
        return response

    times, errors = time_requests(save, requests)
    page_median = median(times)
    return [
        name,
        f"{page_median * 1000:.1f}",
        f"{percentile(times, 95) * 1000:.1f}",
        f"{page_median / floor_median:.2f}",
        "",
        "",
        "",
        len(times),
        errors,
    ]


def save_page(s: Subjects) -> Page | None:
    from django.urls import reverse

    case = s.busy_site_cases.get("classroom")
    if case is None:
        return None
    return Page(
        "save a typical visit (POST), 73-child site, classroom case",
        case.consultant,
        f"{reverse('consultation:visit_create')}?case={case.uuid}",
        case=case,
    )
