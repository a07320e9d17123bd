"""A supervisor corrects their team's child records in the admin, through the same service as
the consultant pages: a new date of birth needs a reason, a last initial is refused not cut,
and a save made on an older version is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import Child
from tests.factories import ChildFactory, ClassroomFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anas_child(demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    return ChildFactory(classroom=ClassroomFactory(site=site))


def post(child, **changes):
    return {
        "first_name": child.first_name,
        "last_initial": child.last_initial,
        "date_of_birth": child.date_of_birth.isoformat(),
        "classroom": child.classroom.pk,
        "version": child.version,
        "correction_reason": "",
    } | changes


def test_a_supervisor_corrects_a_date_of_birth_with_a_reason(signed_in, anas_child):
    url = reverse("admin:consultation_child_change", args=[anas_child.pk])
    client = signed_in("sue")
    corrected = (anas_child.date_of_birth - timedelta(days=31)).isoformat()
    refused = client.post(url, post(anas_child, date_of_birth=corrected))
    assert refused.status_code == 200 and "Say why the date of birth changes" in (
        refused.content.decode()
    )
    assert Child.objects.get(pk=anas_child.pk).date_of_birth == anas_child.date_of_birth
    saved = client.post(
        url, post(anas_child, date_of_birth=corrected, correction_reason="typo at intake")
    )
    assert saved.status_code == 302
    child = Child.objects.get(pk=anas_child.pk)
    assert child.date_of_birth.isoformat() == corrected
    assert child.history.latest().history_change_reason == (
        "admin: date of birth corrected: typo at intake"
    )


def test_the_admin_refuses_a_long_initial_and_a_stale_save(signed_in, anas_child):
    url = reverse("admin:consultation_child_change", args=[anas_child.pk])
    client = signed_in("sue")
    long_initial = client.post(url, post(anas_child, last_initial="Garcia"))
    assert "one letter, or two" in long_initial.content.decode()
    stale = post(anas_child, first_name="Eva")
    client.post(url, post(anas_child, first_name="Ava"))
    conflict = client.post(url, stale)
    assert "your changes were not saved" in conflict.content.decode()
    assert Child.objects.get(pk=anas_child.pk).first_name == "Ava"
    assert signed_in("tom").get(url).status_code == 404  # another team's child
