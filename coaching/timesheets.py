"""Guidance parties' weekly timesheets: the template, and parsing with a dry run.

Columns (first row is the header, in any order; extra columns are ignored):

    bsn      the participant's BSN (9 digits)
    datum    the day, as 23-11-2026 or 2026-11-23
    soort    werkbegeleiding, inkomen en welzijn, schulden or overig
    minuten  whole minutes, 1 to 600
    notitie  optional, at most 300 characters

Every problem is reported with its row and column before anything is saved.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from basisbaan.uploads import UploadRefused, table_rows
from candidates.models import Candidate
from placements.models import Placement

from .models import CoachingKind

COLUMNS = ["bsn", "datum", "soort", "minuten", "notitie"]
REQUIRED = ["bsn", "datum", "soort", "minuten"]
KIND_NAMES = {
    "werkbegeleiding": CoachingKind.WORK,
    "werk": CoachingKind.WORK,
    "inkomen en welzijn": CoachingKind.INCOME,
    "inkomen": CoachingKind.INCOME,
    "schulden": CoachingKind.DEBTS,
    "schulden / gkb": CoachingKind.DEBTS,
    "gkb": CoachingKind.DEBTS,
    "overig": CoachingKind.OTHER,
}
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "urenstaat"
    sheet.append(COLUMNS)
    sheet.append(
        ["999999999", "23-11-2026", "werkbegeleiding", 90, "voorbeeldregel: vervang of verwijder"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_table(name: str, content: bytes) -> list[list]:
    """Header plus at most MAX_ROWS rows; a larger or unpacking-too-large file is refused
    before it is read further (basisbaan.uploads)."""
    return table_rows(name, content, max_rows=MAX_ROWS + 1)


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse(name: str, content: bytes, *, people_in_reach=None) -> ParseResult:
    """Read and check a timesheet; nothing is saved here. `people_in_reach` (a Candidate
    queryset) limits the BSNs that are recognised: anyone else reads as unknown."""
    result = ParseResult()
    try:
        table = _read_table(name, content)
    except UploadRefused as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    except Exception:  # noqa: BLE001 - any unreadable file gets one clear message
        result.errors.append(
            RowError(
                0,
                "",
                _(
                    "Dit bestand kan niet worden gelezen. Gebruik het sjabloon (XLSX) of een CSV-bestand."
                ),
            )
        )
        return result
    table = [row for row in table if any(str(c or "").strip() for c in row)]
    if not table:
        result.errors.append(RowError(0, "", _("Het bestand is leeg.")))
        return result
    header = [str(c or "").strip().lower() for c in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append(
            RowError(1, ", ".join(missing), _("Deze kolommen ontbreken in de eerste rij."))
        )
        return result
    if len(table) - 1 > MAX_ROWS:
        result.errors.append(
            RowError(0, "", _("Hoogstens %(n)s regels per bestand.") % {"n": MAX_ROWS})
        )
        return result
    index = {name: header.index(name) for name in COLUMNS if name in header}

    def cell(row, column):
        i = index.get(column)
        return row[i] if i is not None and i < len(row) else None

    raw_rows = table[1:]
    bsns = {str(cell(r, "bsn") or "").strip() for r in raw_rows}
    known = Candidate.objects.all() if people_in_reach is None else people_in_reach
    people = {c.bsn: c for c in known.filter(bsn__in=bsns)}
    employment: dict[int, list[tuple[date, date | None]]] = {}
    for p in Placement.objects.filter(candidate__in=people.values()).values_list(
        "candidate_id", "start_date", "end_date"
    ):
        employment.setdefault(p[0], []).append((p[1], p[2]))

    for number, raw in enumerate(raw_rows, start=2):
        errors_before = len(result.errors)
        bsn = str(cell(raw, "bsn") or "").strip()
        person = people.get(bsn)
        if person is None:
            result.errors.append(RowError(number, "bsn", _("Geen deelnemer met dit BSN.")))
        day = _parse_date(cell(raw, "datum"))
        if day is None:
            result.errors.append(RowError(number, "datum", _("Schrijf de datum als 23-11-2026.")))
        elif person is not None and not any(
            start <= day and (end is None or day <= end)
            for start, end in employment.get(person.pk, [])
        ):
            result.errors.append(
                RowError(number, "datum", _("Op deze dag was de deelnemer niet in dienst."))
            )
        elif day > date.today():
            result.errors.append(RowError(number, "datum", _("Deze datum ligt in de toekomst.")))
        kind = KIND_NAMES.get(str(cell(raw, "soort") or "").strip().lower())
        if kind is None:
            result.errors.append(
                RowError(
                    number,
                    "soort",
                    _("Kies werkbegeleiding, inkomen en welzijn, schulden of overig."),
                )
            )
        minutes_raw = cell(raw, "minuten")
        try:
            minutes = int(str(minutes_raw).strip())
            if not 1 <= minutes <= 600:
                raise ValueError
        except (TypeError, ValueError):
            minutes = None
            result.errors.append(
                RowError(number, "minuten", _("Vul een heel aantal minuten in, van 1 tot 600."))
            )
        note = str(cell(raw, "notitie") or "").strip()
        if len(note) > 300:
            result.errors.append(RowError(number, "notitie", _("Hoogstens 300 tekens.")))
        if len(result.errors) == errors_before:
            result.rows.append(
                {"candidate": person, "date": day, "kind": kind, "minutes": minutes, "note": note}
            )
    return result
