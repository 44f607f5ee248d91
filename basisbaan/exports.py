"""Tables as CSV or XLSX downloads (openpyxl), shared by every export in the application."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | Decimal | date | datetime | None


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text starting with one of these is read as a formula by spreadsheet software (OWASP
# "CSV injection"): `=HYPERLINK("http://...","klik")` in a name would become a live link.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text a spreadsheet shows as text: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def table_response(table: Table, *, fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        # Semicolons and a BOM: what Dutch spreadsheet software opens correctly.
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([neutralise(str(h)) for h in table.header])
        for row in table.rows:
            writer.writerow(["" if v is None else _csv_value(v) for v in row])
        content, content_type = "\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8"
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = table.title[:31]
        sheet.append([_xlsx_value(str(h)) for h in table.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_value(v) for v in row])
        for sheet_row in sheet.iter_rows():
            for cell in sheet_row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a text cell, whatever it looks like
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        content, content_type = buffer.getvalue(), XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _csv_value(value: Cell) -> str:
    if isinstance(value, date | datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def _xlsx_value(value: Cell):
    """Numbers and dates stay typed; every text becomes a string cell (never a formula),
    neutralised as in CSV so that copying the cell elsewhere is safe too."""
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return value
    return neutralise(str(value))
