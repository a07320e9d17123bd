"""The referral list reads its rows in a fixed number of queries, whatever the number of rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from referrals.models import Referral
from tests.factories import CaseFactory, ConsultantFactory, ReferralFactory, today

pytestmark = pytest.mark.django_db


def test_referral_list_query_count_does_not_grow_with_referrals(
    client, django_assert_max_num_queries
):
    consultant = ConsultantFactory()
    for index in range(32):
        ReferralFactory(
            case=CaseFactory(consultant=consultant),
            status=Referral.Status.SENT,
            sent_on=today() - timedelta(days=20),
            follow_up_due=today() + timedelta(days=index - 10),
        )
    client.force_login(consultant)
    # Session and user (2), the referrals with case, site, child, service and agency joined
    # (1), the footer's crisis lines (1), plus transaction bookkeeping.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("referrals:referral_list"))
    assert len(response.context["referrals"]) == 32
