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
    """A table to export. `period` and `filters` say which part of the data it is; they go
    in the title rows of the XLSX file with when and by whom it was made."""

    title: str
    header: list[str]
    rows: list[list[Cell]]
    period: str = ""
    filters: str = ""


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text starting with one of these is read as a formula by spreadsheet software (OWASP
# "CSV injection"): `=HYPERLINK("http://...","klik")` in a name would become a live link.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The XLSX number formats (stored in the file's own notation; a Dutch spreadsheet shows
# 26.589,87 and 24-11-2026).
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
INTEGER_FORMAT = "0"
# The header sits below the title rows; the data starts on the next row.
HEADER_ROW = 5
MAX_COLUMN_WIDTH = 50


def neutralise(text: str) -> str:
    """A text a spreadsheet shows as text: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def describe_filters(form) -> str:
    """The filled-in fields of a valid filter form in words: "Status: geplaatst; Wijk: Beijum"."""
    parts = []
    for name, value in getattr(form, "cleaned_data", {}).items():
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        shown = choices.get(value, value) if not hasattr(value, "pk") else value
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


def table_response(table: Table, *, fmt: str, filename: str, user=None) -> HttpResponse:
    """The table as CSV (header first, for other programs) or XLSX (title rows, frozen
    header, autofilter, typed and formatted cells, fitting columns): every export uses it."""
    if fmt == "csv":
        buffer = io.StringIO()
        # Semicolons and a BOM: what Dutch spreadsheet software opens correctly.
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([neutralise(str(h)) for h in table.header])
        for row in table.rows:
            writer.writerow(["" if v is None else _csv_value(v) for v in row])
        content, content_type = "\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8"
    else:
        content, content_type = _xlsx(table, user=user), XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _xlsx(table: Table, *, user) -> bytes:
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    made = date_format(timezone.localtime(), "j F Y H:i")
    lines = [
        (str(table.title), Font(bold=True, size=14)),
        (
            "; ".join(
                part
                for part in (
                    _("Periode: %(period)s") % {"period": table.period} if table.period else "",
                    _("Filter: %(filters)s") % {"filters": table.filters}
                    if table.filters
                    else _("Filter: geen"),
                )
                if part
            ),
            None,
        ),
        (
            _("Gemaakt op %(when)s door %(who)s") % {"when": made, "who": user.full_name}
            if user is not None
            else _("Gemaakt op %(when)s") % {"when": made},
            None,
        ),
    ]
    for number, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=neutralise(text))
        cell.data_type = "s"
        if font:
            cell.font = font
    widths = [len(str(h)) for h in table.header]
    for column, heading in enumerate(table.header, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=neutralise(str(heading)))
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for row_number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=_xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text cell, whatever it looks like
            cell.number_format = _number_format(value)
            widths[column - 1] = max(widths[column - 1], _shown_width(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_COLUMN_WIDTH)
    last_column = get_column_letter(max(len(table.header), 1))
    last_row = HEADER_ROW + max(len(table.rows), 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Export")[:31]


def _number_format(value: Cell) -> str:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, Decimal):
        places = max(-value.as_tuple().exponent, 0) if value.is_finite() else 0
        return "#,##0" + ("." + "0" * places if places else "")
    if isinstance(value, float):
        return "#,##0.00"
    if isinstance(value, int):
        return INTEGER_FORMAT  # numbers of persons, ids, counts: no grouping
    return "General"


def _shown_width(value: Cell) -> int:
    """About how many characters the cell shows (for the column width)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, Decimal | float):
        whole = len(f"{abs(int(value)):,}")
        return whole + 4
    return max((len(line) for line in str(value).splitlines()), default=0)


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
