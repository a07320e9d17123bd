"""The database side of the busy pages: the named indexes they plan on (migrations
consultation 0004, referrals 0003) and no JIT compilation on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import Q

from consultation.models import ConsultationCase, GoalProgress, Visit
from referrals.models import Referral

pytestmark = pytest.mark.django_db

PAGE_INDEXES = {
    ConsultationCase: {
        "case_recent_first_idx",
        "case_live_by_consultant_idx",
        "case_open_by_consultant_idx",
    },
    Visit: {
        "visit_recent_first_idx",
        "visit_live_by_case_idx",
        "visit_consultant_date_idx",
    },
    GoalProgress: {"goalprogress_recent_first_idx"},
    Referral: {"referral_awaiting_due_idx", "referral_sent_on_idx"},
}


@pytest.mark.parametrize("model", PAGE_INDEXES, ids=lambda m: m.__name__)
def test_page_indexes_exist_in_the_database(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert PAGE_INDEXES[model] <= {name for name, c in constraints.items() if c["index"]}


def test_open_case_index_holds_exactly_the_caseload_filter():
    index = next(
        i for i in ConsultationCase._meta.indexes if i.name == "case_open_by_consultant_idx"
    )
    assert index.condition == Q(is_archived=False) & ~Q(status=ConsultationCase.Status.CLOSED)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_postgresql_connections_do_not_jit_compile_page_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
