"""Plausible dates (issue 17): a date of birth, a case, visit or consent date in year 0001 (a
mistyped year) is refused beside its field, in the services, on the consultant's pages and in
the admin; the bounds come from settings (core.dates is the one rule)."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import services
from consultation.models import Child, ConsultationCase, Visit
from consultation.services.consents import ConsentInput
from core.dates import implausible, years_before
from tests.consultation.visit_page import assert_nothing_saved, form_data, url_for
from tests.factories import CaseFactory, ChildFactory, ClassroomFactory, VisitFactory, today
from tests.security.test_concurrent_edits import load

pytestmark = pytest.mark.django_db

YEAR_ONE = date(1, 1, 1)


def refused(field: str, call) -> str:
    with pytest.raises(ValidationError) as excinfo:
        call()
    assert field in excinfo.value.message_dict, excinfo.value.message_dict
    return " ".join(excinfo.value.message_dict[field])


# The rule, with its bounds from settings ---------------------------------------------------------


def test_the_bounds_come_from_settings(settings):
    now = date(2026, 6, 15)
    assert implausible("record", date(2000, 1, 1), now) == ""
    assert "check the year" in implausible("record", date(1999, 12, 31), now)
    settings.EARLIEST_RECORD_DATE = date(2010, 1, 1)
    assert "Jan 1, 2010" in implausible("record", date(2009, 12, 31), now)
    assert implausible("birth", date(2014, 6, 15), now) == ""
    assert "over 12" in implausible("birth", date(2014, 6, 14), now)
    settings.OLDEST_CHILD_YEARS = 8
    assert "over 8" in implausible("birth", date(2018, 6, 14), now)
    assert implausible("next visit", date(2027, 6, 15), now) == ""
    assert "at most 365 days ahead" in implausible("next visit", date(2027, 6, 16), now)


def test_a_29_february_birthday_counts_back_to_the_28th():
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)


# The services -----------------------------------------------------------------------------------


def test_a_child_born_in_year_one_or_over_twelve_is_refused():
    classroom = ClassroomFactory()
    for born in (YEAR_ONE, years_before(today(), 12) - timedelta(days=1)):
        message = refused(
            "date_of_birth",
            lambda born=born: services.child_create(
                classroom=classroom, first_name="Mia", last_initial="R", date_of_birth=born
            ),
        )
        assert "check the year" in message
    assert not Child.objects.exists()


def test_a_childs_record_on_file_can_be_edited_after_they_turn_twelve():
    child = ChildFactory(date_of_birth=years_before(today(), 13))
    services.child_update(
        child=child,
        first_name="Mira",
        last_initial=child.last_initial,
        date_of_birth=child.date_of_birth,
        classroom=child.classroom,
    )
    child.refresh_from_db()
    assert child.first_name == "Mira"


def test_a_case_opened_in_year_one_is_refused():
    site = ClassroomFactory().site
    refused(
        "opened_on",
        lambda: services.case_open(
            consultant=CaseFactory().consultant,
            focus=ConsultationCase.Focus.PROGRAM,
            site=site,
            opened_on=YEAR_ONE,
            reason="Staff turnover",
        ),
    )
    assert ConsultationCase.objects.count() == 1  # the factory's


def visit_kwargs(case, **overrides):
    return {
        "consultant": case.consultant,
        "case": case,
        "visit_date": today() - timedelta(days=1),
        "start_time": time(9, 0),
        "duration_minutes": 60,
        "mode": "on_site",
        **overrides,
    }


def test_a_visit_before_2000_or_a_next_visit_over_a_year_ahead_is_refused():
    old_case = CaseFactory(opened_on=date(1990, 1, 1))
    refused(
        "visit_date",
        lambda: services.visit_log(**visit_kwargs(old_case, visit_date=date(1995, 3, 1))),
    )
    case = CaseFactory()
    far = today() + timedelta(days=366)
    message = refused(
        "next_visit_date", lambda: services.visit_log(**visit_kwargs(case, next_visit_date=far))
    )
    assert "at most 365 days ahead" in message
    assert not Visit.objects.exists()


def consent_input(**overrides) -> ConsentInput:
    fields = {
        "given_by": "Rosa R.",
        "relationship": "parent",
        "given_on": today(),
        "covers_consultation": True,
        "covers_sharing": False,
        **overrides,
    }
    return ConsentInput(**fields)


def test_consent_given_or_revoked_in_year_one_is_refused(demo_users):
    child = ChildFactory(date_of_birth=YEAR_ONE)  # a record from before the rule
    ana = demo_users["ana"]
    refused(
        "given_on",
        lambda: services.consent_record(
            child=child, recorded_by=ana, consent=consent_input(given_on=date(1, 6, 1))
        ),
    )
    consent = child.consents.get()
    type(consent).objects.filter(pk=consent.pk).update(given_on=YEAR_ONE)
    consent.refresh_from_db()
    refused(
        "revoked_on",
        lambda: services.consent_revoke(
            consent=consent, by=ana, revoked_on=date(1, 6, 1), reported_by="Rosa R."
        ),
    )
    consent.refresh_from_db()
    assert consent.revoked_on is None


# The pages: the error beside the field, what was typed kept, nothing saved ----------------------


def test_the_consultants_child_form_refuses_year_one_beside_the_field(demo_users, signed_in):
    site = CaseFactory(consultant=demo_users["ana"]).site
    url = reverse("consultation:child_create", args=[site.uuid])
    ana = signed_in("ana")
    form = load(ana, url)
    names = {name for name in form.data() if name.endswith("date_of_birth")}
    response = ana.post(url, form.data(first_name="Zora", **dict.fromkeys(names, "0001-01-01")))
    assert response.status_code == 200
    assert "check the year" in response.content.decode()
    assert "Zora" in response.content.decode()
    assert not Child.objects.filter(first_name="Zora").exists()


# The dates a supervisor can change in the admin (a visit's and a case's own dates are read-only
# there).
@pytest.mark.parametrize(
    ("model", "field"), [("child", "date_of_birth"), ("visit", "next_visit_date")]
)
def test_the_admin_refuses_an_implausible_date_beside_the_field(
    model, field, demo_users, signed_in
):
    visit = VisitFactory(case=CaseFactory(consultant=demo_users["ana"]))
    record = {"child": visit.case.child, "visit": visit, "consultationcase": visit.case}[model]
    url = reverse(f"admin:consultation_{model}_change", args=[record.pk])
    sue = signed_in("sue")
    form = load(sue, url)
    typed = "2999-01-01" if field == "next_visit_date" else "0001-01-01"
    response = sue.post(url, form.data(**{field: typed, "correction_reason": "typo"}))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert (
        "check the year" in response.content.decode() or "days ahead" in response.content.decode()
    )
    record.refresh_from_db()
    assert getattr(record, field) != date.fromisoformat(typed)


def test_the_visit_page_refuses_year_one_and_a_next_visit_two_years_ahead(client, setting):
    client.force_login(setting["consultant"])
    ahead = (today() + timedelta(days=730)).isoformat()
    data = form_data(setting, **{"visit-visit_date": "0001-01-01", "visit-next_visit_date": ahead})
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "check the year" in errors["visit_date"][0]
    assert "at most 365 days ahead" in errors["next_visit_date"][0]
    assert "Model the visual schedule." in response.content.decode()
    assert_nothing_saved()
