"""A child's demographics: optional, every answer "not recorded" until given, "declined" when the
family chose not to say; several races; recorded only under consent; shown on the child's page
(an audited read)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AccessRecord
from consultation import services
from consultation.models import ChildDemographics
from tests.factories import ChildFactory, ClassroomFactory, SiteFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "races": ["american_indian", "white"],
    "ethnicity": "not_hispanic",
    "gender": "boy",
    "iep_ifsp": "ifsp",
    "dual_language": "declined",
}


@pytest.fixture
def anas_child(demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    return ChildFactory(classroom=ClassroomFactory(site=site))


def url_of(child) -> str:
    return reverse("consultation:demographics_edit", args=[child.uuid])


def test_consultant_records_several_races_and_the_child_page_shows_them(signed_in, anas_child):
    client = signed_in("ana")
    response = client.post(url_of(anas_child), ANSWERS)
    assert response.status_code == 302
    record = ChildDemographics.objects.get(child=anas_child)
    assert record.races == ["american_indian", "white"]
    assert (record.ethnicity, record.gender, record.iep_ifsp, record.dual_language) == (
        "not_hispanic",
        "boy",
        "ifsp",
        "declined",
    )
    page = client.get(anas_child.get_absolute_url()).content.decode()
    assert "American Indian or Alaska Native, White" in page and "Has an IFSP" in page
    audit = AccessRecord.objects.filter(url_name="consultation:child_detail").last()
    assert audit is not None and audit.object_id == str(anas_child.uuid)


def test_no_race_ticked_is_not_recorded_and_the_form_starts_at_not_recorded(signed_in, anas_child):
    client = signed_in("ana")
    form = client.get(url_of(anas_child)).context["form"]
    assert form.initial["ethnicity"] == "not_recorded" and form.initial["races"] == []
    client.post(url_of(anas_child), {**ANSWERS, "races": []})
    record = ChildDemographics.objects.get()
    assert record.races == [] and record.race_labels() == ["Not recorded"]


def test_declined_with_a_race_is_refused_with_the_error_beside_the_field(signed_in, anas_child):
    response = signed_in("ana").post(
        url_of(anas_child), {**ANSWERS, "races": ["declined", "asian"]}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "alone, or the races the family gave" in page
    assert response.context["form"]["races"].value() == ["declined", "asian"]  # kept as typed
    assert not ChildDemographics.objects.exists()


def test_missing_answers_are_refused_and_nothing_is_saved(signed_in, anas_child):
    response = signed_in("ana").post(url_of(anas_child), {"races": ["asian"]})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {
        "ethnicity",
        "gender",
        "iep_ifsp",
        "dual_language",
    }
    assert not ChildDemographics.objects.exists()


def test_without_consent_in_force_the_page_says_so_and_nothing_is_recorded(signed_in, demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    child = ChildFactory(classroom=ClassroomFactory(site=site), consent=False)
    client = signed_in("ana")
    response = client.get(url_of(child))
    assert response.status_code == 200
    assert "record the consent first" in response.content.decode()
    client.post(url_of(child), ANSWERS)
    assert not ChildDemographics.objects.exists()
    with pytest.raises(ValidationError):
        services.demographics_record(child=child, **ANSWERS)


def test_another_consultants_child_is_not_found(signed_in, demo_users):
    theirs = ChildFactory(
        classroom=ClassroomFactory(site=SiteFactory(consultants=[demo_users["cara"]]))
    )
    client = signed_in("ana")
    assert client.get(url_of(theirs)).status_code == 404
    assert client.post(url_of(theirs), ANSWERS).status_code == 404
    assert not ChildDemographics.objects.exists()


def test_correcting_keeps_the_earlier_answers_in_the_history(anas_child):
    services.demographics_record(child=anas_child, **ANSWERS)
    services.demographics_record(child=anas_child, **{**ANSWERS, "races": ["declined"]})
    record = ChildDemographics.objects.get()
    assert record.races == ["declined"] and record.race_labels() == ["Declined to say"]
    assert [h.races for h in record.history.order_by("history_id")] == [
        ["american_indian", "white"],
        ["declined"],
    ]
