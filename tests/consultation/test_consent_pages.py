"""Consent from the child's page: recorded with a scanned form, the form opened only by those
who may see the child (each opening audited), revoked with who reported it, printed blank for
the caregiver. Uploads of any content and size never cause a server error or a half-saved
record."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import AccessRecord
from consultation.models import Consent
from tests.factories import (
    ChildFactory,
    ClassroomFactory,
    ConsentFactory,
    SiteFactory,
    today,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a signed consent form\n"


@pytest.fixture
def anas_child(demo_users):
    site = SiteFactory(consultants=[demo_users["ana"]])
    return ChildFactory(classroom=ClassroomFactory(site=site), consent=False)


def consent_post(**changes):
    return {
        "given_by": "Maria L.",
        "relationship": "parent",
        "given_on": today().isoformat(),
        "covers_consultation": "on",
        "covers_sharing": "on",
        "method": "written",
    } | changes


def test_consent_is_recorded_from_the_childs_page_with_its_scan(signed_in, anas_child):
    client = signed_in("ana")
    page = client.get(anas_child.get_absolute_url()).content.decode()
    assert "none in force" in page
    url = reverse("consultation:consent_create", args=[anas_child.uuid])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    response = client.post(url, consent_post(document=SimpleUploadedFile("scan.pdf", PDF)))
    assert response["Location"] == anas_child.get_absolute_url()
    consent = Consent.objects.get(child=anas_child)
    assert consent.covers == "consultation and sharing with any agency"
    assert consent.recorded_by.username == "ana"
    child_page = client.get(anas_child.get_absolute_url()).content.decode()
    assert reverse("consultation:consent_document", args=[consent.uuid]) in child_page


def test_the_scan_is_a_download_audited_and_another_team_gets_404(signed_in, anas_child):
    consent = ConsentFactory(child=anas_child)
    consent.document.save("form.pdf", SimpleUploadedFile("f.pdf", PDF), save=True)
    url = reverse("consultation:consent_document", args=[consent.uuid])
    response = signed_in("ana").get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    record = AccessRecord.objects.get(url_name="consultation:consent_document")
    assert (record.user.username, record.object_id) == ("ana", str(consent.uuid))
    assert signed_in("cara").get(url).status_code == 404  # another team's consultant
    assert signed_in("tom").get(url).status_code == 404  # another team's supervisor
    assert signed_in("sue").get(url).status_code == 200  # ana's supervisor


def test_revoking_from_the_childs_page_stops_new_work_and_shows_the_date(signed_in, anas_child):
    consent = ConsentFactory(child=anas_child, given_on=today() - timedelta(days=30))
    client = signed_in("ana")
    url = reverse("consultation:consent_revoke", args=[consent.uuid])
    response = client.post(
        url,
        {"revoked_on": today().isoformat(), "reported_by": "Maria L., by phone", "version": 1},
    )
    assert response.status_code == 302
    page = client.get(anas_child.get_absolute_url()).content.decode()
    assert f"Consent revoked on {today():%b} {today().day}" in page
    assert "none in force" in page


def test_the_printable_form_names_this_child_only_and_the_services(signed_in, anas_child):
    other = ChildFactory(classroom=anas_child.classroom, first_name="Zelda")
    page = signed_in("ana").get(reverse("consultation:consent_form", args=[anas_child.uuid]))
    text = page.content.decode()
    assert anas_child.display_name in text and "Child Guidance Program" in text
    assert other.first_name not in text
    assert "Oklahoma Infant and Early Childhood Mental Health Consultation" in text


UPLOADS = st.one_of(
    st.binary(max_size=64),  # anything at all, an empty file included
    st.sampled_from([b"", PDF, b"\xff\xd8\xff\xe0 jpeg", b"\x89PNG\r\n\x1a\n png", b"GIF89a"]),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None)
@given(content=UPLOADS, name=st.sampled_from(["scan.pdf", "scan.exe", "", "a" * 300 + ".png"]))
def test_any_upload_is_stored_or_refused_cleanly(signed_in, anas_child, content, name):
    client = signed_in("ana")
    before = Consent.objects.count()
    upload = SimpleUploadedFile(name or "unnamed", content)
    response = client.post(
        reverse("consultation:consent_create", args=[anas_child.uuid]),
        consent_post(document=upload),
    )
    assert response.status_code in (200, 302)
    accepted = content.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
    if response.status_code == 200:
        assert Consent.objects.count() == before and not accepted
        assert "PDF, JPEG or PNG" in response.content.decode() or "empty" in (
            response.content.decode()
        )
    else:
        assert accepted and Consent.objects.count() == before + 1


def test_a_scan_over_the_limit_is_refused_beside_the_field(signed_in, anas_child, settings):
    settings.CONSENT_DOCUMENT_MAX_BYTES = 100
    response = signed_in("ana").post(
        reverse("consultation:consent_create", args=[anas_child.uuid]),
        consent_post(document=SimpleUploadedFile("big.pdf", PDF * 20)),
    )
    assert "at most 0 MB" not in response.content.decode()  # the limit is said plainly
    assert response.context["form"].errors["document"]
    assert not Consent.objects.exists()
