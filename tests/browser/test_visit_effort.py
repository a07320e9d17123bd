"""What a typical visit costs the consultant: 2 children, 3 concerns, 4 activities, progress on
a goal, a new goal and notes, logged on a tablet-sized screen and counted in taps and
keystrokes as a person would make them.

The seconds are modelled, not timed (speed is never a unit test's pass mark): a tap is 1.1 s
(find the control, reach, touch) and a keystroke on a tablet's keyboard 0.35 s (about 34 words
a minute), after the keystroke-level model. The test prints the tally for the closing note and
fails if the visit stops fitting in two minutes or the taps creep up."""

from dataclasses import dataclass, field

import pytest

from consultation.models import GoalProgress, PyramidGoal, Visit
from tests.browser.checks import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECONDS_PER_TAP = 1.1
SECONDS_PER_KEYSTROKE = 0.35
TABLET = {"width": 768, "height": 1024}

# What the consultant types: a typical visit's text, neither terse nor long.
TEXT = {
    "progress note": "Used it before nap twice",
    "goal": "Name feelings at circle time",
    "shared": "Ms. Rivera used the visual schedule at both transitions; great follow-through.",
    "private": "Director mentioned staffing gaps in December.",
    "next steps": "Model first-then language at clean-up.",
}


@dataclass
class Effort:
    """Every touch and key the visit took, done through the page as a person would."""

    page: object
    taps: int = 0
    keystrokes: int = 0
    steps: list[str] = field(default_factory=list)

    def tap(self, locator, why: str) -> None:
        locator.click()
        self.taps += 1
        self.steps.append(f"tap: {why}")

    def type(self, locator, text: str, why: str) -> None:
        self.tap(locator, why)
        self.page.keyboard.type(text)
        self.keystrokes += len(text)

    def choose(self, select, value: str, why: str) -> None:
        """A select on a touch screen: one tap opens the list, one picks."""
        select.select_option(value)
        self.taps += 2
        self.steps.append(f"choose (2 taps): {why}")

    @property
    def seconds(self) -> float:
        return self.taps * SECONDS_PER_TAP + self.keystrokes * SECONDS_PER_KEYSTROKE


def log_a_typical_visit(page, effort: Effort) -> None:
    form = page.locator("#visit-form")
    effort.tap(form.get_by_role("button", name="60", exact=True), "duration 60 min")
    for activity in ("Classroom observation", "Teacher coaching", "Modelling", "Goal setting"):
        effort.tap(form.get_by_label(activity, exact=True), activity)
    omar = page.locator(".child-section", has_text="Omar D.")
    ivy = page.locator(".child-section", has_text="Ivy B.")
    effort.tap(form.get_by_label("Omar D.", exact=True), "Omar involved")
    effort.tap(form.get_by_label("Ivy B.", exact=True), "Ivy involved")
    # Choosing how often a concern was seen ticks it.
    for child, item, often in (
        (omar, "Has trouble making friends", "often"),
        (omar, "Withdrawn, sad or fearful", "sometimes"),
        (ivy, None, "once"),
    ):
        frequency = (
            child.get_by_label(f"How often: {item}")
            if item
            else child.locator("select[name$='-frequency']").first
        )
        effort.choose(frequency, often, f"concern seen {often}")
    progress = page.locator("#progress-section")
    effort.choose(progress.get_by_label("Progress", exact=True), "4", "goal progress 4")
    effort.type(progress.get_by_label("Progress note"), TEXT["progress note"], "progress note")
    goals = page.locator("#new-goals-section")
    effort.choose(goals.get_by_label("Pyramid tier"), index_value(goals, "tier"), "new goal tier")
    effort.choose(
        goals.get_by_label("Practice area"), index_value(goals, "practice_area"), "practice area"
    )
    effort.type(goals.get_by_label("Description"), TEXT["goal"], "new goal")
    effort.type(form.get_by_label("Notes shared with the provider"), TEXT["shared"], "shared")
    effort.type(form.get_by_label("Private case notes"), TEXT["private"], "private notes")
    effort.type(form.get_by_label("Next steps"), TEXT["next steps"], "next steps")
    effort.tap(form.get_by_role("button", name="in 2 weeks"), "next visit in 2 weeks")
    effort.tap(form.get_by_role("button", name="Save", exact=True), "save")
    page.wait_for_url("**/visits/*/")


def index_value(section, name: str) -> str:
    """The value of the first real option of the new goal's `name` select."""
    return section.locator(f"select[name='newgoal-0-{name}'] option").nth(1).get_attribute("value")


def test_a_typical_visit_takes_under_two_minutes_on_a_tablet(page, anas_case, capsys):
    page.set_viewport_size(TABLET)
    page.goto("/")
    login(page, "ana")
    page.goto(f"/visits/new/?case={anas_case.uuid}")
    effort = Effort(page)
    log_a_typical_visit(page, effort)

    visit = Visit.objects.get(case=anas_case)
    assert visit.duration_minutes == 60
    assert (visit.children.count(), visit.concerns.count(), visit.activities.count()) == (2, 3, 4)
    assert GoalProgress.objects.get(visit=visit).rating == 4
    assert PyramidGoal.objects.get(visit=visit).description == TEXT["goal"]
    assert visit.next_visit_date is not None and visit.shared_notes == TEXT["shared"]
    with capsys.disabled():
        print(
            f"\ntypical visit: {effort.taps} taps, {effort.keystrokes} keystrokes, "
            f"about {effort.seconds:.0f} s for a person ({SECONDS_PER_TAP} s a tap, "
            f"{SECONDS_PER_KEYSTROKE} s a keystroke)"
        )
    assert effort.taps <= 26, effort.steps
    assert effort.seconds < 120
