"""Reference data that reaches families and providers has Spanish names: filled by the data
migration, editable in the admin, shown on Spanish pages only."""

import pytest
from django.urls import reverse
from django.utils import translation

from consultation.models import Activity, ConcernItem, PracticeArea, PyramidTier
from referrals.models import ServiceType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (ConcernItem, "text_es"),
        (Activity, "name_es"),
        (PyramidTier, "name_es"),
        (PracticeArea, "name_es"),
        (ServiceType, "name_es"),
    ],
)
def test_every_seeded_reference_row_has_a_spanish_name(model, field):
    rows = model.objects.all()
    assert rows.exists()
    assert not rows.filter(**{field: ""}).exists()


def test_the_spanish_name_shows_on_spanish_pages_and_the_english_one_elsewhere():
    tier = PyramidTier.objects.get(name="Effective workforce")
    with translation.override("es"):
        assert tier.local_name == "Personal eficaz"
    with translation.override("en"):
        assert tier.local_name == "Effective workforce"
    tier.name_es = ""
    with translation.override("es"):
        assert tier.local_name == "Effective workforce"  # not filled in: the English name


def test_a_superuser_edits_a_spanish_name_in_the_admin(signed_in):
    activity = Activity.objects.get(name="Role play")
    url = reverse("admin:consultation_activity_change", args=[activity.pk])
    client = signed_in("admin")
    assert 'name="name_es"' in client.get(url).content.decode()
    data = {
        "name": activity.name,
        "name_es": "Dramatización",
        "kind": activity.kind,
        "sort_order": activity.sort_order,
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.name_es == "Dramatización"
