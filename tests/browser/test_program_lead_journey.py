"""Program lead lee's reports in a real browser: filter to one county and last quarter (a named
quarter of the state fiscal year), download the county table's full CSV and XLSX, and check that
the files say what the page says and that they are for internal use only. Typing a date switches
the period to custom dates. Every page is audited (tests/browser/checks.py) and photographed, at
390, 768 and 1280 px too."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from reports import periods
from tests import factories
from tests.browser.checks import audit, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def visits_at(county_name: str, *dated_minutes) -> None:
    site = factories.SiteFactory(county=factories.county(county_name))
    first_day = min(day for day, _ in dated_minutes)
    case = factories.CaseFactory(
        child=factories.ChildFactory(classroom=factories.ClassroomFactory(site=site)),
        opened_on=first_day - timedelta(days=10),
    )
    for day, minutes in dated_minutes:
        factories.VisitFactory(case=case, visit_date=day, duration_minutes=minutes)


@pytest.fixture
def quarter_in_two_counties(demo_users):
    """Worked out by hand: Tulsa County last quarter is 3 visits, 60 + 90 + 30 minutes = 3.0 h.
    Excluded: an Oklahoma County visit in that quarter, a Tulsa visit in this quarter."""
    start, end = periods.last_quarter(factories.today())
    visits_at("Tulsa", (start + timedelta(days=3), 60), (start + timedelta(days=40), 90))
    visits_at("Tulsa", (end - timedelta(days=2), 30), (end + timedelta(days=5), 240))
    visits_at("Oklahoma", (start + timedelta(days=20), 120))
    return start, end


WIDTH_CHECKS = {
    "overflow": "() => [...document.querySelectorAll('.report-filters, .downloads')].filter("
    "e => e.getBoundingClientRect().right > window.innerWidth + 1).length",
    "under 44 px": "() => [...document.querySelectorAll('.report-filters select, "
    ".report-filters input:not([type=hidden]), .report-filters button, .downloads a')].filter("
    "e => e.getBoundingClientRect().height < 44).length",
}


def choose_quarter_of(page, start) -> None:
    """The named quarter of the state fiscal year that `start` begins."""
    year, quarter = periods.fiscal_quarter_of(start)
    page.get_by_label("Period", exact=True).select_option("quarter")
    page.get_by_label("Fiscal year", exact=True).select_option(str(year))
    page.get_by_label("Quarter", exact=True).select_option(str(quarter))


def typed_dates_switch_to_custom(page, shoot, start) -> None:
    """Typing a date switches the period to custom dates, and the page then uses those dates;
    no control overflows or is under 44 px at 390, 768 or 1280 px."""
    typed = start + timedelta(days=30)
    page.get_by_label("From", exact=True).fill(f"{typed:%Y-%m-%d}")
    assert page.get_by_label("Period", exact=True).input_value() == "custom"
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**/reports/?*period=custom*")
    assert page.get_by_text(f"Custom dates: {typed:%Y-%m-%d}").is_visible()
    for width in (390, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for problem, script in WIDTH_CHECKS.items():
            assert page.evaluate(script) == 0, f"controls {problem} at {width} px"
        shoot(page, f"program-lead-05-reports-{width}", full_page=False)


def test_program_lead_filters_reports_and_downloads_matching_files(
    page, shoot, quarter_in_two_counties
):
    start, end = quarter_in_two_counties

    page.goto("/")
    shoot(page, "program-lead-01-login")
    login(page, "lee")
    page.get_by_role("link", name="Reports").first.click()
    page.wait_for_url("**/reports/")
    audit(page)
    shoot(page, "program-lead-02-reports")

    choose_quarter_of(page, start)
    page.get_by_label("County", exact=True).select_option(label="Tulsa")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**/reports/?*county=*")
    assert page.get_by_text(f"{start:%Y-%m-%d} to {end:%Y-%m-%d}").first.is_visible()
    # The boxes show the dates used.
    assert page.get_by_label("From", exact=True).input_value() == f"{start:%Y-%m-%d}"
    audit(page)
    # The top of the page (filters, headline figures, charts): the whole page is very long.
    shoot(page, "program-lead-03-tulsa-last-quarter", full_page=False)

    headline = page.locator(".headline-item", has=page.locator("dt", has_text="Hours"))
    page_hours = headline.first.locator("dd.headline-value").inner_text()
    assert page_hours == "3.00"
    section = page.locator('section[aria-labelledby="by-county-heading"]')
    tulsa_row = section.locator("tbody tr", has=page.locator("th", has_text="Tulsa"))
    headers = [h.strip() for h in section.locator("thead th").all_inner_texts()]
    hours_column = next(i for i, h in enumerate(headers) if h.startswith("Hours"))
    row_cells = [tulsa_row.locator("th").inner_text(), *tulsa_row.locator("td").all_inner_texts()]
    assert row_cells[hours_column] == page_hours

    full = section.get_by_role("group", name="Full table")
    assert "internal use only" in full.inner_text()
    with page.expect_download() as csv_download:
        full.get_by_role("link", name="Full CSV: internal only").click()
    csv_path = csv_download.value.path()
    with open(csv_path, newline="", encoding="utf-8") as handle:
        csv_rows = list(csv.reader(handle))
    notice, header, *body = csv_rows
    assert notice[0].startswith("Contains small counts: internal use only")
    csv_tulsa = next(row for row in body if row[0] == "Tulsa")
    assert float(csv_tulsa[header.index("Hours")]) == float(page_hours)
    assert not any(row[0] == "Oklahoma" for row in body)

    with page.expect_download() as xlsx_download:
        full.get_by_role("link", name="Full XLSX: internal only").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0]
    sheet_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    xlsx_notice, xlsx_header, *xlsx_body = sheet_rows
    assert xlsx_notice[0].startswith("Contains small counts: internal use only")
    xlsx_tulsa = next(row for row in xlsx_body if row[0] == "Tulsa")
    assert float(xlsx_tulsa[xlsx_header.index("Hours")]) == float(page_hours)
    shoot(page, "program-lead-04-downloaded")
    typed_dates_switch_to_custom(page, shoot, start)
