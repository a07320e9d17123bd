from datetime import date

from django import forms

from accounts.models import User
from consultation.models import County, Site
from consultation.selectors import consultants_visible_to
from core.forms import offer
from reports import periods
from reports.figures import ReportFilter

# A longer period makes the month table and chart unreadable; ten state fiscal years is plenty.
MAX_PERIOD_DAYS = 10 * 366
EARLIEST_YEAR, LATEST_YEAR = 1990, 2200


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ReportFilterForm(forms.Form):
    PERIOD_CHOICES = [
        ("this_fiscal_year", "This state fiscal year (July-June)"),
        ("last_fiscal_year", "Last state fiscal year"),
        ("last_quarter", "Last quarter"),
        ("this_month", "This month"),
        ("custom", "Dates below"),
    ]
    QUICK = {
        "this_month": periods.this_month,
        "last_quarter": periods.last_quarter,
        "this_fiscal_year": periods.this_fiscal_year,
        "last_fiscal_year": periods.last_fiscal_year,
    }

    period = forms.ChoiceField(
        choices=PERIOD_CHOICES,
        initial="this_fiscal_year",
        help_text="From and To are used with 'Dates below'.",
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    county = forms.ModelChoiceField(
        queryset=County.objects.all(), required=False, empty_label="All counties"
    )
    # Chosen by UUID: query strings never carry a user's sequential id.
    consultant = ConsultantChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="All consultants",
        to_field_name="uuid",
    )
    site_type = forms.ChoiceField(
        choices=[("", "All site types"), *Site.SiteType.choices], required=False
    )

    def __init__(self, *args, user: User, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        # A supervisor can only pick consultants of their own team: any other id is invalid.
        offer(
            self,
            "consultant",
            consultants_visible_to(user).order_by("first_name", "last_name", "pk"),
        )

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if period in self.QUICK:
            cleaned["date_from"], cleaned["date_to"] = self.QUICK[period](self.today)
        elif period == "custom":
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if start is None and "date_from" not in self.errors:
                self.add_error("date_from", "Give the first day of the period.")
            if end is None and "date_to" not in self.errors:
                self.add_error("date_to", "Give the last day of the period.")
            for name, day in (("date_from", start), ("date_to", end)):
                if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                    self.add_error(name, f"Give a date from {EARLIEST_YEAR} to {LATEST_YEAR}.")
                    start = end = None
            if start and end:
                if end < start:
                    self.add_error("date_to", "The period cannot end before it starts.")
                elif (end - start).days > MAX_PERIOD_DAYS:
                    self.add_error("date_to", "Choose a period of at most ten years.")
        return cleaned

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        return ReportFilter(
            date_from=data["date_from"],
            date_to=data["date_to"],
            county=data.get("county"),
            consultant=data.get("consultant"),
            site_type=data.get("site_type") or "",
        )
