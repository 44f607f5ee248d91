"""Reads of the workbook app: the whole municipality in the workbook's shape (the export,
and the way out for a municipality that leaves), and the template with example rows.

Every sheet is one query (joins, no query per row); the export writes in openpyxl's
streaming mode so memory stays flat however large the municipality."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.contrib.postgres.aggregates import BoolOr
from django.db.models import BooleanField, Case, F, Max, Min, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from basisbaan.exports import neutralise
from candidates.models import Candidate, IntakeConversation, PriorInstrument, SelectionDecision
from coaching.models import CoachingEntry, EntrySource, WellbeingScore
from placements.models import (
    Contract,
    ContractHours,
    DisplacementCheck,
    Organisation,
    RecoveryStep,
    SickReport,
    Task,
    TaskAssignment,
)

from .models import WorkbookUpload
from .schema import EXPLANATION_TITLE, SHEETS, SHEETS_BY_KEY


def uploads_of(user) -> "Iterable[WorkbookUpload]":
    """A user's own uploads: nobody sees another's upload (it holds personal data)."""
    return WorkbookUpload.objects.filter(uploaded_by=user).defer("tables")


def upload_get(*, user, pk) -> WorkbookUpload:
    return WorkbookUpload.objects.get(uploaded_by=user, pk=pk)


def _yes(value: bool) -> str:
    return "ja" if value else "nee"


def _organisations():
    for o in Organisation.objects.select_related("wijk").order_by("name"):
        yield [o.name, o.kind, o.wijk.name if o.wijk else "", o.contact_name, o.contact_phone,
               o.contact_email, _yes(o.active)]  # fmt: skip


def _tasks():
    """One row per task and displacement check (a task without a check: one row without);
    the import adds each check to the task it recognises."""
    checks: dict[int, list] = {}
    for check in DisplacementCheck.objects.select_related("checked_by").order_by(
        "checked_on", "pk"
    ):
        checks.setdefault(check.task_id, []).append(check)
    for t in Task.objects.select_related("organisation", "wijk", "task_type").order_by("pk"):
        task = [
            t.organisation.name, t.wijk.name, t.task_type.name, t.title, t.description,
            t.hours_per_week, t.places, t.physical_demand, t.schedule, _yes(t.active),
        ]  # fmt: skip
        for check in checks.get(t.pk) or [None]:
            if check is None:
                yield [*task, None, "", ""]
            else:
                yield [*task, check.checked_on, _yes(check.no_displacement), check.checked_by.email]


def _candidates():
    people = Candidate.objects.select_related("home_wijk", "team", "coach").prefetch_related(
        "preferred_task_types", "wijken_within_reach"
    )
    for c in people.order_by("pk").iterator(chunk_size=2000):
        yield [
            c.bsn, c.first_name, c.last_name, c.date_of_birth, c.gender, c.household,
            c.number_of_children, c.home_wijk.name, c.team.name if c.team else "",
            c.on_assistance_since, c.referral_source, c.coach.email if c.coach else "",
            c.registered_on, c.available_hours, c.physical_capacity,
            "; ".join(sorted(t.name for t in c.preferred_task_types.all())),
            "; ".join(sorted(w.name for w in c.wijken_within_reach.all())),
        ]  # fmt: skip


def _instruments():
    for i in PriorInstrument.objects.annotate(bsn=F("candidate__bsn")).order_by("pk"):
        yield [i.bsn, i.kind, i.start_date, i.end_date, _yes(i.led_to_paid_work), i.note]


def _conversations():
    rows = IntakeConversation.objects.annotate(bsn=F("candidate__bsn"), email=F("coach__email"))
    for c in rows.order_by("date", "pk").iterator(chunk_size=2000):
        yield [c.bsn, c.date, c.email, c.duration_minutes, c.kind, "; ".join(c.topics), c.notes,
               _yes(c.confidential)]  # fmt: skip


def _decisions():
    rows = SelectionDecision.objects.annotate(
        bsn=F("candidate__bsn"), email=F("decided_by__email"), reason=F("exclusion_reason__name")
    )
    for d in rows.order_by("decided_on", "pk").iterator(chunk_size=2000):
        yield [d.bsn, d.decided_on, d.outcome, d.reason or "", d.motivation, d.email]


def _contracts():
    rows = Contract.objects.select_related(
        "placement__candidate", "placement__employer", "placement__primary_wijk"
    ).annotate(first_hours=Min("hours__valid_from"))
    start_hours = {
        (h.contract_id, h.valid_from): h.hours_per_week for h in ContractHours.objects.all()
    }
    for c in rows.order_by("placement_id", "start_date").iterator(chunk_size=2000):
        p = c.placement
        yield [
            p.candidate.bsn, p.start_date, p.employer.name, p.primary_wijk.name, c.kind,
            c.start_date, c.end_date, start_hours.get((c.pk, c.first_hours)),
            p.end_date, p.end_reason or "",
        ]  # fmt: skip


def _hours():
    rows = ContractHours.objects.exclude(valid_from=F("contract__start_date")).annotate(
        bsn=F("contract__placement__candidate__bsn"), start=F("contract__placement__start_date")
    )
    for h in rows.order_by("contract_id", "valid_from"):
        yield [h.bsn, h.start, h.valid_from, h.hours_per_week]


def _assignments():
    rows = TaskAssignment.objects.select_related(
        "placement__candidate", "task__organisation", "task__wijk"
    )
    for a in rows.order_by("placement_id", "start_date", "pk").iterator(chunk_size=2000):
        yield [
            a.placement.candidate.bsn, a.placement.start_date, a.task.organisation.name,
            a.task.wijk.name, a.task.title, a.hours_per_week, a.start_date, a.end_date,
        ]  # fmt: skip


def _sick_reports():
    rows = SickReport.objects.annotate(bsn=F("placement__candidate__bsn"))
    for r in rows.order_by("first_day", "pk").iterator(chunk_size=2000):
        yield [r.bsn, r.first_day, r.recovered_on, r.note]


def _recovery_steps():
    rows = RecoveryStep.objects.annotate(
        bsn=F("sick_report__placement__candidate__bsn"), first_day=F("sick_report__first_day")
    )
    for s in rows.order_by("sick_report_id", "from_date"):
        yield [s.bsn, s.first_day, s.from_date, s.incapacity_percent]


def _coaching():
    """One row per cell: entries of a person, day, kind and provider add up (a week's
    minutes stay a week's, so the figures spread them the same way after a round trip);
    grouped in SQL and read in chunks."""
    rows = (
        CoachingEntry.objects.annotate(
            bsn=F("candidate__bsn"),
            email=F("coach__email"),
            party_name=F("party__name"),
            week=Case(
                When(source=EntrySource.WEEK, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("bsn", "date", "kind", "email", "party_name", "week")
        .annotate(total=Sum("minutes"), note=Max("note"), secret=BoolOr("confidential"))
        .order_by("date", "bsn", "kind", "week", "email", "party_name")
    )
    for r in rows.iterator(chunk_size=5000):
        day, week = r["date"], r["week"]
        yield [
            r["bsn"], None if week else day, day.isoformat() if week else "", r["kind"],
            r["total"], None, r["email"] or "", r["party_name"] or "", r["note"],
            _yes(bool(r["secret"])),
        ]  # fmt: skip


def _wellbeing():
    rows = WellbeingScore.objects.annotate(
        bsn=F("measurement__candidate__bsn"),
        day=F("measurement__date"),
        email=F("measurement__measured_by__email"),
        note=F("measurement__note"),
        domain_name=F("domain__name"),
    )
    for s in rows.order_by("measurement_id", "domain__position", "domain__name").iterator(2000):
        yield [s.bsn, s.day, s.domain_name, s.score, s.email, s.note]


EXPORTERS: dict[str, Callable[[], Iterable[list]]] = {
    "organisations": _organisations,
    "tasks": _tasks,
    "candidates": _candidates,
    "instruments": _instruments,
    "conversations": _conversations,
    "decisions": _decisions,
    "contracts": _contracts,
    "hours": _hours,
    "assignments": _assignments,
    "sick_reports": _sick_reports,
    "recovery_steps": _recovery_steps,
    "coaching": _coaching,
    "wellbeing": _wellbeing,
}


def export_people() -> list[int]:
    """The persons an export holds, for the access log."""
    return list(Candidate.objects.order_by("pk").values_list("pk", flat=True))


def _cell(sheet, value, *, bold: bool = False):
    if isinstance(value, str):
        value = neutralise(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif hasattr(value, "isoformat"):
        cell.number_format = "DD-MM-YYYY"
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(*, example: bool) -> bytes:
    """The workbook: an explanation sheet, then a sheet per kind with our Dutch headers;
    filled with the whole municipality, or with one example row per sheet (the template)."""
    book = Workbook(write_only=True)
    explanation = book.create_sheet(str(EXPLANATION_TITLE))
    explanation.append([_cell(explanation, _("Werkmap Basisbaan"), bold=True)])
    explanation.append(
        [
            _cell(
                explanation,
                _(
                    "Elk blad is één soort gegevens; de eerste rij zijn de kolomkoppen. Datums als "
                    "24-11-2026, getallen als 12,5, ja/nee voor ja-nee-vragen. Kolommen met * "
                    "zijn verplicht. Andere bladnamen, kolomkoppen of waarden kunt u bij het "
                    "inlezen één keer koppelen; Basisbaan onthoudt dat."
                ),
            )
        ]
    )
    for sheet in SHEETS:
        explanation.append([])
        explanation.append([_cell(explanation, str(sheet.title), bold=True)])
        explanation.append([_cell(explanation, str(sheet.explanation))])
        for column in sheet.columns:
            allowed = ""
            if column.choices is not None:
                allowed = ", ".join(value for value, _label in column.choices.choices)
            explanation.append(
                [
                    _cell(explanation, str(column.header) + (" *" if column.required else "")),
                    _cell(explanation, str(KIND_WORDS[column.kind])),
                    _cell(explanation, allowed),
                ]
            )
    for sheet in SHEETS:
        out = book.create_sheet(str(sheet.title))
        out.append([_cell(out, str(c.header), bold=True) for c in sheet.columns])
        rows = [[c.example for c in sheet.columns]] if example else EXPORTERS[sheet.key]()
        for row in rows:
            out.append([_cell(out, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_MAX_ROWS = 1_048_575  # a sheet's rows in Excel, less the header


def export_too_large_for_xlsx() -> bool:
    """Whether a sheet of the export would pass Excel's row limit (a large municipality's
    coaching hours): then the export is a ZIP of CSV files, one per sheet."""
    return CoachingEntry.objects.count() > XLSX_MAX_ROWS or Candidate.objects.count() > (
        XLSX_MAX_ROWS // 4
    )


class _Chunks(io.RawIOBase):
    """A write-only stream whose written bytes are taken out piece by piece (streaming)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, str):
        return neutralise(value)
    return str(value).replace(".", ",") if not isinstance(value, int) else str(value)


def csv_zip_chunks() -> Iterator[bytes]:
    """The whole municipality as a ZIP of CSV files (one per sheet, semicolons, UTF-8 with
    BOM as Excel reads it), produced as it is sent: memory stays flat at any size."""
    out = _Chunks()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            with archive.open(f"{sheet.title}.csv", "w", force_zip64=True) as member:
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                writer = csv.writer(text, delimiter=";")
                writer.writerow([str(c.header) for c in sheet.columns])
                for number, row in enumerate(EXPORTERS[sheet.key](), start=1):
                    writer.writerow([_csv_text(v) for v in row])
                    if number % 5000 == 0:
                        text.flush()
                        yield out.take()
                text.flush()
                text.detach()
            yield out.take()
    yield out.take()


KIND_WORDS = {
    "text": _l("tekst"),
    "bsn": _l("BSN (9 cijfers)"),
    "date": _l("datum"),
    "int": _l("heel getal"),
    "decimal": _l("getal"),
    "bool": _l("ja / nee"),
    "choice": _l("keuze"),
    "ref": _l("naam uit de lijst"),
    "user": _l("e-mailadres van een medewerker"),
    "topics": _l("keuzes, gescheiden door ;"),
    "refs": _l("namen uit de lijst, gescheiden door ;"),
}
assert set(KIND_WORDS) >= {c.kind for s in SHEETS for c in s.columns}
assert set(EXPORTERS) == set(SHEETS_BY_KEY)
