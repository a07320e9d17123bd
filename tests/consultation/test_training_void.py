"""Trainings recorded in error are voided with a reason, never deleted: by the consultant who
delivered them (their pages) or their supervisor (the admin). A voided training stays visible,
marked, with who voided it, when and why, and its history shows the void."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import services
from consultation.models import Training
from tests.factories import SiteFactory
from tests.factories_l21 import TrainingFactory

pytestmark = pytest.mark.django_db

ADMIN_LIST = reverse("admin:consultation_training_changelist")


def void_url(training) -> str:
    return reverse("consultation:training_void", args=[training.uuid])


@pytest.fixture
def anas_training(demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    return TrainingFactory(consultant=demo_users["ana"], sites=[site])


@pytest.mark.parametrize("reason", ["", "   "])
def test_void_refuses_without_a_reason_and_changes_nothing(anas_training, demo_users, reason):
    with pytest.raises(ValidationError) as refused:
        services.training_void(training=anas_training, by=demo_users["ana"], reason=reason)
    assert "reason" in refused.value.message_dict
    fresh = Training.objects.get(pk=anas_training.pk)
    assert (fresh.is_void, fresh.void_reason, fresh.voided_at, fresh.voided_by) == (
        False,
        "",
        None,
        None,
    )
    assert fresh.history.count() == 1


def test_the_void_page_refuses_an_empty_reason(anas_training, signed_in):
    response = signed_in("ana").post(void_url(anas_training), {"reason": ""})
    assert response.status_code == 200
    assert not Training.objects.get(pk=anas_training.pk).is_void


def test_a_consultant_voids_their_training_and_it_stays_visible_as_voided(anas_training, signed_in):
    ana = signed_in("ana")
    response = ana.post(void_url(anas_training), {"reason": "Recorded twice"})
    assert response.status_code == 302
    training = Training.objects.get(pk=anas_training.pk)
    assert training.is_void and training.void_reason == "Recorded twice"
    assert training.voided_by.username == "ana" and training.voided_at is not None
    page = ana.get(training.get_absolute_url()).content.decode()
    assert "Voided" in page and "Recorded twice" in page and "Ana Morales" in page
    assert reverse("consultation:training_edit", args=[training.uuid]) not in page
    assert "Voided" in ana.get(reverse("consultation:training_list")).content.decode()


def test_a_voided_training_is_not_corrected_nor_voided_again(anas_training, demo_users):
    services.training_void(training=anas_training, by=demo_users["ana"], reason="Wrong day")
    with pytest.raises(ValidationError, match="already voided"):
        services.training_void(training=anas_training, by=demo_users["ana"], reason="Again")


def test_another_consultant_cannot_void_it(anas_training, demo_users):
    with pytest.raises(ValidationError, match="Only the consultant"):
        services.training_void(training=anas_training, by=demo_users["ben"], reason="Mine?")
    assert not Training.objects.get(pk=anas_training.pk).is_void


def test_the_history_shows_the_void(anas_training, demo_users, signed_in):
    services.training_void(training=anas_training, by=demo_users["sue"], reason="Logged twice")
    last = anas_training.history.order_by("history_id").last()
    assert last.is_void and last.history_change_reason.endswith("voided: Logged twice")
    assert last.voided_by_id == demo_users["sue"].pk
    history = reverse("admin:consultation_training_history", args=[anas_training.pk])
    page = signed_in("sue").get(history).content.decode()
    assert "voided: Logged twice" in page


def test_the_supervisor_voids_the_teams_trainings_in_the_admin(anas_training, signed_in):
    sue = signed_in("sue")
    data = {"action": "void_trainings", ACTION_CHECKBOX_NAME: [anas_training.pk]}
    asked = sue.post(ADMIN_LIST, data)
    assert "Why are these trainings voided?" in asked.content.decode()
    refused = sue.post(ADMIN_LIST, {**data, "apply": "1", "reason": ""})
    assert refused.status_code == 200 and not Training.objects.get(pk=anas_training.pk).is_void
    sue.post(ADMIN_LIST, {**data, "apply": "1", "reason": "Recorded twice"})
    training = Training.objects.get(pk=anas_training.pk)
    assert training.is_void and training.voided_by.username == "sue"


def test_the_admin_lists_the_teams_trainings_only_and_another_team_is_404(
    anas_training, demo_users, signed_in, django_assert_max_num_queries
):
    caras = TrainingFactory(
        consultant=demo_users["cara"], sites=[SiteFactory(consultants=[demo_users["cara"]])]
    )
    sue = signed_in("sue")
    # Session, user, two-factor device, permissions (2), the filters' choices (consultants,
    # topics, counties), the count, the rows and their sites (one prefetch), the date hierarchy
    # (2), the crisis footer's agencies, the access record, a savepoint's two: 17 whatever the
    # number of rows (no query per row).
    with django_assert_max_num_queries(17):
        page = sue.get(ADMIN_LIST).content.decode()
    assert f"/{anas_training.pk}/change/" in page and f"/{caras.pk}/change/" not in page
    change = reverse("admin:consultation_training_change", args=[caras.pk])
    assert sue.get(change).status_code == 404


def test_the_admin_filters_trainings(anas_training, demo_users, signed_in):
    services.training_void(training=anas_training, by=demo_users["ana"], reason="Wrong day")
    sue = signed_in("sue")
    change = f"/{anas_training.pk}/change/"
    assert change not in sue.get(ADMIN_LIST).content.decode()  # current ones by default
    assert change in sue.get(ADMIN_LIST, {"archived": "yes"}).content.decode()
    county = anas_training.sites.get().county_id
    listed = sue.get(ADMIN_LIST, {"archived": "all", "sites__county__id__exact": county})
    assert change in listed.content.decode()
    virtual = sue.get(ADMIN_LIST, {"archived": "all", "mode__exact": "virtual"})
    assert change not in virtual.content.decode()
    topic = sue.get(ADMIN_LIST, {"archived": "all", "topic__id__exact": anas_training.topic_id})
    assert change in topic.content.decode()
