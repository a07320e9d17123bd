"""The filters of the case records' changelists."""

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from consultation.models import ConsultationCase
from consultation.rules import no_contact_days, no_recent_visit
from consultation.selectors import consultants_visible_to, sites_visible_to
from core.dates import local_today
from core.forms import is_pk


class ArchivedFilter(admin.SimpleListFilter):
    """Current records by default; archived ones on request (`flag` names the field)."""

    title = _("archived")
    parameter_name = "archived"
    flag = "is_archived"

    def lookups(self, request, model_admin):
        return [("yes", _("Archived")), ("all", _("All"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Current"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(**{self.flag: self.value() == "yes"})


class VoidedFilter(ArchivedFilter):
    """Visits: current by default; voided ones (logged in error) on request."""

    title = _("voided")

    def lookups(self, request, model_admin):
        return [("yes", _("Voided")), ("all", _("All"))]


class ConsultantFilter(admin.SimpleListFilter):
    """The consultants the reviewer supervises (all of them for program leads)."""

    title = _("consultant")
    parameter_name = "consultant"
    consultant_field = "consultant"

    def lookups(self, request, model_admin):
        consultants = consultants_visible_to(request.user)
        names = consultants.only("username", "first_name", "last_name")  # what str(user) reads
        return [(str(u.pk), str(u)) for u in names]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not is_pk(self.value()):
            return queryset.none()
        return queryset.filter(**{f"{self.consultant_field}_id": self.value()})


class CountyInScopeFilter(admin.RelatedOnlyFieldListFilter):
    """The counties of the sites in the reviewer's scope (where their consultants work), for a
    list of records that hang on a site. Read from the sites' consultants, a small table,
    rather than from every record in scope (a supervisor's thousands of cases)."""

    def field_choices(self, field, request, model_admin):
        counties = sites_visible_to(request.user).order_by().values("county")
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to=Q(pk__in=counties), ordering=ordering
        )


def year_or_month_choices(cl) -> dict | None:
    """What Django's {% date_hierarchy %} shows before a date is chosen (the years; the months of
    the only year; the days of the only month), from a query of the months present instead of a
    MIN/MAX query and then one of the years. None once a year, month or day is chosen: the tag
    itself answers those."""
    field_name = cl.date_hierarchy
    generic = f"{field_name}__"
    if not field_name or any(key.startswith(generic) for key in cl.params):
        return None
    year_field, month_field, day_field = (f"{generic}{part}" for part in ("year", "month", "day"))

    def link(filters: dict) -> str:
        return cl.get_query_string(filters, [generic])

    months = list(cl.queryset.dates(field_name, "month"))
    years = sorted({month.year for month in months})
    if len(months) == 1:
        year, month = months[0].year, months[0].month
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: day.day}),
                    "title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT")),
                }
                for day in cl.queryset.dates(field_name, "day")
            ],
        }
    if len(years) == 1:
        return {
            "show": True,
            "back": {"link": link({}), "title": gettext("All dates")},
            "choices": [
                {
                    "link": link({year_field: month.year, month_field: month.month}),
                    "title": capfirst(formats.date_format(month, "YEAR_MONTH_FORMAT")),
                }
                for month in months
            ],
        }
    return {
        "show": True,
        "back": None,
        "choices": [{"link": link({year_field: str(year)}), "title": str(year)} for year in years],
    }


class CaseStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open (intake or active)")), *ConsultationCase.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.exclude(status=ConsultationCase.Status.CLOSED)
        if self.value() in ConsultationCase.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class OneChoiceFilter(admin.SimpleListFilter):
    """A filter with one choice besides "All": `choice` is its (value, label), and picking it
    keeps the rows that the subclass's `matching()` (a Q) describes."""

    choice: tuple[str, StrOrPromise]

    def lookups(self, request, model_admin):
        return [self.choice]

    def queryset(self, request, queryset):
        if self.value() == self.choice[0]:
            return queryset.filter(self.matching())
        return queryset


class NoRecentVisitFilter(OneChoiceFilter):
    title = _("contact")
    parameter_name = "contact"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The label names the setting's number of days, read when the list is built.
        self.choice = ("none", gettext("No visit in %(days)s days") % {"days": no_contact_days()})
        super().__init__(*args, **kwargs)

    def matching(self) -> Q:
        return no_recent_visit(local_today())


class OverdueReferralFilter(OneChoiceFilter):
    title = _("referral follow-up")
    parameter_name = "followup"
    choice = ("overdue", _("Referral follow-up overdue"))

    def matching(self) -> Q:
        # The cases' admin annotates has_overdue_referral (referrals.selectors).
        return Q(has_overdue_referral=True)
