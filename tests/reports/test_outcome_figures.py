"""The placement, exclusion and equity figures against a small dataset worked out by hand.

Period 2026-07-01..2026-09-30. All cases are child-focused and ana's unless said.
Oklahoma County (site A):
  K1 c1 opened 06-01, closed 07-15 retained; 30-day follow-up yes, 90-day unknown.
     Events 07-02 sent home (no days), 07-10 suspension 3 days.
  K2 c2 opened 07-10, closed 08-20 expelled; 30-day no (moved on), 90-day not answered.
     Events 08-01 suspension 2 days, 08-15 dismissal (no days).
  K3 c3 opened 05-01, still open. Events 09-30 shortened day 5 days, 10-01 (after the period).
  K4 c4 opened 03-01, closed 06-20: not served in the period; its event of 07-05 does not count.
Tulsa County (site B):
  K5 c5 opened 08-01, closed 09-25 retained; 30-day follow-up not answered.
  K6 c6 opened 10-05: after the period. K7 c7 opened 07-01 but archived. K8 a classroom case
  closed 09-01: no placement.
Served (open on a day of the period): K1, K2, K3 (Oklahoma), K5 (Tulsa) -> 4.
Events counted: K1 2, K2 2, K3 1 = 5 (Oklahoma), days 3 + 2 + 5 = 10.
  Oklahoma 5 per 3 cases = 166.7 per 100; Tulsa 0 per 1 = 0.0; total 5 / 4 = 125.0.
Closed in the period: K1, K2 (Oklahoma), K5 (Tulsa) -> 3, kept at closure K1, K5 = 2 (66.7%).
  30 days: kept 1 (K1), left 1 (K2), unknown 0, awaiting 1 (K5): 1 / (1 + 1) = 50.0%.
  90 days: kept 0, left 0, unknown 1 (K1), awaiting 2 (K2, K5): no rate.
Demographics: c1 Black, girl; c2 Black, boy; c3 White and American Indian, girl; c5 none.
"""

from datetime import date

import pytest

from consultation.models import ConsultationCase, ExclusionEvent, PlacementFollowUp
from reports.figures import ReportFilter
from reports.figures.equity import equity_tables, risk_ratio, served_for_equity
from reports.figures.outcomes import exclusions_by_county, placement_by_county
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

pytestmark = pytest.mark.django_db

PERIOD = ReportFilter(date(2026, 7, 1), date(2026, 9, 30))


def day(month: int, day_of_month: int) -> date:
    return date(2026, month, day_of_month)


def _case(site, opened, closed=None, placement="", **extra) -> ConsultationCase:
    child = ChildFactory(classroom=ClassroomFactory(site=site), date_of_birth=date(2022, 3, 1))
    if closed:
        extra |= {"status": "closed", "closed_on": closed, "closure_reason": "goals_met"}
    return CaseFactory(child=child, opened_on=opened, placement_at_closure=placement, **extra)


def _events(case, *events):
    for on, kind, days in events:
        ExclusionEvent.objects.create(
            case=case,
            child=case.child,
            kind=kind,
            occurred_on=on,
            days=days,
            decided_by="director",
            recorded_by=case.consultant,
        )


def _follow_up(case, days_after, answer="", why=""):
    PlacementFollowUp.objects.create(
        case=case,
        child=case.child,
        days_after=days_after,
        due_on=case.closed_on.fromordinal(case.closed_on.toordinal() + days_after),
        answer=answer,
        why=why,
        answered_on=day(10, 14) if answer else None,
    )


@pytest.fixture
def outcomes():
    site_a = SiteFactory(county=county("Oklahoma"))
    site_b = SiteFactory(county=county("Tulsa"))
    k1 = _case(site_a, day(6, 1), day(7, 15), "retained")
    k2 = _case(site_a, day(7, 10), day(8, 20), "expelled")
    k3 = _case(site_a, day(5, 1))
    k4 = _case(site_a, day(3, 1), day(6, 20), "retained")
    k5 = _case(site_b, day(8, 1), day(9, 25), "retained")
    _case(site_b, day(10, 5))
    _case(site_b, day(7, 1), is_archived=True)
    CaseFactory(focus="classroom", child=None, classroom=ClassroomFactory(site=site_b),
                opened_on=day(7, 1), status="closed", closed_on=day(9, 1),
                closure_reason="goals_met")  # fmt: skip
    _events(k1, (day(7, 2), "sent_home", None), (day(7, 10), "suspension", 3))
    _events(k2, (day(8, 1), "suspension", 2), (day(8, 15), "dismissal", None))
    _events(k3, (day(9, 30), "shortened_day", 5), (day(10, 1), "sent_home", 1))
    _events(k4, (day(7, 5), "sent_home", 1))
    _follow_up(k1, 30, "yes")
    _follow_up(k1, 90, "unknown")
    _follow_up(k2, 30, "no", "Moved on")
    _follow_up(k2, 90)
    _follow_up(k5, 30)
    ChildDemographicsFactory(child=k1.child, races=["black"], gender="girl")
    ChildDemographicsFactory(child=k2.child, races=["black"], gender="boy")
    ChildDemographicsFactory(child=k3.child, races=["white", "american_indian"], gender="girl")
    return ProgramLeadFactory()


def by_label(table):
    return {row.label: row.values for row in [*table.rows, table.total]}


def pick(values, *keys):
    return tuple(values[key] for key in keys)


PLACEMENT = ("closed", "kept_closure", "kept_closure_rate")
AT_30 = ("kept_30", "left_30", "unknown_30", "awaiting_30", "kept_30_rate")
AT_90 = ("kept_90", "left_90", "unknown_90", "awaiting_90", "kept_90_rate")


def test_placement_at_closure_30_and_90_days_with_unknowns_apart(outcomes):
    rows = by_label(placement_by_county(outcomes, PERIOD))
    assert list(rows) == ["Oklahoma", "Tulsa", "Total"]
    assert pick(rows["Oklahoma"], *PLACEMENT, *AT_30, *AT_90) == (
        2, 1, 50.0, 1, 1, 0, 0, 50.0, 0, 0, 1, 1, None
    )  # fmt: skip
    assert pick(rows["Tulsa"], *PLACEMENT, *AT_30, *AT_90) == (
        1, 1, 100.0, 0, 0, 0, 1, None, 0, 0, 0, 1, None
    )  # fmt: skip
    assert pick(rows["Total"], *PLACEMENT, *AT_30, *AT_90) == (
        3, 2, 66.7, 1, 1, 0, 1, 50.0, 0, 0, 1, 2, None
    )  # fmt: skip


def test_exclusion_events_per_100_cases_and_days_by_county(outcomes):
    rows = by_label(exclusions_by_county(served_for_equity(outcomes, PERIOD)))
    keys = ("served", "events", "per_100", "days")
    assert {label: pick(values, *keys) for label, values in rows.items()} == {
        "Oklahoma": (3, 5, 166.7, 10),
        "Tulsa": (1, 0, 0.0, 0),
        "Total": (4, 5, 125.0, 10),
    }


def test_the_county_filter_keeps_its_own_cases(outcomes):
    tulsa = ReportFilter(PERIOD.date_from, PERIOD.date_to, county=county("Tulsa"))
    rows = by_label(exclusions_by_county(served_for_equity(outcomes, tulsa)))
    assert pick(rows["Total"], "served", "events") == (1, 0)


EQUITY = ("children", "cases", "cases_share", "events", "events_share", "risk_ratio")
COMBINED = "Groups of fewer than 2 children, combined"


def test_equity_by_race_names_only_groups_at_the_threshold_with_their_risk_ratio(outcomes):
    # Black (c1, c2): 4 events / 2 cases = 2.0; all others (K3, K5): 1 / 2 = 0.5 -> 4.0.
    # Two or more races (c3) and not recorded (c5) have 1 child each: combined, no ratio.
    # (The rows of all counties; each county's come first: test_equity_by_county.py.)
    race = by_label(equity_tables(served_for_equity(outcomes, PERIOD), threshold=2)[0])
    assert {label: pick(values, *EQUITY) for label, values in race.items() if ":" not in label} == {
        "Black or African American": (2, 2, 50.0, 4, 80.0, 4.0),
        COMBINED: (2, 2, 50.0, 1, 20.0, None),
        "Total": (4, 4, 100.0, 5, 100.0, None),
    }


def test_equity_by_gender_and_the_unknowns_of_the_other_questions(outcomes):
    # Girls (c1, c3): 3 events / 2 cases = 1.5; others (K2, K5): 2 / 2 = 1.0 -> 1.5.
    tables = {
        t.slug: by_label(t) for t in equity_tables(served_for_equity(outcomes, PERIOD), threshold=2)
    }
    assert pick(tables["equity-gender"]["Girl"], *EQUITY) == (2, 2, 50.0, 3, 60.0, 1.5)
    assert pick(tables["equity-gender"][COMBINED], *EQUITY) == (2, 2, 50.0, 2, 40.0, None)
    # c1-c3 not Hispanic or Latino: the others (K5) had no event, so no ratio; c5 combined.
    assert pick(tables["equity-ethnicity"]["Not Hispanic or Latino"], *EQUITY) == (
        3, 3, 75.0, 5, 100.0, None
    )  # fmt: skip
    assert pick(tables["equity-ethnicity"][COMBINED], *EQUITY) == (1, 1, 25.0, 0, 0.0, None)


def test_every_group_named_at_threshold_one_with_ratios_against_all_others(outcomes):
    # Two or more races (c3): 1/1 = 1.0 against (4 events / 3 cases) -> 0.75;
    # not recorded (c5): 0 events -> 0.0 against 5 / 3.
    race = by_label(equity_tables(served_for_equity(outcomes, PERIOD), threshold=1)[0])
    assert race["Two or more races"]["risk_ratio"] == 0.75
    assert race["Not recorded"]["risk_ratio"] == 0.0
    assert "Asian" not in race  # a group without children has no row
    assert COMBINED.replace("2", "1") not in race


def test_risk_ratio_is_undefined_without_cases_or_events_on_the_other_side():
    assert risk_ratio(3, 10, 2, 20) == 3.0
    assert risk_ratio(3, 10, 0, 20) is None
    assert risk_ratio(0, 0, 2, 20) is None
    assert risk_ratio(3, 10, 2, 0) is None


def test_public_export_hides_small_groups_and_the_counts_that_would_reveal_them(outcomes):
    race = equity_tables(served_for_equity(outcomes, PERIOD), threshold=2)[0]
    rows = {row[0]: row[1:] for row in public_cell_rows(race, 2)}
    # The combined row's single event is primary; the Black row's events are its complement.
    # By county too (test_equity_by_county.py works a larger case): Tulsa's one child is small,
    # so Oklahoma's row of all children hides with it, then Oklahoma's Black row; the Black row
    # of all counties would give it back (Oklahoma's Black children are all its Black
    # children), so it hides, and the combined row of all counties with it.
    hid = "suppressed"
    assert rows[COMBINED] == [hid, hid, hid, "<2", hid, hid]
    assert rows["Black or African American"] == [hid] * 6
    assert rows["Tulsa: all children"] == ["<2", "<2", hid, 0, None, hid]
    assert rows["Total"] == [4, 4, 100.0, 5, 100.0, None]
    # At the real threshold (11) no group is named and every count of four children is hidden.
    default = equity_tables(served_for_equity(outcomes, PERIOD), threshold=11)[0]
    labels = [row[0] for row in public_cell_rows(default, 11)]
    assert labels == [
        "Oklahoma: Groups of fewer than 11 children, combined",
        "Oklahoma: all children",
        "Tulsa: Groups of fewer than 11 children, combined",
        "Tulsa: all children",
        "Groups of fewer than 11 children, combined",
        "Total",
    ]
    assert all(cell == "<11" for row in public_cell_rows(default, 11) for cell in row[1:3])
