"""The documents families and providers receive, in Spanish: the visit summary for a program
whose staff read Spanish, and the consent form for a family who does, at phone, tablet and
desktop widths; a consultant switches either to English."""

from datetime import timedelta

import pytest

from consultation.models import Activity, ConcernItem, FamilyLanguage, ObservedConcern
from tests import factories
from tests.browser.checks import audit, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (390, 768, 1280)


@pytest.fixture
def spanish_site(demo_users):
    """A program of ana's whose staff read Spanish, with a child whose family does too."""
    site = factories.SiteFactory(
        name="Pequeños Pasos Child Care", consultants=[demo_users["ana"]], provider_language="es"
    )
    room = factories.ClassroomFactory(site=site, name="Mariposas")
    child = factories.ChildFactory(
        first_name="Sofía",
        last_initial="R",
        classroom=room,
        date_of_birth=factories.today() - timedelta(days=4 * 365),
        preferred_language=FamilyLanguage.SPANISH,
    )
    return site, child


@pytest.fixture
def spanish_visit(spanish_site, demo_users):
    site, child = spanish_site
    case = factories.CaseFactory(child=child, consultant=demo_users["ana"])
    visit = factories.VisitFactory(
        case=case,
        shared_notes="Sofía joined circle time and used the calm-down corner twice.",
        next_steps="Practise the feelings chart at arrival.",
        next_visit_date=factories.today() + timedelta(days=14),
    )
    visit.children.add(child)
    visit.classrooms.add(child.classroom)
    visit.activities.add(*Activity.objects.filter(name__in=["Modelling", "Teacher coaching"]))
    ObservedConcern.objects.create(
        visit=visit,
        child=child,
        concern_item=ConcernItem.objects.get(
            age_band="preschool", text="Withdrawn, sad or fearful"
        ),
        frequency="sometimes",
    )
    factories.GoalFactory(case=case, visit=visit, description="Usar la tabla de sentimientos")
    return visit


def photograph(page, shoot, name: str) -> None:
    """The accessibility and width checks (audit tries each width), then a picture at each."""
    audit(page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shoot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_summary_and_the_consent_form_in_spanish(page, shoot, spanish_site, spanish_visit):
    _site, child = spanish_site
    page.goto("/")
    login(page, "ana")
    page.goto(f"/visits/{spanish_visit.uuid}/summary/")
    assert page.get_by_role("heading", name="Resumen de la visita de consulta").is_visible()
    assert "Modelado" in page.locator("article").inner_text()
    assert page.locator("html").get_attribute("lang") == "es"
    photograph(page, shoot, "spanish-01-summary")

    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Consultation visit summary").is_visible()

    page.goto(f"/children/{child.uuid}/consent-form/")
    heading = "Consentimiento para la consulta y para compartir información"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert "Líneas de crisis" in page.locator(".crisis-footer").inner_text()
    photograph(page, shoot, "spanish-02-consent-form")
