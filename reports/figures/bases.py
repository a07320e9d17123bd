"""The bases of the one aggregate query: each kind of record of the filter, as value rows, with
the ways it is aggregated (for the headline, by county, by month and for its detail table)."""

from datetime import date

from django.db.models import F, Q, QuerySet

from accounts.models import User
from consultation.ages import age_band_expression
from consultation.models import ConsultationCase, PyramidGoal
from referrals.models import follow_up_overdue
from reports.figures.definitions import AT_RISK
from reports.figures.sql import (
    CASES_CLOSED,
    CASES_OPENED,
    CONCERNS,
    GOALS,
    REFERRALS,
    TOTAL,
    VISITS,
    Grouping,
    ReportFilter,
    aggregated,
    count_sql,
    figure_groupings,
    flag,
    month_key,
    quoted,
    records,
    sum_sql,
)

Base = tuple[QuerySet, dict[str, Grouping]]


def _visits(visits: QuerySet) -> dict[str, Base]:
    county, month = F(f"{VISITS.site}__county__name"), month_key(VISITS.date)
    minutes = {"visits": count_sql(), "minutes": sum_sql("minutes")}
    return {
        "visits": (
            visits.values(
                county=county,
                month=month,
                how=F("mode"),
                place=F("site_id"),
                minutes=F("duration_minutes"),
            ),
            {
                **figure_groupings(**minutes, sites=count_sql("place", distinct=True)),
                "mode": ((quoted("how"),), minutes),
            },
        ),
        # Classrooms and children of a visit side by side: their pairs repeat a visit, which
        # distinct counts do not mind (visits and minutes are summed above, without them).
        "named": (
            visits.values(county=county, month=month, room=F("classrooms"), kid=F("children")),
            figure_groupings(
                classrooms=count_sql("room", distinct=True),
                children=count_sql("kid", distinct=True),
            ),
        ),
    }


def _concerns(concerns: QuerySet) -> Base:
    children = count_sql("kid", distinct=True)
    return (
        concerns.values(
            county=F(f"{CONCERNS.site}__county__name"),
            month=month_key(CONCERNS.date),
            kid=F("child_id"),
            item=F("concern_item_id"),
            band=age_band_expression("child__date_of_birth", CONCERNS.date),
        ),
        {
            **figure_groupings(concerns=count_sql()),
            "children": ((), {"children": children}),
            "band": ((quoted("band"),), {"observations": count_sql(), "children": children}),
            "item": ((quoted("item"),), {"observations": count_sql()}),
        },
    )


def _cases(user: User, f: ReportFilter) -> dict[str, Base]:
    by_focus = ((quoted("kind"),), {"n": count_sql()})
    retained = AT_RISK & Q(placement_at_closure=ConsultationCase.Placement.RETAINED)
    return {
        "opened": (
            records(CASES_OPENED, user, f).values(
                county=F("site__county__name"),
                month=month_key(CASES_OPENED.date),
                kind=F("focus"),
                at_risk=flag(AT_RISK),
            ),
            {
                **figure_groupings(cases_opened=count_sql(), at_risk_opened=count_sql("at_risk")),
                "focus": by_focus,
            },
        ),
        "closed": (
            records(CASES_CLOSED, user, f).values(
                county=F("site__county__name"),
                month=month_key(CASES_CLOSED.date),
                kind=F("focus"),
                at_risk=flag(AT_RISK),
                kept=flag(retained),
            ),
            {
                **figure_groupings(
                    cases_closed=count_sql(),
                    at_risk_closed=count_sql("at_risk"),
                    retained=count_sql("kept"),
                ),
                "focus": by_focus,
            },
        ),
    }


def _goals(user: User, f: ReportFilter) -> Base:
    return (
        records(GOALS, user, f).values(
            county=F("case__site__county__name"),
            month=month_key(GOALS.date),
            level=F("tier_id"),
            state=F("status"),
            met=flag(Q(status=PyramidGoal.Status.MET)),
        ),
        {
            **figure_groupings(goals_set=count_sql(), goals_met=count_sql("met")),
            "tier": ((quoted("level"), quoted("state")), {"n": count_sql()}),
        },
    )


def _overdue(user: User, f: ReportFilter, today: date) -> Base:
    """A count of today, whatever the period: by county, not by month."""
    overdue = records(REFERRALS, user, f, in_period=False).filter(follow_up_overdue(today))
    return (
        overdue.values(county=F("case__site__county__name")),
        {
            TOTAL: ((), {"overdue_follow_ups": count_sql()}),
            "county": ((quoted("county"),), {"overdue_follow_ups": count_sql()}),
        },
    )


def aggregate_report(user: User, f: ReportFilter, today: date) -> dict[str, dict]:
    """Every count and sum of the page but the referrals', in one query: each kind of record
    of the filter is read once and aggregated for the headline, by county, by month and for
    its own detail table."""
    return aggregated(
        {
            **_visits(records(VISITS, user, f)),
            "concerns": _concerns(records(CONCERNS, user, f)),
            **_cases(user, f),
            "goals": _goals(user, f),
            "overdue": _overdue(user, f, today),
        }
    )
