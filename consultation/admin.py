"""The supervisor's review tool: team caseloads, reassignment, closure, archive, audit history.

Scope, permissions and the read-only history live in `admin_base.ScopedAdmin`; writes go through
the same services the consultant pages use."""

import csv
import html
import re
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from consultation import admin_views, selectors, services
from consultation.admin_base import (
    ArchivedFilter,
    ConsultantFilter,
    EstimatedCountPaginator,
    ReadOnlyInline,
    ReferenceAdmin,
    RelatedInScopeFilter,
    ScopedAdmin,
    year_or_month_choices,
)
from consultation.forms import carry_current_version
from consultation.models import (
    Activity,
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    County,
    GoalProgress,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Site,
    StarRating,
    Visit,
)
from referrals.models import Referral
from reports.exports import safe_cell  # the one rule for cells a spreadsheet would run

# Reference lists ------------------------------------------------------------------------------


@admin.register(County)
class CountyAdmin(ReferenceAdmin):
    list_display = ("name", "fips_code")
    search_fields = ("name", "fips_code")


@admin.register(Activity)
class ActivityAdmin(ReferenceAdmin):
    list_display = ("name", "kind", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(ConcernItem)
class ConcernItemAdmin(ReferenceAdmin):
    list_display = ("text", "age_band", "prompts_crisis_lines", "sort_order", "is_active")
    list_filter = ("age_band", "prompts_crisis_lines", "is_active")
    search_fields = ("text",)


@admin.register(PyramidTier)
class PyramidTierAdmin(ReferenceAdmin):
    list_display = ("name", "level_group", "sort_order", "is_active")
    list_filter = ("level_group", "is_active")
    search_fields = ("name",)


@admin.register(PracticeArea)
class PracticeAreaAdmin(ReferenceAdmin):
    list_display = ("name", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


# Sites and classrooms -------------------------------------------------------------------------


class StarRatingInline(ReadOnlyInline):
    model = StarRating
    fields = ("level", "effective_date")


class ClassroomInline(ReadOnlyInline):
    model = Classroom
    fields = ("name", "age_group", "lead_teacher", "is_active")


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
    scope_through = "consultants"
    superuser_may_add = True
    list_display = (
        "name",
        "site_type",
        "licence_number",
        "county",
        "consultant_count",
        "is_active",
    )
    list_filter = (("county", RelatedInScopeFilter), "site_type", "is_active")
    list_select_related = ("county",)
    search_fields = ("name", "licence_number", "city")
    filter_horizontal = ("consultants",)
    inlines = (StarRatingInline, ClassroomInline)
    ordering = ("name", "pk")  # kept explicit: the consultant count groups the query

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_consultants=Count("consultants"))

    def get_readonly_fields(self, request, obj=None):
        # A supervisor is offered their own consultants only: saving that list would drop
        # the other teams' consultants from the site. Superusers see, and set, them all.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "consultants")

    @admin.display(description="consultants", ordering="n_consultants")
    def consultant_count(self, site):
        return site.n_consultants


@admin.register(StarRating)
class StarRatingAdmin(ScopedAdmin):
    scope_through = "site__consultants"
    superuser_may_add = True
    list_display = ("site", "level", "effective_date")
    list_filter = ("level",)
    list_select_related = ("site",)
    search_fields = ("site__name", "site__licence_number")
    autocomplete_fields = ("site",)
    date_hierarchy = "effective_date"


@admin.register(Classroom)
class ClassroomAdmin(ScopedAdmin):
    scope_through = "site__consultants"
    superuser_may_add = True
    list_display = ("name", "site", "age_group", "lead_teacher", "is_active")
    list_filter = ("age_group", "is_active", ("site__county", RelatedInScopeFilter))
    list_select_related = ("site",)
    search_fields = ("name", "site__name", "lead_teacher")
    autocomplete_fields = ("site",)


# Children -------------------------------------------------------------------------------------


@admin.register(Child)
class ChildAdmin(ScopedAdmin):
    scope_through = "classroom__site__consultants"
    list_display = ("initials", "age_band_today", "classroom", "site", "has_consent", "is_archived")
    list_filter = (ArchivedFilter, ("classroom__site__county", RelatedInScopeFilter))
    list_select_related = ("classroom__site",)
    search_fields = ("classroom__site__name", "classroom__name")
    fields = (
        "first_name",
        "last_initial",
        "date_of_birth",
        "classroom",
        "consent_date",
        "consent_given_by",
        "is_archived",
        "archived_at",
    )
    # The date of birth decides the age band of every past visit: it is corrected in the
    # consultant pages, where the service checks it. Archive with the action.
    readonly_fields = ("date_of_birth", "is_archived", "archived_at")
    autocomplete_fields = ("classroom",)
    actions = ("archive_children",)

    @admin.display(description="child")
    def initials(self, child):
        return child.initials

    @admin.display(description="site", ordering="classroom__site__name")
    def site(self, child):
        return child.classroom.site

    @admin.display(description="age band today")
    def age_band_today(self, child):
        return child.age_band_on(timezone.localdate()).label

    @admin.display(description="consent", boolean=True)
    def has_consent(self, child):
        return child.has_consent

    @admin.action(description="Archive selected children", permissions=["change"])
    def archive_children(self, request, queryset):
        archive_each(self, request, queryset, lambda c: services.child_archive(child=c))


def archive_each(model_admin, request, queryset, archive) -> None:
    """Archive every selected record or none, and say which could not be archived."""
    try:
        with transaction.atomic():
            errors = []
            for obj in queryset:
                try:
                    archive(obj)
                except ValidationError as error:
                    errors.append(f"{obj}: {' '.join(error.messages)}")
            if errors:
                raise ValidationError(errors)
    except ValidationError as error:
        model_admin.message_user(
            request, "Nothing was archived. " + " ".join(error.messages), messages.ERROR
        )
        return
    model_admin.message_user(request, f"Archived {len(queryset)} record(s).", messages.SUCCESS)


# Two people editing one record ----------------------------------------------------------------


class VersionCheckForm(forms.ModelForm):
    """A change form that sends back the version it was loaded with: a save made on an older
    version is refused with what changed since, and nothing is saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                services.version_check(
                    record=self.instance, expected_version=cleaned.get("version")
                )
            except services.EditConflict as conflict:
                self.add_error(None, conflict)
                carry_current_version(self, conflict)
        return cleaned


class VersionedAdmin(ScopedAdmin):
    form = VersionCheckForm

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        services.record_save(record=obj, expected_version=form.cleaned_data.get("version"))
        return None


# Cases ----------------------------------------------------------------------------------------


class CaseStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open (intake or active)"), *ConsultationCase.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.exclude(status=ConsultationCase.Status.CLOSED)
        if self.value() in ConsultationCase.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class OneChoiceFilter(admin.SimpleListFilter):
    """A filter with one choice besides "All": `choice` is its (value, label), and picking it
    keeps the rows that the subclass's `matching()` (a Q) describes."""

    choice: tuple[str, str]

    def lookups(self, request, model_admin):
        return [self.choice]

    def queryset(self, request, queryset):
        if self.value() == self.choice[0]:
            return queryset.filter(self.matching())
        return queryset


class NoRecentVisitFilter(OneChoiceFilter):
    title = "contact"
    parameter_name = "contact"
    choice = ("none30", "No visit in 30 days")

    def matching(self) -> Q:
        return selectors.no_recent_visit(timezone.localdate())


class OverdueReferralFilter(OneChoiceFilter):
    title = "referral follow-up"
    parameter_name = "followup"
    choice = ("overdue", "Referral follow-up overdue")

    def matching(self) -> Q:
        return Q(has_overdue_referral=True)


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


class CaseReferralInline(ReadOnlyInline):
    model = Referral
    fields = ("service_type", "agency", "status", "sent_on", "follow_up_due")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service_type", "agency", "child")


class ReassignForm(forms.Form):
    to_consultant = forms.ModelChoiceField(
        queryset=None, label="Reassign to", help_text="A consultant of your team."
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_consultant"].queryset = consultants


class CloseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label="Closure reason", choices=[("", "---------"), *ConsultationCase.ClosureReason.choices]
    )
    closed_on = forms.DateField(
        label="Closed on", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    placement_at_closure = forms.ChoiceField(
        label="Placement at closure (child-focused cases)",
        choices=[("", "---------"), *ConsultationCase.Placement.choices],
        required=False,
        help_text="Was the child still enrolled? Applies to the child-focused cases selected.",
    )
    closure_note = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, needs_placement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement_at_closure"].required = needs_placement


CSV_COLUMNS = (
    ("case", lambda c: c.uuid),
    ("focus", lambda c: c.get_focus_display()),
    ("subject", lambda c: c.subject_label),  # child initials only, never names or birth dates
    ("status", lambda c: c.get_status_display()),
    ("consultant", lambda c: str(c.consultant)),
    ("site", lambda c: c.site.name),
    ("licence number", lambda c: c.site.licence_number or ""),
    ("county", lambda c: c.site.county.name),
    ("opened on", lambda c: c.opened_on),
    ("days open", lambda c: c.days_open(timezone.localdate())),
    ("last visit", lambda c: c.last_visit_on or ""),
    ("visits", lambda c: c.visit_count),
    ("hours last 90 days", lambda c: f"{c.minutes_last_90 / 60:.1f}"),
    ("open referrals", lambda c: c.open_referral_count),
    ("referral follow-up overdue", lambda c: "yes" if c.has_overdue_referral else "no"),
    ("at risk of expulsion", lambda c: "yes" if c.at_risk_of_expulsion else "no"),
    ("closed on", lambda c: c.closed_on or ""),
    ("closure reason", lambda c: c.get_closure_reason_display()),
    ("placement at closure", lambda c: c.get_placement_at_closure_display()),
)


# What a row of the cases changelist reads: the columns it shows and the case's own name (the
# checkbox's label). The figures come as annotations of the same query.
CASE_ROW_FIELDS = (
    "focus",
    "status",
    "opened_on",
    "closed_on",
    "site",
    "site__name",
    "site__county",
    "site__county__name",
    "consultant",
    "consultant__username",
    "consultant__first_name",
    "consultant__last_name",
    "child",
    "child__first_name",
    "child__last_initial",
    "classroom",
    "classroom__name",
)


class CaseChangeList(ChangeList):
    """Reads only what the page shows: no timestamps, notes or addresses are loaded per row."""

    def get_ordering_field(self, field_name):
        # The "visits" column shares its name with the cases' reverse relation to their visits,
        # which Django's lookup finds first: sorting by it joined every visit and listed a case
        # once per visit. A column's own `ordering` comes first.
        column = getattr(self.model_admin, field_name, None)
        if callable(column) and hasattr(column, "admin_order_field"):
            return column.admin_order_field
        return super().get_ordering_field(field_name)

    def get_results(self, request):
        queryset = self.queryset
        self.queryset = queryset.only(*CASE_ROW_FIELDS)
        try:
            super().get_results(request)
        finally:
            self.queryset = queryset


def case_result_rows(model_admin, cl) -> list | None:
    """The rows of the cases changelist, each in one string, with the markup Django's
    `items_for_result` gives them (same cells, classes, link, checkbox and its label), built
    in one pass instead of through a lookup, a widget and a template per cell.

    None when the list is not the plain one it knows (a popup, other columns): Django builds it."""
    display = list(cl.list_display)
    checkbox = display[:1] == ["action_checkbox"]
    if (
        display[checkbox:] != list(model_admin.list_display)
        or list(cl.list_display_links or ()) != ["case_label"]
        or cl.is_popup
        or cl.formset
        or cl.to_field
    ):
        return None
    # html.escape is what Django's escape() runs, without its lazy-string wrapper per call.
    empty = escape(model_admin.get_empty_value_display())
    no_visit = escape(model_admin.last_visit.empty_value_display)
    marker = "PK-MARKER"
    url = add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
        cl.url_for_result(ConsultationCase(pk=marker)),
    )
    # The marker stands first in the path; the preserved filters after it may hold the same
    # text (a search for it), so split at the first one only.
    url_head, _, url_tail = escape(url).partition(marker)
    select_label = gettext("Select this object for an action - {}")
    focus_labels, status_labels = (
        {value: html.escape(str(label)) for value, label in field.flatchoices}
        for field in map(ConsultationCase._meta.get_field, ("focus", "status"))
    )
    today = timezone.localdate()
    shown: dict = {}  # dates and numbers repeat down a page: each is formatted once

    def show(value) -> str:
        if value not in shown:
            shown[value] = formats.localize(value)
        return shown[value]

    rows = []
    for case in cl.result_list:
        pk = case.pk
        last_visit = case.last_visit_on
        hours, referrals = model_admin.hours_last_90(case), model_admin.open_referrals(case)
        cells = [
            f'<th class="field-case_label"><a href="{url_head}{pk}{url_tail}">'
            f"{html.escape(model_admin.case_label(case))}</a></th>",
            f'<td class="field-consultant nowrap">{html.escape(str(case.consultant))}</td>',
            f'<td class="field-site nowrap">{html.escape(case.site.name)}</td>',
            f'<td class="field-county">{html.escape(case.site.county.name)}</td>',
            f'<td class="field-focus">{focus_labels.get(case.focus, empty)}</td>',
            f'<td class="field-status">{status_labels.get(case.status, empty)}</td>',
            f'<td class="field-opened_on nowrap">{show(case.opened_on)}</td>',
            f'<td class="field-days_open">{show(case.days_open(today))}</td>',
            f'<td class="field-last_visit">{no_visit}</td>'
            if last_visit is None
            else f'<td class="field-last_visit nowrap">{show(last_visit)}</td>',
            f'<td class="field-visits">{show(case.visit_count)}</td>',
            f'<td class="field-hours_last_90">{html.escape(hours)}</td>',
            f'<td class="field-open_referrals">{html.escape(referrals)}</td>',
        ]
        if checkbox:
            label = html.escape(select_label.format(case))
            cells.insert(
                0,
                f'<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
                f'value="{pk}" class="action-select" aria-label="{label}"></td>',
            )
        rows.append(ResultList(None, [mark_safe("".join(cells))]))
    return rows


@admin.register(ConsultationCase)
class ConsultationCaseAdmin(VersionedAdmin):
    scope_through = "consultant"
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
    )
    list_select_related = ("consultant", "site__county", "child", "classroom")
    list_filter = (
        ConsultantFilter,
        ("site__county", RelatedInScopeFilter),
        CaseStatusFilter,
        "focus",
        NoRecentVisitFilter,
        OverdueReferralFilter,
        "at_risk_of_expulsion",
        ArchivedFilter,
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
        "is_archived",
        "version",
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
        "is_archived",
    )
    inlines = (CaseVisitInline, CaseGoalInline, CaseReferralInline)
    actions = ("reassign_cases", "close_cases", "export_csv", "archive_cases")

    def get_queryset(self, request):
        return selectors.with_review_figures(
            super().get_queryset(request), today=timezone.localdate()
        )

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
        team_view = self.admin_site.admin_view(admin_views.TeamCaseloadView.as_view(admin=self))
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

    # Columns -----------------------------------------------------------------------------------

    @admin.display(description="case", ordering="pk")
    def case_label(self, case):
        return f"{case.get_focus_display()}: {case.subject_label}"

    @admin.display(description="county", ordering="site__county__name")
    def county(self, case):
        return case.site.county

    @admin.display(description="days open", ordering="-opened_on")
    def days_open(self, case):
        return case.days_open(timezone.localdate())

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

    # Actions -----------------------------------------------------------------------------------

    def _form_action(
        self, request, queryset, *, form, apply, failed, done, title, action, template
    ):
        """An action that asks for more first: with a valid form, `apply(cleaned_data)` changes
        every selected case or none (`failed` heads the reasons); otherwise the form's page.
        `done(cleaned_data)` says what was changed."""
        if form.is_valid():
            try:
                apply(form.cleaned_data)
            except ValidationError as error:
                self.message_user(request, f"{failed} " + " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, done(form.cleaned_data), messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "cases": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return render(request, f"admin/consultation/consultationcase/{template}", context)

    @admin.action(
        description="Reassign selected cases to another consultant", permissions=["change"]
    )
    def reassign_cases(self, request, queryset):
        consultants = selectors.consultants_visible_to(request.user).filter(is_active=True)
        form = ReassignForm(
            request.POST if "apply" in request.POST else None, consultants=consultants
        )
        if "apply" in request.POST and not form.is_valid() and "to_consultant" in form.errors:
            self.message_user(
                request,
                "Choose a consultant of your own team: cases are not reassigned across teams.",
                messages.ERROR,
            )
        return self._form_action(
            request,
            queryset,
            form=form,
            apply=lambda data: services.cases_reassign(
                cases=list(queryset), to_consultant=data["to_consultant"], by=request.user
            ),
            failed="No case was reassigned.",
            done=lambda data: f"Reassigned {len(queryset)} case(s) to {data['to_consultant']}.",
            title="Reassign cases",
            action="reassign_cases",
            template="reassign.html",
        )

    @admin.action(description="Close selected cases", permissions=["change"])
    def close_cases(self, request, queryset):
        needs_placement = queryset.filter(focus=ConsultationCase.Focus.CHILD).exists()
        form = CloseForm(
            request.POST if "apply" in request.POST else None,
            needs_placement=needs_placement,
            initial={"closed_on": timezone.localdate()},
        )
        return self._form_action(
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
            failed="No case was closed.",
            done=lambda data: f"Closed {len(queryset)} case(s).",
            title="Close cases",
            action="close_cases",
            template="close.html",
        )

    @admin.action(description="Export selected cases as CSV (no names)", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow([name for name, _ in CSV_COLUMNS])
        for case in queryset.order_by("opened_on", "pk"):
            writer.writerow([safe_cell(value(case)) for _, value in CSV_COLUMNS])
        return response

    @admin.action(description="Archive selected cases (opened in error)", permissions=["change"])
    def archive_cases(self, request, queryset):
        archive_each(self, request, queryset, lambda c: services.case_archive(case=c))


# Visits, concerns, goals ----------------------------------------------------------------------


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
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("30", "Last 30 days"), ("90", "Last 90 days")]

    def queryset(self, request, queryset):
        if self.value() in {"30", "90"}:
            since = timezone.localdate() - timedelta(days=int(self.value()))
            return queryset.filter(visit_date__gte=since)
        return queryset


@admin.register(Visit)
class VisitAdmin(VersionedAdmin):
    scope_through = "consultant"
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
    list_filter = (ConsultantFilter, RecentVisitFilter, "mode", ArchivedFilter)
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
        "notes",
        "next_steps",
        "next_visit_date",
        "is_archived",
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
    )
    inlines = (ObservedConcernInline, GoalProgressInline)
    actions = ("archive_visits",)

    @admin.display(description="case", ordering="case__focus")
    def case_focus(self, visit):
        return visit.case.get_focus_display() if visit.case_id else "site visit"

    @admin.action(description="Archive selected visits (logged in error)", permissions=["change"])
    def archive_visits(self, request, queryset):
        archive_each(self, request, queryset, lambda v: services.visit_archive(visit=v))


@admin.register(ObservedConcern)
class ObservedConcernAdmin(ScopedAdmin):
    scope_through = "visit__consultant"
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


class GoalStatusOpenFilter(OneChoiceFilter):
    title = "open"
    parameter_name = "open"
    choice = ("yes", "Open (not started or in progress)")

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
    scope_through = "case__consultant"
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
    scope_through = "goal__case__consultant"
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
