"""Measures from the case page: pick an instrument, record its scores (errors beside the fields
and at the top, what was typed kept, nothing saved), void one, and the caseload's measures due."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import AccessRecord
from consultation.models import Administration, MeasureDue, ScoreField
from tests.factories import AdministrationFactory, CaseFactory, instrument, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def anas_case(demo_users):
    return CaseFactory(consultant=demo_users["ana"])


def record_url(case, code: str = "") -> str:
    url = reverse("consultation:measure_create", args=[case.uuid])
    return f"{url}?instrument={code}" if code else url


def perm_field() -> str:
    return f"score_{ScoreField.objects.get(instrument__code='perm').pk}"


def test_the_case_page_offers_the_instruments_that_rate_its_child(signed_in, anas_case):
    client = signed_in("ana")
    page = client.get(anas_case.get_absolute_url()).content.decode()
    assert record_url(anas_case) in page and "No measures recorded yet." in page
    picks = client.get(record_url(anas_case)).content.decode()
    assert "?instrument=perm" in picks and "?instrument=deca-p2" in picks
    assert "?instrument=tpot" not in picks  # a classroom tool: not for a child-focused case


def test_consultant_records_a_perm_baseline_and_sees_it_on_the_case(signed_in, anas_case):
    MeasureDue.objects.create(
        case=anas_case, instrument=instrument("perm"), point="baseline", due_by=today()
    )
    client = signed_in("ana")
    form = client.get(record_url(anas_case, "perm")).content.decode()
    assert "Record PERM (Preschool Expulsion Risk Measure) for" in form
    response = client.post(
        record_url(anas_case, "perm"),
        {"administered_on": today().isoformat(), "point": "baseline", perm_field(): "14"},
    )
    assert response.status_code == 302 and response.url == anas_case.get_absolute_url()
    saved = Administration.objects.get()
    assert (saved.case, saved.child, saved.point) == (anas_case, anas_case.child, "baseline")
    assert str(saved.scores.get().value) == "14.00"
    assert MeasureDue.objects.get().satisfied_by == saved
    page = client.get(anas_case.get_absolute_url()).content.decode()
    assert "Total risk score 14" in page and "done" in page


def test_a_score_out_of_range_shows_the_error_beside_it_and_at_the_top_and_saves_nothing(
    signed_in, anas_case
):
    field = ScoreField.objects.get(instrument__code="deca-p2", is_total=True)
    response = signed_in("ana").post(
        record_url(anas_case, "deca-p2"),
        {"administered_on": today().isoformat(), "point": "baseline", f"score_{field.pk}": "95"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Total Protective Factors runs 20 to 80: 95 is outside it." in html
    assert 'value="95"' in html  # what was typed is kept
    assert f'href="#id_score_{field.pk}"' in html  # the summary links to the field
    assert not Administration.objects.exists()


def test_an_instrument_outside_the_childs_age_is_refused_at_the_top(signed_in, demo_users):
    from consultation.models import Child

    case = CaseFactory(consultant=demo_users["ana"])
    Child.objects.filter(pk=case.child.pk).update(date_of_birth=today() - timedelta(days=700))
    response = signed_in("ana").post(
        record_url(case, "perm"),
        {"administered_on": today().isoformat(), "point": "baseline", perm_field(): "10"},
    )
    assert response.status_code == 200
    assert "fits children 36–71 months" in response.content.decode()
    assert not Administration.objects.exists()


def test_an_unknown_instrument_or_another_consultants_case_is_not_found(signed_in, anas_case):
    assert signed_in("ana").get(record_url(anas_case, "no-such")).status_code == 404
    assert signed_in("ana").get(record_url(anas_case, "boq")).status_code == 404  # a program tool
    assert signed_in("cara").get(record_url(anas_case, "perm")).status_code == 404


def test_recording_a_measure_is_in_the_read_audit(signed_in, anas_case, demo_users):
    signed_in("ana").get(record_url(anas_case, "perm"))
    audit = AccessRecord.objects.get(url_name="consultation:measure_create")
    assert (audit.user, audit.object_type, audit.object_id) == (
        demo_users["ana"],
        "case",
        str(anas_case.uuid),
    )


def test_consultant_voids_a_measure_with_a_reason_and_it_stays_struck_through(signed_in, anas_case):
    administration = AdministrationFactory(case=anas_case)
    url = reverse("consultation:measure_void", args=[administration.uuid])
    client = signed_in("ana")
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "Nothing was saved" in refused.content.decode()
    assert client.post(url, {"reason": "Wrong child"}).status_code == 302
    administration.refresh_from_db()
    assert administration.is_void and administration.void_reason == "Wrong child"
    page = client.get(anas_case.get_absolute_url()).content.decode()
    assert "Voided: Wrong child" in page and "<del>" in page


def test_the_caseload_shows_measures_due_and_overdue(signed_in, anas_case):
    MeasureDue.objects.create(
        case=anas_case, instrument=instrument("perm"), point="baseline", due_by=today()
    )
    MeasureDue.objects.create(
        case=anas_case,
        instrument=instrument("deca-p2"),
        point="baseline",
        due_by=today() - timedelta(days=1),
    )
    html = signed_in("ana").get(reverse("consultation:caseload")).content.decode()
    assert "Measures due: 1 due" in html and "1 overdue" in html
    assert signed_in("cara").get(reverse("consultation:caseload")).context["measures"].rows == []
