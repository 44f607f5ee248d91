"""Exports an analyst can use at once (issue #14): a title row saying what, which period,
which filter, when and by whom; the header frozen and filterable; real numbers and dates
with Dutch-reading formats; columns as wide as their contents."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from basisbaan.exports import HEADER_ROW, Table, table_response
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_xlsx_title_rows_formats_and_widths_read_back(coach):
    table = Table(
        title="Kosten per deelnemer",
        header=["Nummer", "Deelnemer", "Start", "Loonkosten", "Deelnemer-jaren"],
        rows=[
            [
                17,
                "Valerie Rijks-van der Heijden",
                date(2025, 3, 1),
                Decimal("26589.87"),
                Decimal("0.8356"),
            ],
            [18, "Bo", date(2025, 1, 1), Decimal("27987.00"), Decimal("1.0000")],
        ],
        period="1 januari 2025 tot en met 31 december 2025",
        filters="Woonwijk: Beijum",
    )
    with time_machine.travel("2026-11-24 14:05 +01:00", tick=False):
        response = table_response(table, fmt="xlsx", filename="x", user=coach)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Kosten per deelnemer" and sheet["A1"].font.bold
    assert sheet["A2"].value == (
        "Periode: 1 januari 2025 tot en met 31 december 2025; Filter: Woonwijk: Beijum"
    )
    assert sheet["A3"].value == "Gemaakt op 24 november 2026 14:05 door Coby Coach"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == table.header and all(c.font.bold for c in sheet[HEADER_ROW])
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:E{HEADER_ROW + 2}"
    number, name, start, wages, years = sheet[HEADER_ROW + 1]
    assert (number.value, number.number_format) == (17, "0")  # an id: no thousands point
    assert start.value.date() == date(2025, 3, 1) and start.number_format == "DD-MM-YYYY"
    assert wages.value == pytest.approx(26589.87) and wages.data_type == "n"
    assert wages.number_format == "#,##0.00"  # shown as 26.589,87 in a Dutch spreadsheet
    assert years.number_format == "#,##0.0000"
    widths = {col: sheet.column_dimensions[col].width for col in "ABCDE"}
    assert widths["B"] >= len("Valerie Rijks-van der Heijden")  # the longest name fits
    assert widths["A"] < widths["B"] and widths["C"] >= len("01-03-2025")


def test_the_candidate_export_names_its_filter(coach, client_as):
    person = CandidateFactory(coach=coach)
    response = client_as(coach).get(
        reverse("candidates:export"), {"wijk": person.home_wijk.pk, "formaat": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Kandidaten"
    assert f"Woonwijk: {person.home_wijk.name}" in sheet["A2"].value
    assert "Coby Coach" in sheet["A3"].value
    assert sheet.cell(row=HEADER_ROW + 1, column=3).value == person.last_name
