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


def table_response(table: Table, *, fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        # Semicolons and a BOM: what Dutch spreadsheet software opens correctly.
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow(["" if v is None else _csv_value(v) for v in row])
        content, content_type = "\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8"
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = table.title[:31]
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
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
    return str(value)
