"""The equity figures by county, worked by hand (threshold 2: groups of one child combined).

Period 2026-07-01..2026-09-30; every case child-focused, open all period.
Oklahoma County: a1 Black (2 events), a2 Black (1), a3 White (0), a4 White (1), a5 Asian (0).
Tulsa County: b1 White (1), b2 White (0), b3 Black (1).

Oklahoma (5 cases, 4 events):
  Black 2 children, 2 cases (40.0%), 3 events (75.0%): (3/2) / (1/3) = 4.5
  White 2, 2 (40.0%), 1 event (25.0%): (1/2) / (3/3) = 0.5
  Asian: one child, combined: 1, 1 (20.0%), 0 events
Tulsa (3 cases, 2 events):
  White 2, 2 (66.7%), 1 (50.0%): (1/2) / (1/1) = 0.5
  Black: one child (b3), combined: 1, 1 (33.3%), 1 event (50.0%)
All counties (8 cases, 6 events):
  Black 3, 3 (37.5%), 4 (66.7%): (4/3) / (2/5) = 3.33
  White 4, 4 (50.0%), 2 (33.3%): (2/4) / (4/4) = 0.5
  Asian combined: 1, 1 (12.5%), 0
"""

from datetime import date

import pytest

from reports.figures import ReportFilter
from reports.figures.equity import equity_tables, served_for_equity
from reports.tables import public_cell_rows
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ProgramLeadFactory,
    SiteFactory,
    county,
)
from tests.factories_outcomes import ChildDemographicsFactory
from tests.reports.test_outcome_figures import EQUITY, _events, by_label, pick

pytestmark = pytest.mark.django_db

PERIOD = ReportFilter(date(2026, 7, 1), date(2026, 9, 30))
SMALL = "Groups of fewer than 2 children, combined"


@pytest.fixture
def lead():
    okc, tulsa = SiteFactory(county=county("Oklahoma")), SiteFactory(county=county("Tulsa"))
    for site, race, events in [
        (okc, "black", 2),
        (okc, "black", 1),
        (okc, "white", 0),
        (okc, "white", 1),
        (okc, "asian", 0),
        (tulsa, "white", 1),
        (tulsa, "white", 0),
        (tulsa, "black", 1),
    ]:
        child = ChildFactory(classroom=ClassroomFactory(site=site), date_of_birth=date(2022, 3, 1))
        case = CaseFactory(child=child, opened_on=date(2026, 6, 1))
        _events(case, *[(date(2026, 8, 1 + n), "sent_home", 1) for n in range(events)])
        ChildDemographicsFactory(child=child, races=[race])
    return ProgramLeadFactory()


def race_table(lead, threshold=2, f=PERIOD):
    return equity_tables(served_for_equity(lead, f), threshold=threshold)[0]


def test_each_county_has_its_groups_and_risk_ratios_against_its_own_children(lead):
    race = {label: pick(values, *EQUITY) for label, values in by_label(race_table(lead)).items()}
    assert race == {
        "Oklahoma: Black or African American": (2, 2, 40.0, 3, 75.0, 4.5),
        "Oklahoma: White": (2, 2, 40.0, 1, 25.0, 0.5),
        f"Oklahoma: {SMALL}": (1, 1, 20.0, 0, 0.0, None),
        "Oklahoma: all children": (5, 5, 100.0, 4, 100.0, None),
        "Tulsa: White": (2, 2, 66.7, 1, 50.0, 0.5),
        f"Tulsa: {SMALL}": (1, 1, 33.3, 1, 50.0, None),  # Tulsa's one Black child
        "Tulsa: all children": (3, 3, 100.0, 2, 100.0, None),
        "Black or African American": (3, 3, 37.5, 4, 66.7, 3.33),
        "White": (4, 4, 50.0, 2, 33.3, 0.5),
        SMALL: (1, 1, 12.5, 0, 0.0, None),
        "Total": (8, 8, 100.0, 6, 100.0, None),
    }
    assert list(by_label(race_table(lead)))[:4] == [
        "Oklahoma: Black or African American",
        "Oklahoma: White",
        f"Oklahoma: {SMALL}",
        "Oklahoma: all children",
    ]


def test_one_county_is_the_plain_table(lead):
    tulsa = ReportFilter(PERIOD.date_from, PERIOD.date_to, county=county("Tulsa"))
    race = by_label(race_table(lead, f=tulsa))
    assert list(race) == ["White", SMALL, "Total"]
    assert pick(race["White"], *EQUITY) == (2, 2, 66.7, 1, 50.0, 0.5)


def test_public_variant_suppresses_per_county_and_across_counties(lead):
    table = race_table(lead)
    public = {row[0]: row[1:] for row in public_cell_rows(table, 2)}
    hid, low = "suppressed", "<2"
    # Children and cases: each combined row's 1 is small; its county's smallest other group
    # hides with it (Oklahoma's Black, Tulsa's White), and the all-counties Black row hides with
    # the combined row of all counties. Tulsa's Black child is in Tulsa's combined row, so
    # "Black, all counties" minus "Oklahoma: Black" would reveal it: that row is hidden
    # already. Hiding Tulsa's White leaves "White, all counties" = Oklahoma's + Tulsa's with
    # one hidden: Oklahoma's White hides too.
    # Events: Oklahoma's White (1), Tulsa's White and Tulsa's combined row (1 each) are small;
    # Oklahoma's Black (3) is the complement in Oklahoma's block (the combined row's 0 is never
    # hidden).
    assert public["Oklahoma: Black or African American"] == [hid, hid, hid, hid, hid, hid]
    assert public["Oklahoma: White"] == [hid, hid, hid, low, hid, hid]
    assert public[f"Oklahoma: {SMALL}"] == [low, low, hid, 0, 0.0, hid]
    assert public["Oklahoma: all children"] == [5, 5, 100.0, 4, 100.0, None]
    assert public["Tulsa: White"] == [hid, hid, hid, low, hid, hid]
    assert public[f"Tulsa: {SMALL}"] == [low, low, hid, low, hid, hid]
    assert public["Tulsa: all children"] == [3, 3, 100.0, 2, 100.0, None]
    assert public["Black or African American"] == [hid, hid, hid, 4, 66.7, hid]
    assert public["White"] == [4, 4, 50.0, 2, 33.3, 0.5]
    assert public[SMALL] == [low, low, hid, 0, 0.0, hid]
    assert public["Total"] == [8, 8, 100.0, 6, 100.0, None]
