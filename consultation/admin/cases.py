"""The supervisor's review of cases: the changelist with its figures and filters, reassignment,
closure, archive, CSV export, and each case's history. Writes go through the same services the
consultant pages use."""

import csv
import re

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_list import result_headers
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultation import services
from consultation.admin.base import FormActionMixin, ReadOnlyInline, archive_each
from consultation.admin.case_actions import CSV_COLUMNS, CloseForm, ReassignForm
from consultation.admin.case_rows import CaseChangeList, case_flags, case_result_rows
from consultation.admin.closure_signoff import ClosureRequestedFilter, ClosureSignOffActions
from consultation.admin.filters import (
    ArchivedFilter,
    CaseStatusFilter,
    ConsultantFilter,
    CountyInScopeFilter,
    NoRecentVisitFilter,
    OverdueReferralFilter,
    year_or_month_choices,
)
from consultation.admin.team import TeamCaseloadView
from consultation.admin.versions import VersionedAdmin
from consultation.models import ConsultationCase, PyramidGoal, Visit
from consultation.selectors import (
    access_after_reassigning,
    consultants_visible_to,
    with_review_figures,
)
from core.cells import safe_cell
from core.dates import local_today
from referrals.selectors import case_referral_figures, referral_rows


class CaseVisitInline(ReadOnlyInline):
    model = Visit
    fields = ("visit_date", "consultant", "duration_minutes", "mode", "is_archived")
    ordering = ("-visit_date", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultant", "site")


class CaseGoalInline(ReadOnlyInline):
    model = PyramidGoal
    fields = ("practice_area", "tier", "description", "target_date", "status")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("practice_area", "tier")


@admin.register(ConsultationCase)
class ConsultationCaseAdmin(ClosureSignOffActions, FormActionMixin, VersionedAdmin):
    list_display = (
        "case_label",
        "consultant",
        "site",
        "county",
        "focus",
        "status",
        "opened_on",
        "days_open",
        "last_visit",
        "visits",
        "hours_last_90",
        "open_referrals",
        "flags",
    )
    list_select_related = ("consultant", "site__county", "child", "classroom")
    list_filter = (
        ConsultantFilter,
        ("site__county", CountyInScopeFilter),
        CaseStatusFilter,
        "focus",
        NoRecentVisitFilter,
        OverdueReferralFilter,
        "at_risk_of_expulsion",
        ArchivedFilter,
        ClosureRequestedFilter,
    )
    search_fields = ("site__name", "site__licence_number")
    search_help_text = "Site name, licence number, or a child's initials (e.g. K.M.)."
    date_hierarchy = "opened_on"
    fields = (
        "focus",
        "site",
        "classroom",
        "child",
        "consultant",
        "opened_on",
        "reason",
        "at_risk_of_expulsion",
        "status",
        "closed_on",
        "closure_reason",
        "placement_at_closure",
        "closure_note",
        "closure_requested_on",
        "requested_closure_reason",
        "requested_placement",
        "requested_closure_note",
        "closure_return_comment",
        "is_archived",
        "version",
        "referral_list",
        "reassignment_reason",
    )
    # Who holds the case and whether it is open change through the actions (and their services).
    readonly_fields = (
        "focus",
        "site",
        "classroom",
        "child",
        "consultant",
        "opened_on",
        "status",
        "closed_on",
        "closure_reason",
        "placement_at_closure",
        "closure_requested_on",
        "requested_closure_reason",
        "requested_placement",
        "requested_closure_note",
        "closure_return_comment",
        "is_archived",
        "referral_list",
        "reassignment_reason",
    )
    inlines = (CaseVisitInline, CaseGoalInline)
    actions = (
        "reassign_cases",
        "close_cases",
        "export_csv",
        "archive_cases",
        "approve_closures",
        "return_closures",
    )

    def get_queryset(self, request):
        today = local_today()
        cases = with_review_figures(super().get_queryset(request), today=today)
        return cases.annotate(**case_referral_figures(today=today))

    def get_changelist(self, request, **kwargs):
        return CaseChangeList

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if cl is None:  # a redirect, an action's page or an error
            return response
        response.context_data["date_nav"] = year_or_month_choices(cl)
        rows = case_result_rows(self, cl)
        if rows is not None:
            # What Django's {% result_list %} would hand its template, with the rows prebuilt.
            headers = list(result_headers(cl))
            response.context_data.update(
                result_hidden_fields=[],
                result_headers=headers,
                num_sorted_fields=sum(1 for h in headers if h["sortable"] and h["sorted"]),
                results=rows,
            )
        return response

    def get_urls(self):
        team_view = self.admin_site.admin_view(TeamCaseloadView.as_view(admin=self))
        return [
            path("team-caseload/", team_view, name="consultation_team_caseload"),
            *super().get_urls(),
        ]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        letters = re.sub(r"[\s.]", "", search_term)
        if len(letters) == 2 and letters.isalpha():  # a child's initials, e.g. "K.M." or "km"
            results = results | queryset.filter(
                child__first_name__istartswith=letters[0],
                child__last_initial__istartswith=letters[1],
            )
        return results, may_have_duplicates

    def selected_line(self, case) -> str:
        status = case.get_status_display().lower()
        return (
            f"{case.get_focus_display()}: {case.subject_label} at {case.site.name}, "
            f"{case.consultant}, opened {case.opened_on:%Y-%m-%d} ({status})"
        )

    @admin.display(description="referrals")
    def referral_list(self, case):
        """The case's referrals, each linked to its own page of the admin."""
        rows = referral_rows(case)
        if not rows:
            return "none"
        return format_html(
            '<ul class="referral-list">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}{}</li>',
                (
                    (
                        reverse("admin:referrals_referral_change", args=[row.pk]),
                        row.service,
                        row.status,
                        f", follow-up due {row.follow_up_due:%Y-%m-%d}"
                        if row.follow_up_due
                        else "",
                    )
                    for row in rows
                ),
            ),
        )

    # Columns -----------------------------------------------------------------------------------

    @admin.display(description="case", ordering="pk")
    def case_label(self, case):
        return f"{case.get_focus_display()}: {case.subject_label}"

    @admin.display(description="county", ordering="site__county__name")
    def county(self, case):
        return case.site.county

    @admin.display(description="days open", ordering="-opened_on")
    def days_open(self, case):
        return case.days_open(local_today())

    @admin.display(description="last visit", ordering="last_visit_on", empty_value="none")
    def last_visit(self, case):
        return case.last_visit_on

    @admin.display(description="visits", ordering="visit_count")
    def visits(self, case):
        return case.visit_count

    @admin.display(description="hours (90 days)", ordering="minutes_last_90")
    def hours_last_90(self, case):
        return f"{case.minutes_last_90 / 60:.1f}"

    @admin.display(description="open referrals", ordering="open_referral_count")
    def open_referrals(self, case):
        flag = " (follow-up overdue)" if case.has_overdue_referral else ""
        return f"{case.open_referral_count}{flag}"

    @admin.display(description="flags")
    def flags(self, case):
        return format_html_join(
            "", '<span class="case-flag">{}</span>', ((flag,) for flag in case_flags(case))
        )

    # Actions -----------------------------------------------------------------------------------

    @admin.action(
        description=_("Reassign selected cases to another consultant"), permissions=["change"]
    )
    def reassign_cases(self, request, queryset):
        consultants = consultants_visible_to(request.user).filter(is_active=True)
        access = access_after_reassigning(queryset.select_related("consultant", "site"))
        form = ReassignForm(
            request.POST if "apply" in request.POST else None, consultants=consultants
        )
        if "apply" in request.POST and not form.is_valid() and "to_consultant" in form.errors:
            self.message_user(
                request,
                gettext(
                    "Choose a consultant of your own team: cases are not reassigned across teams."
                ),
                messages.ERROR,
            )
        return self.form_action(
            request,
            queryset,
            form=form,
            apply=lambda data: services.cases_reassign(
                cases=list(queryset),
                to_consultant=data["to_consultant"],
                by=request.user,
                reason=data["reason"],
            ),
            failed=_("No case was reassigned."),
            done=lambda data: " ".join(
                [
                    gettext("Reassigned %(n)s case(s) to %(consultant)s.")
                    % {"n": len(queryset), "consultant": data["to_consultant"]}
                ]
                + [str(a) for a in access if a.consultant != data["to_consultant"]]
            ),
            title=_("Reassign cases"),
            action="reassign_cases",
            template="consultationcase/reassign.html",
            notes=[str(a) for a in access],
        )

    @admin.action(description=_("Close selected cases"), permissions=["change"])
    def close_cases(self, request, queryset):
        needs_placement = queryset.filter(focus=ConsultationCase.Focus.CHILD).exists()
        form = CloseForm(
            request.POST if "apply" in request.POST else None,
            needs_placement=needs_placement,
            initial={"closed_on": local_today()},
        )
        return self.form_action(
            request,
            queryset,
            form=form,
            apply=lambda data: services.cases_close(
                cases=list(queryset),
                closure_reason=data["closure_reason"],
                closed_on=data["closed_on"] or None,
                placement_at_closure=data["placement_at_closure"],
                closure_note=data["closure_note"],
            ),
            failed=_("No case was closed."),
            done=lambda data: gettext("Closed %(n)s case(s).") % {"n": len(queryset)},
            title=_("Close cases"),
            action="close_cases",
            template="consultationcase/close.html",
        )

    @admin.action(description=_("Export selected cases as CSV (no names)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = local_today().isoformat()
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow([name for name, _ in CSV_COLUMNS])
        for case in queryset.order_by("opened_on", "pk"):
            writer.writerow([safe_cell(value(case)) for _, value in CSV_COLUMNS])
        return response

    @admin.action(description=_("Archive selected cases (opened in error)"), permissions=["change"])
    def archive_cases(self, request, queryset):
        archive_each(self, request, queryset, lambda c: services.case_archive(case=c))
