"""The paired-change figure against the hand-worked dataset of paired_data.py."""

from datetime import date
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import ConsultationCase
from reports.figures import ReportFilter
from reports.figures.paired_change import paired_change
from reports.tables import public_cell_rows
from tests.factories import county
from tests.reports.paired_data import BASELINE, FOLLOW_UP, PERIOD, build, take

pytestmark = pytest.mark.django_db

PERM = "PERM: Total risk score"
ASQ = "ASQ:SE-2: Total"
TPF = "DECA-P2: Total Protective Factors"
TSES = "Teachers' Sense of Efficacy Scale: Total (mean)"


@pytest.fixture
def data():
    return build()


def rows(user, **filters):
    table = paired_change(user, ReportFilter(*PERIOD, **filters))
    return {row.label: row.values for row in table.rows}


def test_perm_pairs_the_earliest_baseline_with_the_latest_live_follow_up(data):
    perm = rows(data.lead)[PERM]
    # Case 1: 30 -> 25 (the later baseline and the voided follow-up ignored); case 2: 10 -> 12
    # (the latest of two follow-ups); case 4's baseline is void, case 5's follow-up is after
    # the period.
    assert perm["pairs"] == 2
    assert (perm["mean_baseline"], perm["mean_follow_up"], perm["mean_change"]) == (20, 18.5, -1.5)
    assert perm["direction"] == "Improved (lower is better)"
    assert (perm["improved"], perm["improved_share"]) == (1, 50.0)
    # No cut-off for the PERM: nothing to cross.
    assert (perm["of_concern"], perm["crossed"], perm["crossed_share"]) == (None, None, None)
    assert perm["missing"] == 1  # case 3, closed in the period without a follow-up


def test_asq_crossing_uses_the_cut_off_of_the_childs_age_at_each_administration(data):
    asq = rows(data.lead)[ASQ]
    assert asq["pairs"] == 3
    assert (asq["mean_baseline"], asq["mean_follow_up"], asq["mean_change"]) == (60, 59.67, -0.33)
    assert asq["direction"] == "Improved (lower is better)"
    assert (asq["improved"], asq["improved_share"]) == (2, 66.7)
    # Case 6 went from 65 at 36 months (cut-off 59) to 62 at 43 months (cut-off 70): out of
    # concern; case 7 stays at or above 70.
    assert (asq["of_concern"], asq["crossed"], asq["crossed_share"]) == (2, 1, 50.0)
    assert asq["missing"] == 0


def test_deca_direction_and_cut_offs_per_score(data):
    found = rows(data.lead)
    tpf = found[TPF]
    assert (tpf["pairs"], tpf["mean_baseline"], tpf["mean_follow_up"]) == (1, 38, 44)
    assert (tpf["mean_change"], tpf["direction"]) == (6, "Improved (higher is better)")
    assert (tpf["of_concern"], tpf["crossed"], tpf["missing"]) == (1, 1, 1)
    initiative = found["DECA-P2: Initiative"]
    assert (initiative["mean_change"], initiative["direction"]) == (
        0,
        "No change (higher is better)",
    )
    assert (initiative["improved"], initiative["of_concern"], initiative["crossed_share"]) == (
        0,
        0,
        None,
    )
    regulation = found["DECA-P2: Self-Regulation"]
    assert (regulation["improved"], regulation["of_concern"], regulation["crossed"]) == (1, 1, 0)
    attachment = found["DECA-P2: Attachment/Relationships"]
    assert attachment["direction"] == "Worsened (higher is better)"
    # Higher is worse: 65 -> 58 is an improvement, and below the cut-off of 60.
    concerns = found["DECA-P2: Behavioral Concerns"]
    assert (concerns["mean_change"], concerns["direction"]) == (-7, "Improved (lower is better)")
    assert (concerns["improved"], concerns["of_concern"], concerns["crossed"]) == (1, 1, 1)
    # Case 10's only follow-up was voided: missing on every score.
    assert concerns["missing"] == 1


def test_teachers_of_one_case_are_paired_separately(data):
    tses = rows(data.lead)[TSES]
    assert (tses["pairs"], tses["mean_baseline"], tses["mean_follow_up"]) == (1, 5, 6.5)
    assert tses["missing"] == 1  # M.T. has no follow-up


def test_supervisor_and_county_see_their_own_pairs(data):
    for found in (rows(data.sup_b), rows(data.lead, county=county("Tulsa"))):
        assert found[PERM]["pairs"] == 0 and found[PERM]["missing"] == 1
        assert found[ASQ]["pairs"] == 1 and found[ASQ]["crossed"] == 1
        assert TSES not in found
    assert rows(data.sup_a)[PERM]["pairs"] == 2
    assert rows(data.lead, consultant=data.cara)[ASQ]["mean_baseline"] == 65


def test_a_period_counts_the_pairs_whose_follow_up_falls_in_it(data):
    found = rows(data.lead)
    october = paired_change(data.lead, ReportFilter(date(2026, 10, 1), date(2026, 12, 31)))
    perm = {row.label: row.values for row in october.rows}[PERM]
    assert perm["pairs"] == 1 and perm["mean_baseline"] == 22  # case 5's pair
    assert found[PERM]["pairs"] + perm["pairs"] == 3


def test_public_variant_hides_small_counts_and_the_means_resting_on_them(data):
    table = paired_change(data.lead, ReportFilter(*PERIOD))
    public = {row[0]: row[1:] for row in public_cell_rows(table, 11)}
    keys = [column.key for column in table.columns]
    perm = dict(zip(keys, public[PERM], strict=True))
    assert perm["pairs"] == "<11" and perm["missing"] == "<11"
    assert perm["mean_baseline"] == "suppressed" and perm["direction"] == "suppressed"


def test_the_figure_is_on_the_reports_page_and_exports(client, data):
    client.force_login(data.lead)
    query = {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30"}
    page = client.get(reverse("reports:index"), query)
    assert page.context["report"].table("paired-change").rows
    assert "Paired change from baseline to follow-up" in page.content.decode()
    url = reverse("reports:export_table", args=["paired-change"])
    csv = b"".join(client.get(url, {**query, "format": "csv"}).streaming_content).decode()
    notice, header = csv.splitlines()[:2]
    assert notice.startswith("Contains small counts: internal use only")
    assert header.startswith("Instrument: score,Pairs,Mean baseline")
    assert any(line.startswith(f"{PERM},2,20.0,18.5,-1.5") for line in csv.splitlines())


def test_page_queries_do_not_grow_with_the_measures(client, data, django_assert_max_num_queries):
    # The reports page as pinned in test_views (of which the paired change reads 4: the
    # scores of the relevant administrations in one query, the missing follow-ups' scores
    # counted by score field, the score fields with their instruments, their cut-offs). Ten
    # more pairs on other cases add no query.
    client.force_login(data.lead)
    query = {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30"}
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("reports:index"), query)
    for n in range(10):
        case = ConsultationCase.objects.get(pk=data.cases[7].pk)
        case.pk, case.uuid = None, uuid4()
        case.save()
        take(case, "asq-se-2", BASELINE, date(2026, 3, 1), {"Total": 60 + n})
        take(case, "asq-se-2", FOLLOW_UP, date(2026, 8, 1), {"Total": 50 + n})
    with django_assert_max_num_queries(len(before)):
        page = client.get(reverse("reports:index"), query)
    table = page.context["report"].table("paired-change")
    assert {row.label: row.values for row in table.rows}[ASQ]["pairs"] == 13
