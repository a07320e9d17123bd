"""Records a consultant can correct: a site, a classroom, a child. Every save goes through a
service, is kept in the history, and is refused when someone saved the record since it was
opened. A date of birth is corrected with a reason; concerns that no longer fit the new age
band are listed for review, never rewritten."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import services
from consultation.models import Child, Classroom, Site
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    SiteFactory,
    VisitFactory,
    concern_item,
    today,
)

pytestmark = pytest.mark.django_db


def child_fields(child, **changes):
    return {
        "first_name": child.first_name,
        "last_initial": child.last_initial,
        "date_of_birth": child.date_of_birth,
        "classroom": child.classroom,
    } | changes


def test_a_new_date_of_birth_needs_a_reason_and_the_history_keeps_old_new_who_and_why():
    child = ChildFactory()
    born = child.date_of_birth
    corrected = born - timedelta(days=40)
    with pytest.raises(ValidationError) as refused:
        services.child_update(child=child, **child_fields(child, date_of_birth=corrected))
    assert "correction_reason" in refused.value.message_dict
    assert Child.objects.get(pk=child.pk).date_of_birth == born
    services.child_update(
        child=Child.objects.get(pk=child.pk),
        **child_fields(child, date_of_birth=corrected),
        correction_reason="birth certificate seen",
    )
    latest, before = child.history.order_by("-history_date", "-history_id")[:2]
    assert (before.date_of_birth, latest.date_of_birth) == (born, corrected)
    assert latest.history_change_reason.endswith("date of birth corrected: birth certificate seen")


def test_an_edit_on_an_older_version_is_refused_with_what_changed():
    child = ChildFactory(first_name="Ava")
    stale = child.version
    services.child_update(child=child, **child_fields(child, first_name="Eva"))
    with pytest.raises(ValidationError) as refused:
        services.child_update(
            child=Child.objects.get(pk=child.pk),
            **child_fields(child, first_name="Ivy"),
            expected_version=stale,
        )
    assert "first name (Ava → Eva)" in str(refused.value)
    assert Child.objects.get(pk=child.pk).first_name == "Eva"


@pytest.mark.parametrize(
    ("typed", "kept"), [("m", "M"), ("Mc", "Mc"), ("de.", "De"), ("O'", "O"), ("DE", "De")]
)
def test_one_or_two_letters_are_kept(typed, kept):
    child = services.child_create(
        classroom=ClassroomFactory(),
        first_name="Ava",
        last_initial=typed,
        date_of_birth=today() - timedelta(days=900),
    )
    assert child.last_initial == kept


@pytest.mark.parametrize("typed", ["Garcia", "GAR", "M3", "", "Mc Kay"])
def test_anything_longer_or_not_letters_is_refused_never_cut(typed):
    with pytest.raises(ValidationError) as refused:
        services.child_create(
            classroom=ClassroomFactory(),
            first_name="Ava",
            last_initial=typed,
            date_of_birth=today() - timedelta(days=900),
        )
    assert "last_initial" in refused.value.message_dict
    assert not Child.objects.exists()


def test_the_childs_page_lists_concerns_the_corrected_date_moves_out_of_band(signed_in, demo_users):
    """A toddler's concern recorded last month: with a date of birth two years earlier the
    child was a preschooler then, and the page says so without changing the concern."""
    site = SiteFactory(consultants=[demo_users["ana"]])
    child = ChildFactory(
        classroom=ClassroomFactory(site=site), date_of_birth=today() - timedelta(days=500)
    )
    case = CaseFactory(consultant=demo_users["ana"], child=child)
    visit = VisitFactory(case=case, visit_date=today() - timedelta(days=30))
    visit.children.add(child)
    concern = visit.concerns.create(child=child, concern_item=concern_item("toddler"))
    client = signed_in("ana")
    response = client.post(
        reverse("consultation:child_edit", args=[child.uuid]),
        {
            "first_name": child.first_name,
            "last_initial": child.last_initial,
            "date_of_birth": (today() - timedelta(days=1230)).isoformat(),
            "classroom": str(child.classroom.uuid),
            "correction_reason": "typo at intake",
            "version": child.version,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 recorded concern on 1 visit no longer fit" in page
    assert "is on the Toddler" in page and visit.get_absolute_url() in page
    concern.refresh_from_db()
    assert concern.concern_item == concern_item("toddler")  # nothing rewritten


def test_a_consultant_edits_their_site_and_classroom(signed_in, demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]], name="Old Oak")
    room = ClassroomFactory(site=site, name="Robins")
    client = signed_in("ana")
    data = {
        "name": "Old Oak Learning Center",
        "site_type": site.site_type,
        "county": site.county.pk,
        "version": site.version,
    }
    assert client.post(reverse("consultation:site_edit", args=[site.uuid]), data).status_code == 302
    assert Site.objects.get(pk=site.pk).name == "Old Oak Learning Center"
    stale = client.post(reverse("consultation:site_edit", args=[site.uuid]), data | {"name": "X"})
    assert "your changes were not saved" in stale.content.decode()
    assert Site.objects.get(pk=site.pk).name == "Old Oak Learning Center"
    room_data = {"name": "Blue Robins", "age_group": "preschool", "version": room.version}
    client.post(reverse("consultation:classroom_edit", args=[room.uuid]), room_data)
    assert Classroom.objects.get(pk=room.pk).name == "Blue Robins"
    assert (
        signed_in("cara").get(reverse("consultation:classroom_edit", args=[room.uuid])).status_code
        == 404
    )
