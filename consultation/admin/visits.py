"""Visits and observed concerns in the supervisor's admin."""

from datetime import timedelta

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultation import services
from consultation.admin.base import EstimatedCountPaginator, ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import ConsultantFilter, VoidedFilter
from consultation.admin.versions import VersionedAdmin
from consultation.admin.voiding import VoidActionMixin
from consultation.models import GoalProgress, ObservedConcern, Visit
from consultation.rules import no_contact_days
from core.dates import local_today


class ObservedConcernInline(ReadOnlyInline):
    model = ObservedConcern
    fields = ("child", "concern_item", "frequency", "notes")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("child", "concern_item")


class GoalProgressInline(ReadOnlyInline):
    model = GoalProgress
    fk_name = "visit"
    fields = ("goal", "recorded_on", "rating", "note")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("goal__practice_area")


class RecentVisitFilter(admin.SimpleListFilter):
    """Visits of the last N days: the no-contact period, or a quarter."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            (str(days), _("Last %(days)s days") % {"days": days})
            for days in sorted({no_contact_days(), 90})
        ]

    def queryset(self, request, queryset):
        days = {value for value, _ in self.lookup_choices}
        if self.value() in days:
            since = local_today() - timedelta(days=int(self.value()))
            return queryset.filter(visit_date__gte=since)
        return queryset


@admin.register(Visit)
class VisitAdmin(VoidActionMixin, VersionedAdmin):
    paginator = EstimatedCountPaginator  # no full COUNT(*) of a huge table per page
    list_display = (
        "visit_date",
        "site",
        "consultant",
        "case_focus",
        "duration_minutes",
        "mode",
        "is_archived",
    )
    list_select_related = ("site", "consultant", "case")
    list_filter = (ConsultantFilter, RecentVisitFilter, "mode", VoidedFilter)
    search_fields = ("site__name", "site__licence_number")
    date_hierarchy = "visit_date"
    fields = (
        "case",
        "site",
        "consultant",
        "visit_date",
        "start_time",
        "duration_minutes",
        "mode",
        "activities",
        "classrooms",
        "children",
        "shared_notes",
        "notes",
        "next_steps",
        "next_visit_date",
        "is_archived",
        "void_reason",
        "voided_at",
        "voided_by",
        "version",
    )
    # The date, length and who was there feed the reports and the age-band checks: they are
    # corrected in the consultant pages, through visit_log's rules. Notes may be tidied here.
    readonly_fields = (
        "case",
        "site",
        "consultant",
        "visit_date",
        "start_time",
        "duration_minutes",
        "activities",
        "classrooms",
        "children",
        "is_archived",
        "void_reason",
        "voided_at",
        "voided_by",
    )
    inlines = (ObservedConcernInline, GoalProgressInline)
    actions = ("void_visits",)

    @admin.display(description="case", ordering="case__focus")
    def case_focus(self, visit):
        return visit.case.get_focus_display() if visit.case_id else "site visit"

    def selected_line(self, visit) -> str:
        return f"{visit.visit_date:%Y-%m-%d} at {visit.site.name}, {visit.consultant}"

    @admin.action(description=_("Void selected visits (logged in error)"), permissions=["change"])
    def void_visits(self, request, queryset):
        return self.void_selected(
            request,
            queryset,
            void=lambda visit, **how: services.visit_void(visit=visit, **how),
            label=_("Why are these visits voided?"),
            failed=_("No visit was voided."),
            done=lambda n: ngettext("Voided %(n)s visit.", "Voided %(n)s visits.", n) % {"n": n},
            title=_("Void visits"),
            action="void_visits",
            template="visit/void.html",
        )


@admin.register(ObservedConcern)
class ObservedConcernAdmin(ScopedAdmin):
    paginator = EstimatedCountPaginator  # no full COUNT(*) of a huge table per page
    list_display = ("child_initials", "concern_item", "frequency", "visit_date", "site")
    list_select_related = ("child", "concern_item", "visit__site")
    list_filter = ("frequency", "concern_item__age_band", "concern_item__prompts_crisis_lines")
    search_fields = ("visit__site__name", "concern_item__text")
    fields = ("visit", "child", "concern_item", "frequency", "notes")
    readonly_fields = ("visit", "child", "concern_item")

    @admin.display(description="child")
    def child_initials(self, concern):
        return concern.child.initials

    @admin.display(description="visit date", ordering="visit__visit_date")
    def visit_date(self, concern):
        return concern.visit.visit_date

    @admin.display(description="site", ordering="visit__site__name")
    def site(self, concern):
        return concern.visit.site
