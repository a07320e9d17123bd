"""Placement follow-ups in the admin: a supervisor lists the team's unanswered ones that are due.
Scheduled by closing a case, answered by its consultant: nothing to edit here."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultation.admin.base import ScopedAdmin
from consultation.admin.filters import ConsultantFilter, OneChoiceFilter
from consultation.models import PlacementFollowUp
from core.dates import local_today


class FollowUpConsultantFilter(ConsultantFilter):
    consultant_field = "case__consultant"


class UnansweredFilter(OneChoiceFilter):
    title = _("unanswered")
    parameter_name = "unanswered"
    choice = ("due", _("Due and not answered"))

    def matching(self) -> Q:
        return Q(answer="", due_on__lte=local_today())


@admin.register(PlacementFollowUp)
class PlacementFollowUpAdmin(ScopedAdmin):
    list_display = ("case", "consultant", "days_after", "due_on", "answer", "answered_on")
    list_select_related = ("case__site", "case__consultant", "case__child")
    list_filter = (UnansweredFilter, FollowUpConsultantFilter, "days_after", "answer")
    fields = (
        "case",
        "child",
        "days_after",
        "due_on",
        "answer",
        "why",
        "answered_on",
        "answered_by",
    )
    readonly_fields = fields

    @admin.display(description="consultant")
    def consultant(self, obj: PlacementFollowUp) -> str:
        return str(obj.case.consultant)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # answered on the caseload, through the service
