"""Trainings delivered to childcare staff, in the supervisor's admin: the team's trainings
(another team's do not exist: 404), filtered by topic, held in person or virtually, county and
voided; a training recorded in error is voided here with a reason. They are recorded and
corrected on the consultant pages, through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultation import services
from consultation.admin.base import ScopedAdmin
from consultation.admin.filters import ConsultantFilter, CountyInScopeFilter, VoidedFilter
from consultation.admin.voiding import VoidActionMixin
from consultation.models import Training


class TrainingVoidedFilter(VoidedFilter):
    """Trainings: current by default; voided ones on request."""

    flag = "is_void"


@admin.register(Training)
class TrainingAdmin(VoidActionMixin, ScopedAdmin):
    # Who and the figures first, the topic (a long name that wraps) last.
    list_display = (
        "delivered_on",
        "consultant",
        "is_void",
        "staff",
        "minutes",
        "mode",
        "topic",
        "site_count",
    )
    list_select_related = ("topic", "consultant")
    list_filter = (
        ConsultantFilter,
        "topic",
        "mode",
        ("sites__county", CountyInScopeFilter),
        TrainingVoidedFilter,
    )
    search_fields = ("topic__name", "sites__name")
    date_hierarchy = "delivered_on"
    fields = (
        "delivered_on",
        "minutes",
        "topic",
        "mode",
        "sites",
        "teachers",
        "directors",
        "other_staff",
        "attendee_names",
        "consultant",
        "is_void",
        "void_reason",
        "voided_at",
        "voided_by",
    )
    readonly_fields = fields
    actions = ("void_trainings",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sites")

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # corrected on the consultant pages, through the services

    def has_void_permission(self, request) -> bool:
        """Supervisors (their team's) and superusers void; program leads read only."""
        return not request.user.is_program_lead and self.has_view_permission(request)

    @admin.display(description=_("sites"))
    def site_count(self, training):
        return len(training.sites.all())  # prefetched; the names are on the training's page

    @admin.display(description=_("staff"))
    def staff(self, training):
        return training.staff_reached

    def selected_line(self, training) -> str:
        return f"{training.delivered_on:%Y-%m-%d}: {training.topic}, {training.consultant}"

    @admin.action(
        description=_("Void selected trainings (recorded in error)"), permissions=["void"]
    )
    def void_trainings(self, request, queryset):
        return self.void_selected(
            request,
            queryset,
            void=lambda training, **how: services.training_void(training=training, **how),
            label=_("Why are these trainings voided?"),
            failed=_("No training was voided."),
            done=lambda n: (
                ngettext("Voided %(n)s training.", "Voided %(n)s trainings.", n) % {"n": n}
            ),
            title=_("Void trainings"),
            action="void_trainings",
            template="training/void.html",
        )
