"""The visit rules' messages in the page's language: Spanish for a consultant who chose it,
the same English as ever otherwise."""

from datetime import timedelta

import pytest
from django.utils import translation

from consultation.services.visit_checks import (
    VisitContent,
    band_mismatch,
    same_day_question,
    visit_errors,
)
from core.dates import local_today, short_date
from tests.factories import VisitFactory, concern_item

pytestmark = pytest.mark.django_db


def bad_visit(setting) -> dict[str, list[str]]:
    case = setting["case"]
    return visit_errors(
        VisitContent(
            case=case,
            site=case.site,
            visit_date=local_today() + timedelta(days=1),
            start_time=None,
            duration_minutes=0,
            mode="by pigeon",
        )
    )


def test_the_visit_rules_speak_spanish(setting):
    with translation.override("es"):
        errors = bad_visit(setting)
    assert errors["visit_date"] == ["Una visita no puede tener una fecha futura."]
    assert errors["duration_minutes"] == ["La duración debe estar entre 1 y 600 minutos."]
    assert errors["mode"] == ["Elija en el centro, virtual o por teléfono."]


def test_a_date_in_a_visit_rule_is_a_spanish_date(setting):
    case = setting["case"]
    with translation.override("es"):
        errors = visit_errors(
            VisitContent(
                case=case,
                site=case.site,
                visit_date=case.opened_on - timedelta(days=1),
                start_time=None,
                duration_minutes=30,
                mode=None,
            )
        )
        day = short_date(case.opened_on)
    assert errors["visit_date"] == [
        f"El caso se abrió el {day}: una visita no puede tener una fecha anterior."
    ]


def test_the_visit_rules_are_unchanged_in_english(setting):
    with translation.override("en"):
        errors = bad_visit(setting)
    assert errors["visit_date"] == ["A visit cannot be dated in the future."]
    assert errors["duration_minutes"] == ["Duration must be between 1 and 600 minutes."]
    assert errors["mode"] == ["Choose on site, virtual or phone."]


def test_the_same_day_question_and_a_checklist_misfit_in_spanish(setting):
    visit = VisitFactory(case=setting["case"])
    item = concern_item("infant")
    item.text_es = "Llora sin consuelo"
    item.save()
    on = local_today()
    with translation.override("es"):
        question = same_day_question([visit])
        misfit = band_mismatch(setting["preschooler"], item, on)
        day = short_date(on)
    assert question.startswith("Ya hay una visita registrada para este caso el ")
    assert question.endswith(": 09:30, 90 min. ¿Registrar otra?")
    assert misfit.startswith("“Llora sin consuelo” está en la lista de ")
    assert misfit.endswith(f"el {day} es: preescolar.")
    with translation.override("en"):
        question = same_day_question([visit])
    day = visit.visit_date
    assert question == (
        f"A visit to this case on {day:%b} {day.day} is already logged: 09:30, 90 min. Log another?"
    )
