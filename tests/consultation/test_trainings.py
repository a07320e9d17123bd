"""Trainings delivered to childcare staff: recorded by consultants for their sites, corrected by
the consultant who delivered them, read by their supervisor; the topics come from the list."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import Training, TrainingTopic
from tests.factories import SiteFactory, today
from tests.factories_l21 import TrainingFactory, training_topic

pytestmark = pytest.mark.django_db

NEW = reverse("consultation:training_create")


def form_data(site, **changes) -> dict:
    return {
        "delivered_on": (today() - timedelta(days=2)).isoformat(),
        "minutes": "90",
        "topic": str(training_topic().pk),
        "mode": "virtual",
        "sites": [str(site.uuid)],
        "teachers": "5",
        "directors": "1",
        "other_staff": "0",
        "attendee_names": "Ms. Rivera\nMr. Cole",
        **changes,
    }


def test_the_topics_include_the_pyramid_model_modules_echo_and_trauma_informed_care(db):
    names = set(TrainingTopic.objects.values_list("name", flat=True))
    assert sum(name.startswith("Pyramid Model module") for name in names) == 3
    assert {"Trauma-informed care", "Infant Mental Health ECHO session"} <= names


def test_a_consultant_records_a_training_for_their_sites(signed_in, demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    response = signed_in("ana").post(NEW, form_data(site))
    training = Training.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "consultation:training_detail", args=[training.uuid]
    )
    assert (training.consultant, training.minutes, training.mode) == (
        demo_users["ana"],
        90,
        "virtual",
    )
    assert list(training.sites.all()) == [site] and training.staff_reached == 6
    assert training.attendee_names == "Ms. Rivera\nMr. Cole"
    assert training.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"teachers": "0", "directors": "0"}, "teachers", "at least one"),
        ({"delivered_on": "1990-01-01"}, "delivered_on", "check the year"),
        ({"minutes": "0"}, "minutes", "greater than or equal to 1"),
        ({"sites": []}, "sites", "required"),
    ],
)
def test_a_training_with_a_broken_rule_is_refused_beside_the_field(
    signed_in, demo_users, changes, field, message
):
    site = SiteFactory(consultants=[demo_users["ana"]])
    response = signed_in("ana").post(NEW, form_data(site, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Training.objects.exists()


def test_a_future_training_is_refused(signed_in, demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = signed_in("ana").post(NEW, form_data(site, delivered_on=tomorrow))
    assert "not in the future" in " ".join(response.context["form"].errors["delivered_on"])


def test_another_consultants_site_is_not_offered(signed_in, demo_users):
    theirs = SiteFactory(consultants=[demo_users["cara"]])
    response = signed_in("ana").post(NEW, form_data(theirs))
    assert "sites" in response.context["form"].errors
    assert not Training.objects.exists()


def test_the_consultant_who_delivered_it_corrects_it(signed_in, demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    training = TrainingFactory(consultant=demo_users["ana"], sites=[site])
    edit = reverse("consultation:training_edit", args=[training.uuid])
    assert signed_in("ana").get(edit).context["form"].initial["minutes"] == 90
    signed_in("ana").post(edit, form_data(site, minutes="45"))
    training.refresh_from_db()
    assert training.minutes == 45 and training.history.count() == 2
    assert signed_in("ben").post(edit, form_data(site, minutes="30")).status_code == 404


def test_lists_show_a_supervisor_their_teams_trainings_in_a_fixed_number_of_queries(
    signed_in, demo_users, django_assert_max_num_queries
):
    site = SiteFactory(consultants=[demo_users["ana"], demo_users["cara"]])
    ours = [TrainingFactory(consultant=demo_users["ana"], sites=[site]) for _ in range(5)]
    TrainingFactory(consultant=demo_users["cara"], sites=[site])
    client = signed_in("sue")
    # Session and user (2), the savepoint pair (2), the page count and the page (2), the sites
    # of every training on it (1), the crisis lines of the footer (1): 8, whatever the rows.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("consultation:training_list"))
    assert list(response.context["trainings"]) == ours[::-1]
    theirs = Training.objects.get(consultant=demo_users["cara"])
    detail = reverse("consultation:training_detail", args=[theirs.uuid])
    assert client.get(detail).status_code == 404
