"""Spreadsheet formula injection: values that a spreadsheet would run as a formula are
exported as text in every CSV and XLSX download."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from basisbaan.exports import HEADER_ROW, Table, neutralise, table_response
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://example.invalid","klik")',
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A2)",
    "\tindent",
    "\rcarriage",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_triggers_get_a_leading_apostrophe(value):
    assert neutralise(value) == "'" + value


def test_ordinary_text_is_unchanged():
    assert neutralise("de Vries") == "de Vries"
    assert neutralise("") == ""


def _table() -> Table:
    return Table(title="t", header=["naam", "getal"], rows=[[v, -5] for v in HOSTILE])


def test_csv_export_neutralises_text_but_not_numbers():
    response = table_response(_table(), fmt="csv", filename="x")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + v for v in HOSTILE]
    assert {row[1] for row in rows[1:]} == {"-5"}  # a negative number stays a number


def test_xlsx_export_has_string_cells_not_formulas():
    response = table_response(_table(), fmt="xlsx", filename="x")
    sheet = load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        assert row[0].data_type == "s"
        assert row[0].value.startswith("'")
        assert row[1].data_type == "n" and row[1].value == -5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_candidate_export_neutralises_a_hostile_name(client_as, coach, fmt):
    CandidateFactory(coach=coach, first_name='=HYPERLINK("http://x.invalid","klik")')
    response = client_as(coach).get(reverse("candidates:export"), {"formaat": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        body = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK" in body
        assert ";=HYPERLINK" not in body
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert all(c.data_type == "s" for c in cells)
        assert any(c.value.startswith("'=HYPERLINK") for c in cells)
