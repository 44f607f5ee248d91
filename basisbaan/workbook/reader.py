"""From uploaded files to checked rows: which sheet and column is which (with the
municipality's remembered mapping), and every cell parsed as Excel and Dutch people write it.

Nothing here writes to the database; problems are collected per sheet, row and column.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.uploads import UploadRefused, csv_rows, xlsx_sheets
from candidates.models import validate_bsn

from .schema import SHEETS, SHEETS_BY_KEY, Column, Sheet

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

TRUE_WORDS = {"ja", "j", "yes", "y", "true", "waar", "1", "x", "✓"}
FALSE_WORDS = {"nee", "n", "no", "false", "onwaar", "0", "-"}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class SheetMatch:
    """One table of the upload and how it reads: `sheet` is None while it is not mapped."""

    title: str
    sheet: Sheet | None
    columns: dict[int, str] = field(default_factory=dict)  # position -> our column key
    unknown: list[str] = field(default_factory=list)  # headers not (yet) mapped
    missing: list[Column] = field(default_factory=list)  # required columns not found
    header_row: list[str] = field(default_factory=list)


@dataclass
class Recognition:
    matches: list[SheetMatch]

    @property
    def complete(self) -> bool:
        return all(m.sheet is not None and not m.missing for m in self.matches if m.header_row)


def _json_cell(value):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return value.replace("\x00", "")  # PostgreSQL stores no NUL in text or JSON
    return value


def read_files(
    files: list[tuple[str, bytes]], *, max_rows: int = MAX_ROWS
) -> dict[str, list[list]]:
    """The uploaded XLSX (all its sheets) or CSV files (one sheet each, named after the
    file) as JSON-ready tables. Raises UploadRefused with a Dutch message."""
    tables: dict[str, list[list]] = {}
    total = 0
    for name, content in files:
        if len(content) > MAX_BYTES:
            raise UploadRefused(_("Een bestand is groter dan 10 MB."))
        if name.lower().endswith(".xlsx"):
            sheets = xlsx_sheets(content, max_rows=max_rows + 1)
        elif name.lower().endswith(".csv"):
            sheets = {PurePath(name).stem: list(csv_rows(content, max_rows=max_rows + 1))}
        else:
            raise UploadRefused(_("Kies XLSX- of CSV-bestanden."))
        for title, rows in sheets.items():
            rows = [
                [_json_cell(c) for c in row]
                for row in rows
                if any(str(c).strip() for c in row if c is not None)
            ]
            total += max(len(rows) - 1, 0)
            if total > max_rows:
                raise UploadRefused(_("Hoogstens %(n)s regels per keer.") % {"n": max_rows})
            tables[title] = rows
    if not any(len(rows) > 1 for rows in tables.values()):
        raise UploadRefused(_("Er staan geen regels in de bestanden."))
    return tables


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def recognise(tables: dict[str, list[list]], mapping) -> Recognition:
    """Which of our sheets and columns each table and header is, by our Dutch names, our
    keys, or the municipality's remembered mapping."""
    matches = []
    for title, rows in tables.items():
        key = mapping.sheets.get(_norm(title))
        sheet = SHEETS_BY_KEY.get(key) or next(
            (s for s in SHEETS if _norm(title) in (_norm(s.title), s.key)), None
        )
        if _norm(title) == _norm(_("Uitleg")) and key is None:
            continue  # the template's explanation sheet
        header = [str(c).strip() for c in rows[0]] if rows else []
        match = SheetMatch(title=title, sheet=sheet, header_row=header)
        if sheet is not None:
            remembered = mapping.columns.get(sheet.key, {})
            for position, text in enumerate(header):
                if not text:
                    continue
                column = remembered.get(_norm(text)) or next(
                    (c.key for c in sheet.columns if _norm(text) in (_norm(c.header), c.key)),
                    None,
                )
                if column == "-":
                    continue  # mapped to "ignore"
                if column is None:
                    match.unknown.append(text)
                else:
                    match.columns[position] = column
            found = set(match.columns.values())
            # A sheet that updates records may leave out columns; only its keys must be there.
            match.missing = [
                c
                for c in sheet.columns
                if c.required and c.key not in found and (not sheet.keys or c.key in sheet.keys)
            ]
        matches.append(match)
    return Recognition(matches)


@dataclass
class Row:
    sheet: Sheet
    title: str  # the sheet's title in the upload, for messages
    number: int  # the row number as the spreadsheet shows it
    values: dict
    headers: dict[str, str]  # our column key -> the upload's header

    def header(self, key: str) -> str:
        return self.headers.get(key) or str(self.sheet.column(key).header)


@dataclass
class Parsed:
    rows: dict[str, list[Row]] = field(default_factory=dict)  # by sheet key, upload order
    problems: list[Problem] = field(default_factory=list)
    unknown_values: dict[str, set[str]] = field(default_factory=dict)  # domain -> values


class Lookups:
    """Reference lists and staff, read once (a handful of queries for the whole file)."""

    def __init__(self) -> None:
        from basisbaan.models import TaskType, Team, User, Wijk
        from candidates.models import ExclusionReason
        from coaching.models import GuidanceParty, WellbeingDomain
        from placements.models import Employer

        models = {
            "wijk": Wijk,
            "team": Team,
            "task_type": TaskType,
            "exclusion_reason": ExclusionReason,
            "employer": Employer,
            "party": GuidanceParty,
            "domain": WellbeingDomain,
        }
        self.refs = {
            ref: {_norm(item.name): item for item in model.objects.all()}
            for ref, model in models.items()
        }
        self.users = {_norm(u.email): u for u in User.objects.filter(is_active=True)}

    def names(self, ref: str) -> list[str]:
        return sorted(item.name for item in self.refs.get(ref, {}).values())


def parse_date(value) -> date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if 1 <= value < 200_000:  # an Excel serial day that lost its date format
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = _norm(value)
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    words = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text)
    if words and words.group(2) in MONTHS:
        try:
            return date(int(words.group(3)), MONTHS[words.group(2)], int(words.group(1)))
        except ValueError:
            return None
    return None


def parse_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # Dutch: 1.234,5
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_week(value) -> date | None:
    """The Monday of a week given as 2026-W05 or as any day of it."""
    text = _norm(value)
    iso = re.fullmatch(r"(\d{4})-?w(\d{1,2})", text)
    if iso:
        try:
            return date.fromisocalendar(int(iso.group(1)), int(iso.group(2)), 1)
        except ValueError:
            return None
    day = parse_date(value)
    return day - timedelta(days=day.weekday()) if day else None


class CellError(Exception):
    pass


class UnknownValue(CellError):
    def __init__(self, message: str, domain: str, value: str) -> None:
        super().__init__(message)
        self.domain, self.value = domain, value


def _choice(column: Column, text: str, mapped: dict) -> str:
    norm = _norm(text)
    for value, label in column.choices.choices:
        if norm in (value, _norm(label)):
            return value
    if norm in mapped:
        return mapped[norm]
    options = ", ".join(value for value, _label in column.choices.choices)
    raise UnknownValue(
        _("Onbekende waarde ‘%(value)s’. Kies uit: %(options)s.")
        % {"value": text, "options": options},
        column.domain,
        text,
    )


REF_LABELS = {
    "wijk": _("wijk"),
    "team": _("team"),
    "task_type": _("soort taak"),
    "exclusion_reason": _("reden"),
    "employer": _("werkgever"),
    "party": _("begeleidende partij"),
    "domain": _("welzijnsdomein"),
}


def _ref(column: Column, value: str, lookups: Lookups, mapped: dict):
    norm = _norm(value)
    items = lookups.refs[column.ref]
    item = items.get(norm) or items.get(_norm(mapped.get(norm, "")))
    if item is None:
        raise UnknownValue(
            _("Onbekende %(list)s ‘%(value)s’.") % {"list": REF_LABELS[column.ref], "value": value},
            column.domain,
            value,
        )
    return item


def parse_cell(column: Column, value, lookups: Lookups, mapping, *, required: bool) -> object:
    """The cell as our value (None when empty); raises CellError with a Dutch message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CellError(_("Vul dit in."))
        return None
    mapped = mapping.values.get(column.domain, {})
    kind = column.kind
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # our own exports neutralise formulas this way
        return text
    if kind == "bsn":
        text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
        text = text.replace(" ", "").replace(".", "")
        if text.isdigit() and len(text) == 8:
            text = "0" + text  # Excel drops the leading zero
        try:
            validate_bsn(text)
        except ValidationError as exc:
            raise CellError(_("Dit is geen geldig BSN (elfproef).")) from exc
        return text
    if kind == "date":
        day = parse_date(value)
        if day is None:
            raise CellError(_("Geen geldige datum: schrijf bijvoorbeeld 24-11-2026."))
        if not 1900 <= day.year <= 2100:
            raise CellError(_("Controleer het jaartal."))
        if column.past and day > timezone.localdate():
            raise CellError(_("Deze datum ligt in de toekomst."))
        return day
    if kind in ("int", "decimal"):
        number = parse_decimal(value)
        if number is None:
            raise CellError(_("Geen geldig getal: schrijf bijvoorbeeld 12 of 12,5."))
        if number < 0:
            raise CellError(_("Een negatief getal kan hier niet."))
        if kind == "int":
            if number != number.to_integral_value():
                raise CellError(_("Vul een heel getal in."))
            return int(number)
        return number
    if kind == "bool":
        norm = _norm(value) if not isinstance(value, bool) else ("ja" if value else "nee")
        if norm in TRUE_WORDS:
            return True
        if norm in FALSE_WORDS:
            return False
        if norm in mapped:
            return mapped[norm] == "ja"
        raise UnknownValue(
            _("Onbekende waarde ‘%(value)s’: schrijf ja of nee.") % {"value": value},
            "bool",
            str(value),
        )
    if kind == "choice":
        return _choice(column, str(value), mapped)
    if kind == "topics":
        parts = [p for p in re.split(r"[;,]", str(value)) if p.strip()]
        return [_choice(column, p.strip(), mapped) for p in parts]
    if kind == "ref":
        if column.ref == "organisation":
            return str(value).strip()  # may be created by the same workbook
        return _ref(column, str(value), lookups, mapped)
    if kind == "refs":
        items = {
            _ref(column, p.strip(), lookups, mapped) for p in str(value).split(";") if p.strip()
        }
        return sorted(items, key=lambda item: item.pk)
    if kind == "user":
        user = lookups.users.get(_norm(value))
        if user is None:
            raise CellError(
                _("Geen actieve medewerker met e-mailadres ‘%(value)s’.") % {"value": value}
            )
        return user
    raise AssertionError(kind)


def parse(tables: dict[str, list[list]], recognition: Recognition, mapping) -> Parsed:
    """Every row of every recognised sheet, parsed; empty rows are skipped."""
    lookups = Lookups()
    parsed = Parsed()
    for match in recognition.matches:
        if match.sheet is None:
            continue
        sheet = match.sheet
        headers = {key: match.header_row[pos] for pos, key in match.columns.items()}
        rows = parsed.rows.setdefault(sheet.key, [])
        for number, raw in enumerate(tables[match.title][1:], start=2):
            cells = {key: raw[pos] if pos < len(raw) else "" for pos, key in match.columns.items()}
            values, ok = {}, True
            for column in sheet.columns:
                required = column.required and (not sheet.keys or column.key in sheet.keys)
                if column.key not in cells and not required:
                    continue
                try:
                    values[column.key] = parse_cell(
                        column, cells.get(column.key), lookups, mapping, required=required
                    )
                except CellError as exc:
                    ok = False
                    header = headers.get(column.key) or str(column.header)
                    parsed.problems.append(Problem(match.title, number, header, str(exc)))
                    if isinstance(exc, UnknownValue):
                        parsed.unknown_values.setdefault(exc.domain, set()).add(exc.value)
            if ok:
                rows.append(Row(sheet, match.title, number, values, headers))
    return parsed
