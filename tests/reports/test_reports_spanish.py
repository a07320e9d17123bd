"""A program lead whose saved language is Spanish reads the reports, the missing follow-ups and a
referral in Spanish: headings, figure names and definitions, dates and numbers in Spanish form.
The figures themselves are built in English (the text of every export), and each title, heading,
definition and label the page shows has a Spanish entry in the catalogue."""

import pytest
from django.urls import reverse
from django.utils import translation

from referrals.models import Referral
from reports.figures import ReportFilter, report_for
from reports.figures.compare import COMPARISON_DEFINITION
from reports.templatetags.reports_tags import SENTENCE_END, translated
from tests.reports.conftest import PERIOD, TODAY

PERIOD_QUERY = {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30"}


@pytest.fixture
def spanish_lead(dataset):
    dataset.lead.preferred_language = "es"
    dataset.lead.save(update_fields=["preferred_language"])
    yield dataset.lead
    translation.deactivate()  # the middleware leaves Spanish active in the test's thread


def test_the_reports_page_is_in_spanish(client, spanish_lead):
    client.force_login(spanish_lead)
    response = client.get(reverse("reports:index"), PERIOD_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="es"' in page
    for spanish in (
        "Informes del programa",
        "Cifras principales",
        "Cifras por condado",
        "Horas de consulta por mes",
        "Referencias por tipo de servicio y estado",
        "Qué fechas",
        "Mostrar las cifras",
        "Año anterior:",
        "CSV completo: solo para uso interno",
        "Fechas a elegir",
        "Todos los condados",
    ):
        assert spanish in page, spanish
    for english in (
        "Program reports",
        "Headline figures",
        "Figures by county",
        "Hours of consultation by month",
        "Year before:",
        "Full CSV: internal only",
        "Show figures",
        "All counties",
        "as a percentage",
    ):
        assert english not in page, english
    # Dates and numbers in Spanish form: 5.75 hours are "5,75".
    assert "del 1 de julio de 2026 al 30 de septiembre de 2026" in page
    assert response.context["report"].headline["hours"] == 5.75
    assert '<dd class="headline-value">5,75</dd>' in page
    assert "2026-07-01 to" not in page


def test_a_named_period_reads_in_spanish(client, spanish_lead):
    client.force_login(spanish_lead)
    page = client.get(
        reverse("reports:index"), {"period": "quarter", "fiscal_year": "2027", "quarter": "1"}
    ).content.decode()
    assert (
        "Año fiscal 2027 T1 (Jul-Sep): del 1 de julio de 2026 al 30 de septiembre de 2026" in page
    )


def test_the_missing_follow_ups_page_is_in_spanish(client, spanish_lead):
    client.force_login(spanish_lead)
    response = client.get(reverse("reports:missing_follow_ups"), PERIOD_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    for spanish in (
        "Casos con línea de base y sin seguimiento",
        "Volver a los informes",
        "Mostrar los casos",
        "Instrumento",
        "Seguimiento antes del",
        "del 1 de julio de 2026 al 30 de septiembre de 2026",
    ):
        assert spanish in page, spanish
    for english in ("Cases with a baseline and no follow-up", "Back to the reports", "Show cases"):
        assert english not in page, english


def test_a_referral_is_in_spanish_and_prints_in_either_language(client, spanish_lead):
    referral = Referral.objects.filter(status=Referral.Status.SENT).first()
    client.force_login(spanish_lead)
    url = reverse("referrals:referral_detail", args=[referral.uuid])
    page = client.get(url).content.decode()
    for spanish in ("Referencia a", "Historial de estados", "Consentimiento para compartir"):
        assert spanish in page, spanish
    assert "<strong>Enviada</strong>" in page
    for english in ("Referral to", "Status timeline", "Consent to share", "<strong>Sent</strong>"):
        assert english not in page, english
    # Printed for an English-speaking agency: the same page in English.
    english_page = client.get(url, {"lang": "en"}).content.decode()
    assert "Referral to" in english_page and "Status timeline" in english_page
    assert '<html lang="en"' in english_page


def test_the_referral_list_is_in_spanish(client, spanish_lead):
    client.force_login(spanish_lead)
    page = client.get(reverse("referrals:referral_list")).content.decode()
    assert "Seguimiento antes del" in page and "Agencia" in page
    assert "Follow up by" not in page


def untranslated_sentences(text: str) -> list[str]:
    """The sentences of a figure text the page would show in English: translated whole, or
    run by run (reports_tags.translated)."""
    if translation.gettext(text) != text:
        return []
    english = SENTENCE_END.split(text)
    return [s for s in english if s in translated(text)]


def test_every_figure_text_the_page_shows_has_a_spanish_entry(dataset):
    """Titles, definitions, headings and column texts are translated at display time
    (reports_tags.translated): a new figure needs its Spanish in locale/es."""
    with translation.override("en"):  # as reports.views.english_report builds them
        report = report_for(dataset.lead, ReportFilter(*PERIOD), today=TODAY)
    shown = {COMPARISON_DEFINITION}
    for table in report.tables:
        shown |= {table.title, table.definition, table.row_header}
        for column in table.columns:
            shown |= {column.label, column.definition}
        if table.total:
            shown.add(table.total.label)
    with translation.override("es"):
        missing = sorted(
            text
            for text in map(str, shown)
            if text and text != "Total" and untranslated_sentences(text)
        )
    assert not missing, f"no Spanish for {missing}"


def test_the_exports_stay_in_english_for_a_spanish_reader(client, spanish_lead):
    client.force_login(spanish_lead)
    response = client.get(
        reverse("reports:export_table", args=["by-county"]), {**PERIOD_QUERY, "public": "1"}
    )
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("County,Visits,Hours")


def test_figures_are_written_in_the_pages_language():
    from reports.tables import COUNT, HOURS, RATE
    from reports.templatetags.reports_tags import report_cell

    cells = [(12345, COUNT), (1234.5, HOURS), (12.5, RATE)]
    assert [report_cell(v, kind) for v, kind in cells] == ["12,345", "1,234.50", "12.5%"]
    with translation.override("es"):
        assert [report_cell(v, kind) for v, kind in cells] == ["12.345", "1.234,50", "12,5%"]
