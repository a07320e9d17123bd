"""No record in a browser's cache: every response to a signed-in user carries
`Cache-Control: no-store, private`. Pages are checked over the whole access matrix
(test_access_matrix.py, every URL x every role); here are the responses the matrix does not
reach as a 200: streamed and XLSX exports, the scanned consent form, the admin's CSV action, and
the responses that sign in and out."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.base import ContentFile
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def assert_not_stored(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.get("Cache-Control")


@pytest.fixture
def case(demo_users):
    return CaseFactory(consultant=demo_users["ana"])


def test_streamed_csv_export_is_not_stored(signed_in, case):
    response = signed_in("lee").get(reverse("reports:export_visits"))
    assert isinstance(response, StreamingHttpResponse)
    assert_not_stored(response)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_table_exports_are_not_stored(signed_in, case, file_format):
    url = reverse("reports:export_table", args=["by-county"])
    response = signed_in("lee").get(url, {"format": file_format})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert_not_stored(response)


def test_consent_document_download_is_not_stored(signed_in, case):
    consent = case.child.consents.get()
    consent.document.save("form.pdf", ContentFile(b"%PDF-1.4 signed form"), save=True)
    response = signed_in("ana").get(reverse("consultation:consent_document", args=[consent.uuid]))
    assert isinstance(response, FileResponse)
    assert_not_stored(response)


def test_admin_csv_action_is_not_stored(signed_in, case):
    response = signed_in("sue").post(
        reverse("admin:consultation_consultationcase_changelist"),
        {"action": "export_csv", "index": "0", ACTION_CHECKBOX_NAME: [str(case.pk)]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert_not_stored(response)


def test_signing_in_and_out_are_not_stored(demo_users):
    client = Client()
    signed_in = client.post(reverse("login"), {"username": "ana", "password": "demo-pass-2026"})
    assert signed_in.status_code == 302
    assert_not_stored(signed_in)
    assert_not_stored(client.get(reverse("home"), follow=True))
    assert_not_stored(client.post(reverse("logout")))
