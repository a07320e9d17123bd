"""The setting of the visit page's tests: a case at a site with children of three age bands,
and the form a consultant would post."""

from datetime import timedelta

from django.urls import reverse

from consultation.models import GoalProgress, ObservedConcern, Visit
from tests.factories import (
    concern_item,
    today,
)


def url_for(case):
    return f"{reverse('consultation:visit_create')}?case={case.uuid}"


def form_data(s, **overrides):
    preschool_item = concern_item("preschool")
    toddler_item = concern_item("toddler")
    data = {
        "visit-visit_date": today().isoformat(),
        "visit-start_time": "09:30",
        "visit-duration_minutes": "75",
        "visit-mode": Visit.Mode.ON_SITE,
        "visit-classrooms": [str(s["preschooler"].classroom.pk)],
        "visit-children": [str(s["preschooler"].pk), str(s["toddler"].pk)],
        "visit-notes": "Circle time observed; transitions hard for Z.",
        "visit-next_steps": "Model the visual schedule.",
        "visit-next_visit_date": (today() + timedelta(days=7)).isoformat(),
        f"concern-{s['preschooler'].pk}-{preschool_item.pk}-observed": "on",
        f"concern-{s['preschooler'].pk}-{preschool_item.pk}-frequency": "often",
        f"concern-{s['preschooler'].pk}-{preschool_item.pk}-notes": "At every transition",
        f"concern-{s['toddler'].pk}-{toddler_item.pk}-observed": "on",
        f"concern-{s['toddler'].pk}-{toddler_item.pk}-frequency": "once",
        f"goal-{s['goal'].pk}-rating": "3",
        f"goal-{s['goal'].pk}-note": "Teacher used the schedule twice",
        "newgoal-TOTAL_FORMS": "2",
        "newgoal-INITIAL_FORMS": "0",
        "newgoal-MIN_NUM_FORMS": "0",
        "newgoal-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def assert_nothing_saved() -> None:
    assert not Visit.objects.exists()
    assert not ObservedConcern.objects.exists()
    assert not GoalProgress.objects.exists()
