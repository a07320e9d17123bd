"""The timeliness figures on a dataset worked out by hand.

Settings for the test: first contact within 2 business days, a first visit within 10 for an
expulsion risk, and one holiday: Labor Day, Monday 7 September 2026. Period: 1 July to
30 September 2026 (Q1 of the state fiscal year 2027); today 30 November 2026.

| req | county   | received      | contacted     | bd | first visit   | bd | risk | status now |
|-----|----------|---------------|---------------|----|---------------|----|------|------------|
| A   | Oklahoma | Fri 4 Sep     | Tue 8 Sep     | 1  | Fri 11 Sep    | 4  | yes  | case opened|
| B   | Oklahoma | Mon 3 Aug     | Thu 6 Aug     | 3  |               |    | no   | declined   |
| C   | Oklahoma | Wed 1 Jul     | Wed 1 Jul     | 0  | Wed 22 Jul    | 15 | yes  | case opened|
| F   | Oklahoma | Fri 10 Jul    | Mon 20 Jul    | 6  |               |    | no   | contacted  |
| D   | Tulsa    | Mon 28 Sep    |               |    |               |    | no   | waitlisted |
| E   | Oklahoma | 15 Jun (before the period), waitlisted 20 Jun, contacted 5 Oct (after it)
F was waitlisted on 13 Jul before its contact; D was waitlisted on 29 Sep.
| G   | Oklahoma | 2 Oct (after the period)

A's contact crosses the weekend and Labor Day: Sat, Sun, Mon (holiday) do not count, Tue is 1.
Oklahoma contact days [0, 1, 3, 6]: median (1 + 3) / 2 = 2.0; 90th percentile at rank
1 + 0.9 × 3 = 3.7: 3 + 0.7 × (6 - 3) = 5.1. Within 2 days: A and C of 4 = 50.0 %; in the total
D (never contacted, past its standard) joins the denominator: 2 of 5 = 40.0 %.
Visit days [4, 15]: median 9.5; 90th percentile 4 + 0.9 × 11 = 13.9. Expulsion risk (A, C): both
contacted in time (100.0 %), A visited within 10 and C not (50.0 %).
Waitlist on 30 September: E (latest step then: waitlisted) and D; not F (contacted since)."""

from datetime import date

import pytest

from consultation.models import County, Intake, IntakeStep
from reports.figures import TABLE_SLUGS
from reports.figures.sql import ReportFilter
from reports.figures.timeliness import timeliness_table
from reports.tables import public_cell_rows
from tests.factories import CaseFactory, ProgramLeadFactory, SiteFactory, VisitFactory
from tests.factories_intake import IntakeFactory

pytestmark = pytest.mark.django_db

S = Intake.Status
TODAY = date(2026, 11, 30)
Q1 = ReportFilter(date_from=date(2026, 7, 1), date_to=date(2026, 9, 30))


@pytest.fixture(autouse=True)
def standards(settings):
    settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS = 2
    settings.INTAKE_EXPULSION_FIRST_VISIT_BUSINESS_DAYS = 10
    settings.BUSINESS_HOLIDAYS = frozenset({date(2026, 9, 7)})


def served(site, received, contacted, visited, *, risk: bool) -> Intake:
    case = CaseFactory(child__classroom__site=site, opened_on=received)
    VisitFactory(case=case, visit_date=visited)
    VisitFactory(case=case, visit_date=date(2026, 10, 1))  # a later visit: not the first
    return IntakeFactory(
        site=site,
        received_on=received,
        contacted_on=contacted,
        expulsion_risk=risk,
        status=S.CASE_OPENED,
        case=case,
    )


def waitlisted(intake: Intake, on: date) -> None:
    IntakeStep.objects.create(
        intake=intake, step=S.WAITLISTED, on=on, recorded_by=intake.recorded_by
    )


@pytest.fixture
def dataset():
    okla = SiteFactory()
    tulsa = SiteFactory(county=County.objects.get(name="Tulsa"))
    served(okla, date(2026, 9, 4), date(2026, 9, 8), date(2026, 9, 11), risk=True)  # A
    IntakeFactory(
        site=okla,
        received_on=date(2026, 8, 3),
        contacted_on=date(2026, 8, 6),
        status=S.DECLINED,
        ended_on=date(2026, 8, 10),
        end_reason="Family moved",
    )  # B
    served(okla, date(2026, 7, 1), date(2026, 7, 1), date(2026, 7, 22), risk=True)  # C
    f = IntakeFactory(
        site=okla,
        received_on=date(2026, 7, 10),
        contacted_on=date(2026, 7, 20),
        status=S.CONTACTED,
    )
    waitlisted(f, date(2026, 7, 13))
    d = IntakeFactory(site=tulsa, received_on=date(2026, 9, 28), status=S.WAITLISTED)
    waitlisted(d, date(2026, 9, 29))
    e = IntakeFactory(
        site=okla,
        received_on=date(2026, 6, 15),
        contacted_on=date(2026, 10, 5),
        status=S.CONTACTED,
    )
    waitlisted(e, date(2026, 6, 20))
    IntakeFactory(site=okla, received_on=date(2026, 10, 2))  # G
    return ProgramLeadFactory()


def rows_of(table) -> dict[str, dict]:
    return {row.label: row.values for row in [*table.rows, table.total]}


def test_counts_of_requests_and_their_outcomes(dataset):
    rows = rows_of(timeliness_table(dataset, Q1, today=TODAY))
    assert list(rows) == ["Oklahoma", "Tulsa", "Total"]
    pick = ("received", "served", "declined", "not_served", "waitlisted", "risk_received")
    assert [rows["Oklahoma"][k] for k in pick] == [4, 2, 1, 0, 0, 2]
    assert [rows["Tulsa"][k] for k in pick] == [1, 0, 0, 0, 1, 0]
    assert [rows["Total"][k] for k in pick] == [5, 2, 1, 0, 1, 2]


def test_business_days_medians_and_percentiles(dataset):
    rows = rows_of(timeliness_table(dataset, Q1, today=TODAY))
    okla, total = rows["Oklahoma"], rows["Total"]
    assert (okla["contact_median"], okla["contact_p90"]) == (2.0, 5.1)
    assert (total["contact_median"], total["contact_p90"]) == (2.0, 5.1)
    assert (okla["visit_median"], okla["visit_p90"]) == (9.5, 13.9)
    assert rows["Tulsa"]["contact_median"] is None  # nobody contacted there yet


def test_shares_within_the_standard_with_expulsion_risk_apart(dataset):
    rows = rows_of(timeliness_table(dataset, Q1, today=TODAY))
    assert rows["Oklahoma"]["contact_within"] == 50.0
    assert rows["Tulsa"]["contact_within"] == 0.0  # past its standard, not contacted
    assert rows["Total"]["contact_within"] == 40.0
    assert rows["Total"]["risk_contact_within"] == 100.0
    assert rows["Total"]["risk_visit_within"] == 50.0
    assert rows["Tulsa"]["risk_visit_within"] is None  # no expulsion-risk request there


def test_the_waitlist_at_the_end_of_the_period(dataset):
    rows = rows_of(timeliness_table(dataset, Q1, today=TODAY))
    assert (rows["Oklahoma"]["waitlist_end"], rows["Tulsa"]["waitlist_end"]) == (1, 1)
    assert rows["Total"]["waitlist_end"] == 2
    # A day before D was waitlisted, only E was on the list.
    earlier = ReportFilter(date_from=date(2026, 7, 1), date_to=date(2026, 9, 28))
    assert rows_of(timeliness_table(dataset, earlier, today=TODAY))["Total"]["waitlist_end"] == 1


def test_a_holiday_less_counts_one_day_more(dataset, settings):
    settings.BUSINESS_HOLIDAYS = frozenset()
    rows = rows_of(timeliness_table(dataset, Q1, today=TODAY))
    # A: Fri 4 -> Tue 8 is now 2 days; contact days [0, 2, 3, 6]: median 2.5.
    assert rows["Oklahoma"]["contact_median"] == 2.5


def test_the_table_is_on_the_reports_page_and_its_public_variant_hides_small_counts(dataset):
    assert "timeliness" in TABLE_SLUGS
    table = timeliness_table(dataset, Q1, today=TODAY)
    public = public_cell_rows(table, 11)
    header = table.header()
    assert public[0][header.index("Requests received")] == "<11"
    assert public[0][header.index("Median days to first contact")] == "suppressed"


def test_a_supervisor_counts_only_the_requests_they_see(dataset):
    from tests.factories import SupervisorFactory

    rows = rows_of(timeliness_table(SupervisorFactory(), Q1, today=TODAY))
    assert rows["Total"]["received"] == 0


# Per site ---------------------------------------------------------------------------------------
# The dataset above plus H at a second Oklahoma site: received Mon 14 Sep, contacted Wed 16 Sep
# (2 business days, within the standard). Per site, the same rule as the county table:
#   first Oklahoma site: A, B, C, F: contact days [1, 3, 0, 6], median 2.0; A and C within: 50.0 %
#   second Oklahoma site: H: 1 request, median 2.0, within: 100.0 %
#   Tulsa site: D: 1 request, never contacted (median none), past its standard: 0.0 %
#   Total: 6 requests, days [0, 1, 2, 3, 6], median 2.0; A, C, H within of 6 (D due): 50.0 %
# where the county table, by contrast, puts both Oklahoma sites in one row of 5 requests.


def test_the_per_site_table_shows_each_sites_timeliness(dataset):
    from reports.figures import report_for

    okla = Intake.objects.get(received_on=date(2026, 9, 4)).site
    tulsa = Intake.objects.get(received_on=date(2026, 9, 28)).site
    second = SiteFactory(county=okla.county)
    IntakeFactory(site=second, received_on=date(2026, 9, 14), contacted_on=date(2026, 9, 16))
    report = report_for(dataset, Q1, today=TODAY)
    rows = rows_of(report.table("by-site"))
    keys = ("received", "contact_median", "contact_within")
    assert [rows[f"{okla.name} (Oklahoma)"][k] for k in keys] == [4, 2.0, 50.0]
    assert [rows[f"{second.name} (Oklahoma)"][k] for k in keys] == [1, 2.0, 100.0]
    assert [rows[f"{tulsa.name} (Tulsa)"][k] for k in keys] == [1, None, 0.0]
    assert [rows["Total"][k] for k in keys] == [6, 2.0, 50.0]
    assert rows_of(report.table("timeliness"))["Oklahoma"]["received"] == 5


def test_the_per_site_timeliness_uses_the_timeliness_columns_and_is_suppressed(dataset):
    from reports.figures import report_for

    table = report_for(dataset, Q1, today=TODAY).table("by-site")
    header = table.header()
    county = timeliness_table(dataset, Q1, today=TODAY)
    for label in ("Requests received", "Median days to first contact", "Contacted within standard"):
        assert label in header
        assert label in county.header()
    tulsa = next(i for i, row in enumerate(table.rows) if row.label.endswith("(Tulsa)"))
    public = public_cell_rows(table, 11)
    assert public[tulsa][header.index("Requests received")] == "<11"
    assert public[tulsa][header.index("Contacted within standard")] == "suppressed"
