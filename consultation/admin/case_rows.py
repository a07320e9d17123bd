"""The rows of the cases changelist, built in one pass."""

import html

from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from consultation.models import ConsultationCase
from core.dates import local_today

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
    "at_risk_of_expulsion",
    "closure_requested_on",
)


def case_flags(case) -> list[str]:
    """What needs the supervisor's eye on a case of the changelist, in words."""
    flags = []
    if case.closure_requested_on is not None:
        flags.append("closure requested")
    if case.has_overdue_referral:
        flags.append("follow-up overdue")
    if case.at_risk_of_expulsion:
        flags.append("expulsion risk")
    return flags


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


def _is_plain(model_admin, cl) -> bool:
    """Whether the list is the plain one the row writer knows (not a popup, no other columns)."""
    display = list(cl.list_display)
    checkbox = display[:1] == ["action_checkbox"]
    return not (
        display[checkbox:] != list(model_admin.list_display)
        or list(cl.list_display_links or ()) != ["case_label"]
        or cl.is_popup
        or cl.formset
        or cl.to_field
    )


class _RowWriter:
    """Writes a row of the cases changelist as one string; what repeats down a page (labels,
    the link around the case's id, formatted dates and numbers) is worked out once."""

    def __init__(self, model_admin, cl):
        self.admin = model_admin
        self.checkbox = list(cl.list_display)[:1] == ["action_checkbox"]
        # html.escape is what Django's escape() runs, without its lazy-string wrapper per call.
        self.empty = escape(model_admin.get_empty_value_display())
        self.no_visit = escape(model_admin.last_visit.empty_value_display)
        marker = "PK-MARKER"
        url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
            cl.url_for_result(ConsultationCase(pk=marker)),
        )
        # The marker stands first in the path; the preserved filters after it may hold the same
        # text (a search for it), so split at the first one only.
        self.url_head, _, self.url_tail = escape(url).partition(marker)
        self.select_label = gettext("Select this object for an action - {}")
        self.focus_labels, self.status_labels = (
            {value: html.escape(str(label)) for value, label in field.flatchoices}
            for field in map(ConsultationCase._meta.get_field, ("focus", "status"))
        )
        self.today = local_today()
        self.shown: dict = {}  # dates and numbers repeat down a page: each is formatted once

    def show(self, value) -> str:
        if value not in self.shown:
            self.shown[value] = formats.localize(value)
        return self.shown[value]

    def cells(self, case) -> list[str]:
        admin, show = self.admin, self.show
        last_visit = case.last_visit_on
        hours, referrals = admin.hours_last_90(case), admin.open_referrals(case)
        return [
            f'<th class="field-case_label"><a href="{self.url_head}{case.pk}{self.url_tail}">'
            f"{html.escape(admin.case_label(case))}</a></th>",
            f'<td class="field-consultant nowrap">{html.escape(str(case.consultant))}</td>',
            f'<td class="field-site nowrap">{html.escape(case.site.name)}</td>',
            f'<td class="field-county">{html.escape(case.site.county.name)}</td>',
            f'<td class="field-focus">{self.focus_labels.get(case.focus, self.empty)}</td>',
            f'<td class="field-status">{self.status_labels.get(case.status, self.empty)}</td>',
            f'<td class="field-opened_on nowrap">{show(case.opened_on)}</td>',
            f'<td class="field-days_open">{show(case.days_open(self.today))}</td>',
            f'<td class="field-last_visit">{self.no_visit}</td>'
            if last_visit is None
            else f'<td class="field-last_visit nowrap">{show(last_visit)}</td>',
            f'<td class="field-visits">{show(case.visit_count)}</td>',
            f'<td class="field-hours_last_90">{html.escape(hours)}</td>',
            f'<td class="field-open_referrals">{html.escape(referrals)}</td>',
            f'<td class="field-flags">{self.flags(case)}</td>',
        ]

    def flags(self, case) -> str:
        # As Django writes an empty value: the admin's empty value display.
        return str(self.admin.flags(case)) or self.empty

    def row(self, case) -> ResultList:
        cells = self.cells(case)
        if self.checkbox:
            label = html.escape(self.select_label.format(case))
            cells.insert(
                0,
                f'<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
                f'value="{case.pk}" class="action-select" aria-label="{label}"></td>',
            )
        return ResultList(None, [mark_safe("".join(cells))])


def case_result_rows(model_admin, cl) -> list | None:
    """The rows of the cases changelist, each in one string, with the markup Django's
    `items_for_result` gives them (same cells, classes, link, checkbox and its label), built
    in one pass instead of through a lookup, a widget and a template per cell.

    None when the list is not the plain one it knows (a popup, other columns): Django builds it."""
    if not _is_plain(model_admin, cl):
        return None
    writer = _RowWriter(model_admin, cl)
    return [writer.row(case) for case in cl.result_list]
