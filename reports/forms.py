import re
from datetime import date
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from consultation.models import County, Site
from consultation.selectors import consultants_visible_to
from core.forms import offer
from reports import periods
from reports.figures import ReportFilter

# A longer period makes the month table and chart unreadable; ten state fiscal years is plenty.
MAX_PERIOD_DAYS = 10 * 366
EARLIEST_YEAR, LATEST_YEAR = 1990, 2200
# Fiscal years offered in the list: this one and the next, and the ten before.
FISCAL_YEARS_BACK = 10
MONTH_PATTERN = re.compile(r"^([0-9]{4})-([0-9]{2})$")

FISCAL_YEAR, QUARTER, MONTH, CUSTOM = "fiscal_year", "quarter", "month", "custom"
DATE_FIELDS = ("date_from", "date_to")


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def _quarter_label(quarter: int) -> str:
    """ "Q1 (Jul-Sep)", in the page's language."""
    start, end = periods.fiscal_quarter(2000, quarter)
    return gettext("Q%(quarter)s (%(start)s-%(end)s)") % {
        "quarter": quarter,
        "start": formats.date_format(start, "M"),
        "end": formats.date_format(end, "M"),
    }


_lazy_quarter_label = lazy(_quarter_label, str)


def upgrade_old_period(data: Any, today: date) -> Any:
    """Links and bookmarks from before the named periods ("this_fiscal_year", "last_quarter",
    ...) keep working: each old quick choice becomes the named period it stood for."""
    old = {
        "this_fiscal_year": periods.this_fiscal_year,
        "last_fiscal_year": periods.last_fiscal_year,
        "last_quarter": periods.last_quarter,
        "this_month": periods.this_month,
    }
    chosen = data.get("period")
    if chosen not in old:
        return data
    start, _end = old[chosen](today)
    year, quarter = periods.fiscal_quarter_of(start)
    data = data.copy()
    data["period"] = {"last_quarter": QUARTER, "this_month": MONTH}.get(chosen, FISCAL_YEAR)
    data["fiscal_year"], data["quarter"] = str(year), str(quarter)
    data["month"] = f"{start:%Y-%m}"
    for name in (*DATE_FIELDS, "shown_from", "shown_to"):
        data.pop(name, None)
    return data


class ReportFilterForm(forms.Form):
    """The filters of the reports page. The period cannot contradict itself: it is a state
    fiscal year, a named quarter of one, a month, or custom dates, and the From and To boxes
    always show the dates used. Dates typed into From or To win (the period becomes custom):
    the page remembers the dates it showed (shown_from, shown_to), so dates that differ from
    them were typed, with or without JavaScript."""

    period = forms.ChoiceField(
        choices=[
            (FISCAL_YEAR, gettext_lazy("State fiscal year")),
            (QUARTER, gettext_lazy("Quarter of the fiscal year")),
            (MONTH, gettext_lazy("Month")),
            (CUSTOM, gettext_lazy("Custom dates")),
        ],
        required=False,
        label=gettext_lazy("Period"),
        help_text=gettext_lazy("Typing a date in From or To switches to custom dates."),
    )
    fiscal_year = forms.TypedChoiceField(
        coerce=int, required=False, label=gettext_lazy("Fiscal year")
    )
    quarter = forms.TypedChoiceField(
        coerce=int,
        required=False,
        choices=[(q, _lazy_quarter_label(q)) for q in range(1, 5)],
        label=gettext_lazy("Quarter"),
    )
    month = forms.CharField(
        label=gettext_lazy("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": gettext_lazy("YYYY-MM")}),
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County"),
        queryset=County.objects.all(),
        required=False,
        empty_label=gettext_lazy("All counties"),
    )
    # Chosen by UUID: query strings never carry a user's sequential id.
    consultant = ConsultantChoiceField(
        queryset=User.objects.none(),
        label=gettext_lazy("Consultant"),
        required=False,
        empty_label=gettext_lazy("All consultants"),
        to_field_name="uuid",
    )
    site_type = forms.ChoiceField(
        label=gettext_lazy("Site type"),
        choices=[("", gettext_lazy("All site types")), *Site.SiteType.choices],
        required=False,
    )
    # The fields of the period, shown together on the page.
    period_fields = ("period", "fiscal_year", "quarter", "month", *DATE_FIELDS)

    shown_from = forms.CharField(required=False, widget=forms.HiddenInput)
    shown_to = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, user: User, today: date, **kwargs):
        super().__init__(upgrade_old_period(data, today), **kwargs)
        self.today = today
        this_year = periods.fiscal_year_of(today)
        years = range(this_year + 1, this_year - FISCAL_YEARS_BACK - 1, -1)
        self.years = list(years)
        self.year_field.choices = [(y, self.year_label(y)) for y in self.years]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
        # A supervisor can only pick consultants of their own team: any other id is invalid.
        offer(
            self,
            "consultant",
            consultants_visible_to(user).order_by("first_name", "last_name", "pk"),
        )

    @property
    def year_field(self) -> forms.TypedChoiceField:
        return cast(forms.TypedChoiceField, self.fields["fiscal_year"])

    @staticmethod
    def year_label(year: int) -> str:
        start, end = periods.fiscal_year(year)
        return gettext("SFY %(year)s (%(start)s-%(end)s)") % {
            "year": year,
            "start": start.year,
            "end": f"{end:%y}",
        }

    def clean_month(self) -> tuple[int, int] | None:
        typed = self.cleaned_data.get("month", "").strip()
        if not typed:
            return None
        found = MONTH_PATTERN.match(typed)
        if not found or not 1 <= int(found[2]) <= 12:
            raise forms.ValidationError(gettext("Give the month as YYYY-MM, for example 2026-08."))
        if not EARLIEST_YEAR <= int(found[1]) <= LATEST_YEAR:
            raise forms.ValidationError(
                gettext("Give a month from %(first)s to %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            )
        return int(found[1]), int(found[2])

    def _dates_typed(self) -> bool:
        """Whether From or To hold dates other than those the page showed."""
        raw = [(self.data.get(n) or "").strip() for n in (*DATE_FIELDS, "shown_from", "shown_to")]
        return any(raw[:2]) and raw[:2] != raw[2:]

    def _named_period(self, period: str, cleaned: dict[str, Any]) -> tuple[date, date]:
        this_year, this_quarter = periods.fiscal_quarter_of(self.today)
        year = cleaned.get("fiscal_year") or this_year
        if period == QUARTER:
            quarter = cleaned.get("quarter") or (this_quarter if year == this_year else 1)
            return periods.fiscal_quarter(year, quarter)
        if period == MONTH:
            year_month = cleaned.get("month") or (self.today.year, self.today.month)
            return periods.this_month(date(year_month[0], year_month[1], 1))
        return periods.fiscal_year(year)

    def _check_custom(self, start: date | None, end: date | None) -> None:
        if start is None and "date_from" not in self.errors:
            self.add_error("date_from", gettext("Give the first day of the period."))
        if end is None and "date_to" not in self.errors:
            self.add_error("date_to", gettext("Give the last day of the period."))
        for name, day in (("date_from", start), ("date_to", end)):
            if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                self.add_error(
                    name,
                    gettext("Give a date from %(first)s to %(last)s.")
                    % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
                )
                start = end = None
        if start and end:
            if end < start:
                self.add_error("date_to", gettext("The period cannot end before it starts."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("date_to", gettext("Choose a period of at most ten years."))

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period") or FISCAL_YEAR
        if period == CUSTOM or self._dates_typed():
            period = CUSTOM
            self._check_custom(cleaned.get("date_from"), cleaned.get("date_to"))
        elif "period" not in self.errors:
            for name in DATE_FIELDS:  # shown, not typed: the named period decides
                self.errors.pop(name, None)
            cleaned["date_from"], cleaned["date_to"] = self._named_period(period, cleaned)
        cleaned["period"] = period
        if not self.errors:
            self.data = self._shown_data(cleaned)
        return cleaned

    def _shown_data(self, cleaned: dict[str, Any]) -> QueryDict:
        """What the form shows once valid: the period used, with the dates it stands for in
        From and To, and the fiscal year, quarter and month they start in."""
        start, end = cleaned["date_from"], cleaned["date_to"]
        year, quarter = periods.fiscal_quarter_of(start)
        if year not in self.years:  # custom dates in a year the list does not offer
            self.years.append(year)
            self.year_field.choices = [(y, self.year_label(y)) for y in self.years]
        data = QueryDict(mutable=True)
        data.update(self.data)
        shown = {
            "period": cleaned["period"],
            "fiscal_year": str(year),
            "quarter": str(quarter),
            "month": f"{start:%Y-%m}",
            "date_from": start.isoformat(),
            "date_to": end.isoformat(),
            "shown_from": start.isoformat(),
            "shown_to": end.isoformat(),
        }
        for name, value in shown.items():
            data[name] = value
        return data

    def period_label(self) -> str:
        data = self.cleaned_data
        start = data["date_from"]
        if data["period"] == FISCAL_YEAR:
            return self.year_label(periods.fiscal_year_of(start))
        if data["period"] == QUARTER:
            year, quarter = periods.fiscal_quarter_of(start)
            return gettext("SFY %(year)s %(quarter)s") % {
                "year": year,
                "quarter": _quarter_label(quarter),
            }
        if data["period"] == MONTH:
            return formats.date_format(start, "YEAR_MONTH_FORMAT")
        return gettext("Custom dates")

    def export_query(self) -> dict[str, str]:
        """The filters as the export links carry them: the dates used, nothing to resolve."""
        data = self.cleaned_data
        query = {
            "period": CUSTOM,
            "date_from": data["date_from"].isoformat(),
            "date_to": data["date_to"].isoformat(),
        }
        for name in ("county", "consultant", "site_type"):
            if self.data.get(name):
                query[name] = self.data[name]
        return query

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        return ReportFilter(
            date_from=data["date_from"],
            date_to=data["date_to"],
            county=data.get("county"),
            consultant=data.get("consultant"),
            site_type=data.get("site_type") or "",
        )
