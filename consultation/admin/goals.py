"""Pyramid Model goals and their progress notes in the supervisor's admin."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultation.admin.base import EstimatedCountPaginator, ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import ConsultantFilter, OneChoiceFilter
from consultation.models import GoalProgress, PyramidGoal


class GoalStatusOpenFilter(OneChoiceFilter):
    title = _("open")
    parameter_name = "open"
    choice = ("yes", _("Open (not started or in progress)"))

    def matching(self) -> Q:
        return Q(status__in=PyramidGoal.OPEN_STATUSES)


class GoalProgressOfGoalInline(ReadOnlyInline):
    model = GoalProgress
    fk_name = "goal"
    fields = ("recorded_on", "rating", "note")


class CaseConsultantFilter(ConsultantFilter):
    consultant_field = "case__consultant"


@admin.register(PyramidGoal)
class PyramidGoalAdmin(ScopedAdmin):
    list_display = (
        "practice_area",
        "tier",
        "site",
        "consultant",
        "set_on",
        "target_date",
        "status",
    )
    list_select_related = ("practice_area", "tier", "case__site", "case__consultant")
    list_filter = (
        CaseConsultantFilter,
        "status",
        GoalStatusOpenFilter,
        "tier",
        "practice_area",
    )
    search_fields = ("description", "set_with", "case__site__name")
    fields = (
        "case",
        "tier",
        "practice_area",
        "description",
        "set_with",
        "set_on",
        "target_date",
        "status",
    )
    readonly_fields = ("case", "set_on")
    inlines = (GoalProgressOfGoalInline,)

    @admin.display(description="site", ordering="case__site__name")
    def site(self, goal):
        return goal.case.site

    @admin.display(description="consultant", ordering="case__consultant")
    def consultant(self, goal):
        return goal.case.consultant


@admin.register(GoalProgress)
class GoalProgressAdmin(ScopedAdmin):
    paginator = EstimatedCountPaginator  # no full COUNT(*) of a huge table per page
    list_display = ("recorded_on", "goal", "rating", "site")
    list_select_related = ("goal__practice_area", "visit__site")
    list_filter = ("rating",)
    search_fields = ("goal__description", "visit__site__name", "note")
    fields = ("goal", "visit", "recorded_on", "rating", "note")
    readonly_fields = ("goal", "visit", "recorded_on")

    @admin.display(description="site", ordering="visit__site__name")
    def site(self, progress):
        return progress.visit.site
