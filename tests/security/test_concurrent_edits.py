"""Two people editing the same visit or case: the second save is refused with what changed since
(the record's version), never silently overwriting; the page comes back with the user's values.

The pages are driven like a browser: each client loads the form, and posts back what the page
holds (hidden version included) with its own change."""

import threading
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from consultation import services
from consultation.models import ConsultationCase, Visit
from core.versions import EditConflict
from tests.factories import CaseFactory, VisitFactory

pytestmark = pytest.mark.django_db


class BrowserForm(HTMLParser):
    """What a browser submits for the page's main POST form (the last one: the header's sign-out
    form comes first): text inputs, hidden inputs, ticked boxes, selected options, textareas."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.fields = None
        self.select = None
        self.textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.fields = []
            self.forms.append(self.fields)
        if self.fields is None or not attrs.get("name"):
            if tag == "option" and self.select is not None and "selected" in attrs:
                self.fields.append((self.select, attrs.get("value") or ""))
            return
        name, kind = attrs["name"], attrs.get("type", "text")
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self.fields.append((name, attrs.get("value") or "on"))
        elif tag == "input" and kind not in ("submit", "button", "file"):
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "form":
            self.fields = None

    def data(self, **changes) -> dict:
        values: dict[str, list[str]] = {}
        for name, value in self.forms[-1]:
            values.setdefault(name, []).append(value)
        values.pop("csrfmiddlewaretoken", None)
        values.update({name: [value] for name, value in changes.items()})
        return values


def load(client: Client, url: str) -> BrowserForm:
    response = client.get(url)
    assert response.status_code == 200
    return BrowserForm(response.content.decode())


def text(response) -> str:
    return response.content.decode().replace("&gt;", ">").replace("&#x27;", "'")


@pytest.fixture
def ana_visit(demo_users):
    return VisitFactory(case=CaseFactory(consultant=demo_users["ana"]), duration_minutes=60)


# The consultant's visit form -------------------------------------------------------------------


def test_second_save_of_a_visit_is_refused_with_what_changed(demo_users, ana_visit, signed_in):
    url = reverse("consultation:visit_edit", args=[ana_visit.uuid])
    laptop, phone = signed_in(demo_users["ana"]), signed_in(demo_users["ana"])
    first, second = load(laptop, url), load(phone, url)
    assert first.data()["visit-version"] == ["1"]

    assert laptop.post(url, first.data(**{"visit-duration_minutes": "75"})).status_code == 302
    response = phone.post(url, second.data(**{"visit-notes": "Typed on the phone."}))

    assert response.status_code == 200
    body = text(response)
    assert "Ana Morales changed duration (minutes) (60 → 75)" in body
    assert "your changes were not saved — review them and save again" in body
    assert "Typed on the phone." in body  # the user's values are redisplayed
    ana_visit.refresh_from_db()
    assert (ana_visit.duration_minutes, ana_visit.notes) == (
        75,
        "Observed arrival and circle time.",
    )
    assert ana_visit.version == 2


def test_after_review_the_refused_visit_can_be_saved_deliberately(demo_users, ana_visit, signed_in):
    url = reverse("consultation:visit_edit", args=[ana_visit.uuid])
    laptop, phone = signed_in(demo_users["ana"]), signed_in(demo_users["ana"])
    first, second = load(laptop, url), load(phone, url)
    laptop.post(url, first.data(**{"visit-duration_minutes": "75"}))
    refused = BrowserForm(
        phone.post(url, second.data(**{"visit-notes": "Phone."})).content.decode()
    )

    # The redisplayed form carries the version now saved: saving it again is a choice.
    assert refused.data()["visit-version"] == ["2"]
    assert phone.post(url, refused.data()).status_code == 302
    ana_visit.refresh_from_db()
    assert (ana_visit.notes, ana_visit.duration_minutes, ana_visit.version) == ("Phone.", 60, 3)


def test_visit_edited_in_the_admin_meanwhile_refuses_the_consultants_save(
    demo_users, ana_visit, signed_in
):
    edit = reverse("consultation:visit_edit", args=[ana_visit.uuid])
    change = reverse("admin:consultation_visit_change", args=[ana_visit.pk])
    ana, sue = signed_in(demo_users["ana"]), signed_in(demo_users["sue"])
    consultant_form, admin_form = load(ana, edit), load(sue, change)

    assert sue.post(change, admin_form.data(next_steps="Call the director.")).status_code == 302
    response = ana.post(edit, consultant_form.data(**{"visit-duration_minutes": "80"}))

    assert response.status_code == 200
    assert "Sue Harjo changed next steps" in text(response)
    ana_visit.refresh_from_db()
    assert (ana_visit.next_steps, ana_visit.duration_minutes) == ("Call the director.", 60)


# The consultant's case close form --------------------------------------------------------------


def test_second_close_of_a_case_is_refused_with_what_changed(demo_users, signed_in, settings):
    settings.CLOSURE_SIGN_OFF = False  # the consultant closes at once
    case = CaseFactory(consultant=demo_users["ana"])
    url = reverse("consultation:case_close", args=[case.uuid])
    laptop, phone = signed_in(demo_users["ana"]), signed_in(demo_users["ana"])
    first, second = load(laptop, url), load(phone, url)
    assert first.data()["version"] == ["1"]
    placement = ConsultationCase.Placement.RETAINED

    closed = laptop.post(
        url, first.data(closure_reason="goals_met", placement_at_closure=placement)
    )
    assert closed.status_code == 302
    response = phone.post(
        url,
        second.data(
            closure_reason="family_withdrew", placement_at_closure=placement, closure_note="Moved"
        ),
    )

    assert response.status_code == 200
    body = text(response)
    assert "Ana Morales changed status (Active → Closed)" in body
    assert "closure reason (— → Goals met)" in body
    assert "Moved" in body
    case.refresh_from_db()
    assert (case.closure_reason, case.closure_note) == ("goals_met", "")


def test_close_after_the_case_was_reassigned_is_refused(demo_users, signed_in):
    case = CaseFactory(consultant=demo_users["ana"])
    url = reverse("consultation:case_close", args=[case.uuid])
    ana = signed_in(demo_users["ana"])
    form = load(ana, url)
    services.case_reassign(
        case=case, to_consultant=demo_users["ben"], by=demo_users["sue"], reason="Leave"
    )
    # ana no longer sees the case at all.
    assert ana.post(url, form.data(closure_reason="goals_met")).status_code == 404
    case.refresh_from_db()
    assert case.status == ConsultationCase.Status.ACTIVE


# The admin's change forms ----------------------------------------------------------------------


def test_second_admin_save_of_a_case_is_refused_with_what_changed(demo_users, signed_in):
    case = CaseFactory(consultant=demo_users["ana"], reason="Biting")
    url = reverse("admin:consultation_consultationcase_change", args=[case.pk])
    sue, admin = signed_in(demo_users["sue"]), signed_in(demo_users["admin"])
    first, second = load(sue, url), load(admin, url)
    assert first.data()["version"] == ["1"]

    assert sue.post(url, first.data(reason="Biting at nap time")).status_code == 302
    response = admin.post(url, second.data(at_risk_of_expulsion="on"))

    assert response.status_code == 200
    assert "Sue Harjo changed reason for request" in text(response)
    case.refresh_from_db()
    assert (case.reason, case.at_risk_of_expulsion, case.version) == (
        "Biting at nap time",
        False,
        2,
    )


def test_second_admin_save_of_a_visit_is_refused(demo_users, ana_visit, signed_in):
    url = reverse("admin:consultation_visit_change", args=[ana_visit.pk])
    sue, admin = signed_in(demo_users["sue"]), signed_in(demo_users["admin"])
    first, second = load(sue, url), load(admin, url)

    assert sue.post(url, first.data(mode=Visit.Mode.PHONE)).status_code == 302
    response = admin.post(url, second.data(notes="Overwritten?"))

    assert response.status_code == 200
    assert "Sue Harjo changed mode (On site → Phone)" in text(response)
    ana_visit.refresh_from_db()
    assert (ana_visit.mode, ana_visit.notes) == (
        Visit.Mode.PHONE,
        "Observed arrival and circle time.",
    )


def test_admin_save_after_the_consultant_closed_the_case_is_refused(demo_users, signed_in):
    case = CaseFactory(consultant=demo_users["ana"])
    url = reverse("admin:consultation_consultationcase_change", args=[case.pk])
    sue = signed_in(demo_users["sue"])
    form = load(sue, url)
    services.case_close(
        case=case, closure_reason="goals_met", placement_at_closure="retained", expected_version=1
    )
    response = sue.post(url, form.data(closure_note="Sue's note"))
    assert response.status_code == 200
    assert "changed status (Active → Closed)" in text(response)
    case.refresh_from_db()
    assert case.closure_note == ""


# The services ----------------------------------------------------------------------------------


def visit_fields(visit: Visit, **changes) -> dict:
    fields = {
        "consultant": visit.consultant,
        "case": visit.case,
        "visit": visit,
        "visit_date": visit.visit_date,
        "start_time": visit.start_time,
        "duration_minutes": visit.duration_minutes,
        "mode": visit.mode,
        "notes": visit.notes,
    }
    return {**fields, **changes}


def test_every_service_save_raises_the_version(demo_users):
    case = CaseFactory(consultant=demo_users["ana"], status=ConsultationCase.Status.INTAKE)
    visit = VisitFactory(case=case)
    services.visit_log(**visit_fields(visit, duration_minutes=70), expected_version=1)
    case.refresh_from_db()
    assert (visit.version, case.version) == (2, 2)  # the first visit made the case active
    services.visit_void(visit=visit, by=demo_users["ana"], reason="Logged twice")
    services.case_reassign(
        case=case, to_consultant=demo_users["ben"], by=demo_users["sue"], reason="Leave"
    )
    services.cases_close(cases=[case], closure_reason="goals_met", placement_at_closure="retained")
    services.case_archive(case=case)
    visit.refresh_from_db()
    case.refresh_from_db()
    assert (visit.version, case.version) == (3, 5)
    assert list(case.history.values_list("version", flat=True)) == [5, 4, 3, 2, 1]


def test_service_refuses_a_stale_expected_version_and_writes_nothing(demo_users, ana_visit):
    stale = Visit.objects.get(pk=ana_visit.pk)
    services.visit_log(**visit_fields(ana_visit, duration_minutes=75), expected_version=1)

    with pytest.raises(EditConflict) as refused:
        services.visit_log(**visit_fields(stale, notes="Stale"), expected_version=1)

    assert refused.value.current_version == 2
    assert "changed duration (minutes) (60 → 75)" in refused.value.messages[0]
    ana_visit.refresh_from_db()
    assert (ana_visit.duration_minutes, ana_visit.notes, ana_visit.version) == (
        75,
        "Observed arrival and circle time.",
        2,
    )


def test_case_services_refuse_a_stale_expected_version(demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    services.case_archive(case=case, expected_version=1)
    for attempt in (
        lambda: services.case_close(
            case=case,
            closure_reason="goals_met",
            placement_at_closure="retained",
            expected_version=1,
        ),
        lambda: services.case_reassign(
            case=case,
            to_consultant=demo_users["ben"],
            by=demo_users["sue"],
            reason="Leave",
            expected_version=1,
        ),
    ):
        with pytest.raises(ValidationError, match=r"changed is archived \(no → yes\)"):
            attempt()
    case.refresh_from_db()
    assert (case.status, case.consultant, case.version) == (
        ConsultationCase.Status.ACTIVE,
        demo_users["ana"],
        2,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)
def test_two_concurrent_saves_of_one_version_cannot_both_win(demo_users):
    """The first save holds its row lock until it commits; the second, begun on the same
    version meanwhile, waits, then finds the version moved on and is refused."""
    visit = VisitFactory(case=CaseFactory(consultant=demo_users["ana"]), duration_minutes=60)
    first_saved, release_first = threading.Event(), threading.Event()
    outcome = {}

    def save(name: str, minutes: int, hold: bool):
        try:
            with transaction.atomic():
                mine = Visit.objects.get(pk=visit.pk)
                services.visit_log(
                    **visit_fields(mine, duration_minutes=minutes), expected_version=1
                )
                if hold:
                    first_saved.set()
                    release_first.wait(10)
            outcome[name] = "saved"
        except EditConflict:
            outcome[name] = "refused"
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("first", 75, True))
    second = threading.Thread(target=save, args=("second", 90, False))
    first.start()
    assert first_saved.wait(10)
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting on the first save's row lock
    release_first.set()
    first.join(10)
    second.join(10)

    assert outcome == {"first": "saved", "second": "refused"}
    visit.refresh_from_db()
    assert (visit.duration_minutes, visit.version) == (75, 2)


@pytest.mark.parametrize("version", ["abc", "0", "-3"])
def test_a_damaged_version_is_refused_at_the_top_of_the_form(demo_users, version, signed_in):
    case = CaseFactory(consultant=demo_users["ana"])
    url = reverse("consultation:case_close", args=[case.uuid])
    ana = signed_in(demo_users["ana"])
    form = load(ana, url)
    data = form.data(closure_reason="goals_met", placement_at_closure="retained", version=version)
    response = ana.post(url, data)
    assert response.status_code == 200
    assert "This page is out of date or damaged" in text(response)
    case.refresh_from_db()
    assert (case.status, case.version) == (ConsultationCase.Status.ACTIVE, 1)
