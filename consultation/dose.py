"""The dose of consultation a case receives, against the target for its focus.

Targets are a setting, settings.DOSE_TARGETS: {focus: (hours, weeks)}, for example a
child-focused case: 10 hours in 6 weeks (Maine ECCP). A case's hours are the durations of its
live visits (voided visits do not count), whoever logged them; its weeks open run from the day
it opened to today, or to the day it closed. A case met the dose when its hours reached the
target hours; the weeks are the planned length, shown beside them on the case.

Classroom and meeting time (settings.DOSE_CLASSROOM_ACTIVITIES): a visit on site with a
classroom activity is classroom time; virtual and phone visits, and on-site visits with other
activities only, are meeting time."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Sum

from consultation.models import ConsultationCase, Visit


def dose_target(focus: str) -> tuple[float, int] | None:
    """(hours, weeks) for a focus, or None when the setting names no target for it."""
    target = settings.DOSE_TARGETS.get(focus)
    return (float(target[0]), int(target[1])) if target else None


def dose_met(minutes: int | None, focus: str) -> bool | None:
    """Whether a case's visits reached its focus's target hours (None: no target)."""
    target = dose_target(focus)
    if target is None:
        return None
    return (minutes or 0) >= target[0] * 60


def classroom_activities() -> list[str]:
    return list(settings.DOSE_CLASSROOM_ACTIVITIES)


@dataclass(frozen=True)
class CaseDose:
    minutes: int
    weeks_open: int
    target_hours: float | None
    target_weeks: int | None

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def met(self) -> bool:
        return self.target_hours is not None and self.minutes >= self.target_hours * 60

    @property
    def percent(self) -> int:
        """Hours as a share of the target, 0 to 100 (for the bar)."""
        if not self.target_hours:
            return 0
        return min(100, round(100 * self.minutes / (self.target_hours * 60)))

    @property
    def past_target_weeks(self) -> bool:
        return self.target_weeks is not None and self.weeks_open > self.target_weeks


def case_dose(case: ConsultationCase, today: date) -> CaseDose:
    """The case's hours to date and weeks open against its focus's target: one query."""
    minutes = Visit.objects.filter(case=case, is_archived=False).aggregate(
        minutes=Sum("duration_minutes")
    )["minutes"]
    target = dose_target(case.focus)
    return CaseDose(
        minutes=minutes or 0,
        weeks_open=max(0, case.days_open(today)) // 7,
        target_hours=target[0] if target else None,
        target_weeks=target[1] if target else None,
    )
