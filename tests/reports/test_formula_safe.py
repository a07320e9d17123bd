"""Formula-safe everywhere: no cell of a report workbook, the About sheet's filters included, is
a formula, whatever names users typed (issue 17). The rule is core.cells.safe_cell."""

import io

import pytest
from openpyxl import load_workbook

from reports.figures.report import TABLE_SLUGS
from tests.reports.test_views import get

pytestmark = pytest.mark.django_db


def name_every_reference_like_a_formula() -> None:
    """Every name a program lead or admin can type (reference lists, counties) starts with "="."""
    from consultation.models import Activity, ConcernItem, County, PracticeArea, PyramidTier
    from referrals.models import Agency, ServiceType

    for model, field in (
        (Activity, "name"),
        (ConcernItem, "text"),
        (County, "name"),
        (PracticeArea, "name"),
        (PyramidTier, "name"),
        (Agency, "name"),
        (ServiceType, "name"),
    ):
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(**{field: f'=HYPERLINK("http://x/{pk}","y")'})


@pytest.mark.parametrize("table", TABLE_SLUGS)
def test_no_xlsx_cell_is_a_formula_about_sheet_included(client, dataset, table):
    """The workbook's every cell, the filters on the About sheet too, is text or a number: a
    county, a reference list entry or a consultant named like a formula is written as text."""
    name_every_reference_like_a_formula()
    county = dataset.visits["V1"].site.county
    dataset.ana.username = "+ana"
    dataset.ana.save()
    filters = {"format": "xlsx", "county": str(county.pk), "consultant": str(dataset.ana.uuid)}
    response = get(client, dataset.lead, "reports:export_table", table, **filters)
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    about = [c.value for row in workbook["About"].iter_rows() for c in row]
    assert f'\'=HYPERLINK("http://x/{county.pk}","y")' in about and "'+ana" in about
