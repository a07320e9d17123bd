"""Requests for consultation (intake) in the admin, for supervisors: their queue's requests
listed, filtered and searched, each with its dated steps. Read only: a step is taken on the
request's own page (consultation:intake_step), through the intake services, so the admin links
there and edits nothing itself.

The scope is the intake queue's (selectors.intake.intakes_visible_to): a supervisor sees their
team's requests and the unassigned ones in the team's counties; program leads and superusers
all. A request outside it does not exist (404, base.NotFoundOutsideQueryset)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext, gettext_lazy

from consultation.admin.base import ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import CountyInScopeFilter
from consultation.models import Intake, IntakeStep
from consultation.selectors.intake import intake_queue, intakes_visible_to, standing
from consultation.services.intake import intake_next_steps
from consultation.views.intake import STEP_SLUGS
from core.dates import local_today


class PastStandardFilter(admin.SimpleListFilter):
    """Open requests past a response standard, as the intake queue marks them (its rule)."""

    title = gettext_lazy("past the standard")
    parameter_name = "past_standard"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Past the standard"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        late = [
            row.intake.pk for row in intake_queue(request.user, local_today()) if row.standing.late
        ]
        return queryset.filter(pk__in=late)


class IntakeStepInline(ReadOnlyInline):
    """Every dated step of the request, kept as it was recorded."""

    model = IntakeStep
    fields = ("step", "on", "consultant", "note", "recorded_by", "created_at")
    show_change_link = False  # a step has no page of its own
    verbose_name = gettext_lazy("step")
    verbose_name_plural = gettext_lazy("steps")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultant", "recorded_by")


@admin.register(Intake)
class IntakeAdmin(ScopedAdmin):
    list_display = (
        "received_on",
        "site",
        "county",
        "subject",
        "risk",
        "status",
        "assigned_to",
        "past_standard",
    )
    list_select_related = ("site__county", "classroom", "child", "assigned_to")
    list_filter = (
        "status",
        "expulsion_risk",
        PastStandardFilter,
        ("site__county", CountyInScopeFilter),
    )
    search_fields = ("site__name", "classroom__name", "reason")
    search_help_text = gettext_lazy("Site, classroom or what was asked.")
    inlines = (IntakeStepInline,)
    fields = (
        "received_on",
        "source",
        "site",
        "classroom",
        "child",
        "reason_category",
        "reason",
        "expulsion_risk",
        "status",
        "contacted_on",
        "assigned_to",
        "assigned_on",
        "waitlisted_on",
        "ended_on",
        "end_reason",
        "case",
        "recorded_by",
    )
    readonly_fields = fields

    def scoped_queryset(self, request):
        return intakes_visible_to(request.user)

    def get_fields(self, request, obj=None):
        return (*self.fields, self._next_steps_field(request))

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    # Read only: steps are taken through the intake services, on the request's own pages.
    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("county"), ordering="site__county__name")
    def county(self, intake: Intake) -> str:
        return intake.site.county.name

    @admin.display(description=gettext_lazy("child or classroom"))
    def subject(self, intake: Intake) -> str:
        return intake.subject_label

    @admin.display(description=gettext_lazy("expulsion risk"), boolean=True)
    def risk(self, intake: Intake) -> bool:
        return intake.expulsion_risk

    @admin.display(description=gettext_lazy("past the standard"), boolean=True)
    def past_standard(self, intake: Intake) -> bool | None:
        if not intake.is_open:
            return None
        return standing(intake, local_today()).late

    def _next_steps_field(self, request):
        """The steps this user may take now, as links to their pages: a function of the record
        that knows the user, made once per request (the form and its fields must name the same
        one)."""
        made = getattr(request, "_intake_next_steps", None)
        if made is not None:
            return made

        @admin.display(description=gettext_lazy("next steps"))
        def next_steps(intake: Intake) -> str:
            steps = [s for s in intake_next_steps(request.user, intake) if s in STEP_SLUGS]
            if not steps:
                return gettext("None for you on this request.")
            links = (
                (
                    reverse("consultation:intake_step", args=[intake.uuid, STEP_SLUGS[s]]),
                    Intake.Status(s).label,
                )
                for s in steps
            )
            return format_html_join(" · ", '<a href="{}">{}</a>', links)

        request._intake_next_steps = next_steps
        return next_steps
