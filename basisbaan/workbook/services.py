"""Every write of the workbook app: remembering the mapping, storing an upload, and the
import itself, which goes through the apps' own services row by row, as if typed in.

The import runs in one transaction. A dry run is the same run, rolled back at the end, so
it finds every problem the real import would meet (rules in services, models and database
constraints) and nothing is written. The confirmed import is rolled back as a whole when a
single row fails: all or nothing. Records already present are recognised by their natural
key (a person by BSN, a conversation by person, date and kind, ...) and left alone, so the
same workbook imported twice changes nothing the second time.
"""

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from basisbaan.models import AccessAction, AccessPurpose, User
from basisbaan.services import StaleObjectError, access_log_record_many
from candidates import services as candidate_services
from candidates.models import Candidate, IntakeConversation, PriorInstrument, SelectionDecision
from coaching import services as coaching_services
from coaching.models import CoachingEntry, EntrySource, WellbeingMeasurement
from placements import services as placement_services
from placements.models import (
    ContractHours,
    ContractKind,
    DisplacementCheck,
    Organisation,
    Placement,
    RecoveryStep,
    SickReport,
    Task,
    TaskAssignment,
)

from . import reader
from .models import ImportMapping, UploadStatus, WorkbookUpload
from .reader import Problem, Row
from .schema import SHEETS, SHEETS_BY_KEY

TASK_KEY = ("organisation", "wijk", "title")  # what identifies a task in the sheet

# Model field names that differ from the column that holds them, per sheet.
FIELD_COLUMNS = {
    "contracts": {
        "end_date": "contract_end",
        "kind": "contract_kind",
        "contract_end": "contract_end",
    },
    "assignments": {"start_date": "from_date", "end_date": "to_date", "task": "task"},
    "tasks": {"checked_on": "checked_on"},
}


@dataclass
class Outcome:
    """What an import did (or would do): per sheet the records created, updated and left
    as they were, the problems, and the changes to records that were already there."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {s.key: {"created": 0, "updated": 0, "skipped": 0} for s in SHEETS}
    )
    problems: list[Problem] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    unknown_values: dict[str, list[str]] = field(default_factory=dict)
    rows: int = 0
    seconds: float = 0.0
    read_people: list[int] = field(default_factory=list)  # already there, compared

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "counts": self.counts,
            "problems": [p.as_dict() for p in self.problems],
            "changes": self.changes,
            "unknown_values": self.unknown_values,
            "rows": self.rows,
            "seconds": round(self.seconds, 1),
        }


class _Reported(Exception):
    """The row's problems are listed already."""


class _RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, date):
        return date_format(value, "d-m-Y")
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value)


def _changed(column: str, value: str) -> str:
    """A change to a record already there, as the dry run lists it: the column and the
    workbook's new value, never the value stored now (the one who imports may have no
    right to see it)."""
    return _("%(column)s wordt ‘%(value)s’") % {"column": column, "value": value}


class _Import:
    def __init__(self, parsed: reader.Parsed, *, user: User) -> None:
        self.parsed = parsed
        self.user = user
        self.outcome = Outcome(problems=list(parsed.problems))
        self.outcome.unknown_values = {k: sorted(v) for k, v in parsed.unknown_values.items()}
        self.outcome.rows = sum(len(r) for r in parsed.rows.values()) + len(parsed.problems)
        self.touched: set[int] = set()
        self.present: set[int] = set()  # people already there before this import
        bsns = {
            row.values["bsn"]
            for rows in parsed.rows.values()
            for row in rows
            if "bsn" in row.values
        }
        self.people = {c.bsn: c for c in Candidate.objects.filter(bsn__in=bsns)}
        self.present = {c.pk for c in self.people.values()}
        self.organisations = {reader._norm(o.name): o for o in Organisation.objects.all()}
        self.tasks = {
            (t.organisation_id, t.wijk_id, reader._norm(t.title)): t for t in Task.objects.all()
        }
        self.placements: dict[tuple[str, date], Placement] = {}
        for placement in Placement.objects.filter(candidate__bsn__in=bsns).select_related(
            "candidate"
        ):
            self.placements[(placement.candidate.bsn, placement.start_date)] = placement
        self.sick_reports: dict[tuple[str, date], SickReport] = {
            (r.placement.candidate.bsn, r.first_day): r
            for r in SickReport.objects.filter(placement__candidate__bsn__in=bsns).select_related(
                "placement__candidate"
            )
        }
        self.pending_ends: list[tuple[Row, Placement]] = []
        self.seen: dict[tuple, int] = defaultdict(int)

    # --- bookkeeping --------------------------------------------------------------------

    def count(self, row: Row, what: str) -> None:
        self.outcome.counts[row.sheet.key][what] += 1

    def change(self, row: Row, text: str) -> None:
        self.outcome.changes.append({"sheet": row.title, "row": row.number, "text": text})

    def problem(self, row: Row, column_key: str | None, message: str) -> None:
        column = row.header(column_key) if column_key else ""
        self.outcome.problems.append(Problem(row.title, row.number, column, message))

    @contextmanager
    def at(self, row: Row, *, writes: bool = True) -> Iterator[None]:
        """Run one row's writes in a savepoint (`writes=False`: checks only, none needed);
        a refusal becomes a problem at its column."""
        try:
            with transaction.atomic() if writes else nullcontext():
                yield
        except _RowProblem as exc:
            self.problem(row, exc.column, exc.message)
        except _Reported:
            pass
        except StaleObjectError:
            self.problem(row, None, _("Deze gegevens zijn intussen gewijzigd. Probeer opnieuw."))
        except ValidationError as exc:
            renames = FIELD_COLUMNS.get(row.sheet.key, {})
            known = {c.key for c in row.sheet.columns}
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    column = renames.get(name, name)
                    for message in errors:
                        self.problem(row, column if column in known else None, message)
            else:
                for message in exc.messages:
                    self.problem(row, None, message)

    def person(self, row: Row) -> Candidate:
        candidate = self.people.get(row.values["bsn"])
        if candidate is None:
            raise _RowProblem(
                "bsn", _("Geen kandidaat met dit BSN, ook niet in het blad Kandidaten.")
            )
        self.touched.add(candidate.pk)
        return candidate

    def organisation(self, row: Row) -> Organisation:
        organisation = self.organisations.get(reader._norm(row.values["organisation"]))
        if organisation is None:
            raise _RowProblem(
                "organisation", _("Onbekende organisatie, ook niet in het blad Organisaties.")
            )
        return organisation

    def placement(self, row: Row) -> Placement:
        self.person(row)
        placement = self.placements.get((row.values["bsn"], row.values["start_date"]))
        if placement is None:
            raise _RowProblem(
                "start_date", _("Deze persoon heeft geen dienstverband met deze datum in dienst.")
            )
        return placement

    def already(self, model, **natural_key):
        """The record this row stands for when it is there already, else None. Records are
        matched by their natural key in order: the second of two identical rows is the
        second such record (typed in twice means two records), not the first one again."""
        key = (model, *sorted((k, getattr(v, "pk", v)) for k, v in natural_key.items()))
        self.seen[key] += 1
        n = self.seen[key]
        return next(iter(model.objects.filter(**natural_key).order_by("pk")[n - 1 : n]), None)

    # --- the sheets, in the order they depend on each other ----------------------------

    def run(self) -> Outcome:
        started = time.monotonic()
        steps = [
            ("organisations", self.organisation_row),
            ("tasks", self.task_row),
            ("candidates", self.candidate_row),
            ("instruments", self.instrument_row),
            ("conversations", self.conversation_row),
            ("decisions", self.decision_row),
        ]
        for key, handler in steps:
            for row in self.parsed.rows.get(key, []):
                with self.at(row):
                    handler(row)
        self.contracts()
        for key, handler in [("hours", self.hours_row), ("assignments", self.assignment_row)]:
            for row in self.parsed.rows.get(key, []):
                with self.at(row):
                    handler(row)
        for row, placement in self.pending_ends:
            with self.at(row):
                placement_services.placement_end(
                    placement=placement,
                    end_date=row.values["end_date"],
                    reason=row.values["end_reason"],
                )
        # A person's sick reports in date order, each closed before the next one opens.
        sick = sorted(
            self.parsed.rows.get("sick_reports", []),
            key=lambda r: (r.values["bsn"], r.values["first_day"]),
        )
        for row in sick:
            with self.at(row):
                self.sick_report_row(row)
        for row in self.parsed.rows.get("recovery_steps", []):
            with self.at(row):
                self.recovery_step_row(row)
        self.coaching()
        self.wellbeing()
        if self.touched:
            access_log_record_many(
                user=self.user,
                action=AccessAction.IMPORT,
                subject_type="candidate",
                subject_ids=sorted(self.touched),
                purpose=AccessPurpose.MIGRATION,
            )
        self.outcome.read_people = sorted(self.touched & self.present)
        self.outcome.problems.sort(key=lambda p: (_sheet_order(p.sheet), p.row, p.column))
        self.outcome.seconds = time.monotonic() - started
        return self.outcome

    def _diff(self, row: Row, instance, keys: list[str]) -> dict:
        changed = {}
        for key in keys:
            value = row.values.get(key)
            if value is None:
                continue  # the workbook says nothing: keep what is there
            if getattr(instance, key) != value:
                changed[key] = value
                self.change(row, _changed(row.header(key), _show(value)))
        return changed

    def _given(self, row: Row, keys: list[str]) -> dict:
        """The filled-in values of a new record; every required column must be among them."""
        missing = [c.key for c in row.sheet.columns if c.required and row.values.get(c.key) is None]
        for key in missing:
            self.problem(row, key, _("Vul dit in."))
        if missing:
            raise _Reported
        return {k: row.values[k] for k in keys if row.values.get(k) is not None}

    def organisation_row(self, row: Row) -> None:
        keys = [f for f in placement_services.ORGANISATION_FIELDS if f != "name"]
        existing = self.organisations.get(reader._norm(row.values["name"]))
        if existing is None:
            organisation = placement_services.organisation_create(
                values={"name": row.values["name"], **self._given(row, keys)}
            )
            self.organisations[reader._norm(organisation.name)] = organisation
            self.count(row, "created")
            return
        changed = self._diff(row, existing, keys)
        if changed:
            placement_services.organisation_update(
                organisation=existing, expected_version=existing.version, values=changed
            )
        self.count(row, "updated" if changed else "skipped")

    def task_row(self, row: Row) -> None:
        organisation = self.organisation(row)
        keys = [f for f in placement_services.TASK_FIELDS if f not in TASK_KEY]
        key = (organisation.pk, row.values["wijk"].pk, reader._norm(row.values["title"]))
        task = self.tasks.get(key)
        if task is None:
            task = placement_services.task_create(
                values={
                    "organisation": organisation,
                    "wijk": row.values["wijk"],
                    "title": row.values["title"],
                    **self._given(row, keys),
                }
            )
            self.tasks[key] = task
            what = "created"
        else:
            changed = self._diff(row, task, keys)
            if changed:
                placement_services.task_update(
                    task=task, expected_version=task.version, values=changed
                )
            what = "updated" if changed else "skipped"
        checked_on = row.values.get("checked_on")
        if (
            checked_on
            and not DisplacementCheck.objects.filter(task=task, checked_on=checked_on).exists()
        ):
            placement_services.displacement_check_record(
                task=task,
                checked_by=row.values.get("checked_by") or self.user,
                checked_on=checked_on,
                no_displacement=bool(row.values.get("no_displacement")),
            )
            what = "updated" if what == "skipped" else what
        self.count(row, what)

    # Every field a candidate row can set but the BSN that identifies the person.
    CANDIDATE_KEYS = [f for f in candidate_services.CANDIDATE_FIELDS if f != "bsn"]

    def candidate_row(self, row: Row) -> None:
        existing = self.people.get(row.values["bsn"])
        if existing is None:
            candidate = candidate_services.candidate_create(
                values={"bsn": row.values["bsn"], **self._given(row, self.CANDIDATE_KEYS)},
                preferred_task_types=row.values.get("preferred_task_types"),
                wijken_within_reach=row.values.get("wijken_within_reach"),
            )
            self.people[candidate.bsn] = candidate
            self.touched.add(candidate.pk)
            self.count(row, "created")
            return
        self.touched.add(existing.pk)
        changed = self._diff(row, existing, self.CANDIDATE_KEYS)
        lists, lists_changed = {}, False
        for key in ("preferred_task_types", "wijken_within_reach"):
            now = list(getattr(existing, key).order_by("pk"))
            wanted = row.values.get(key)
            lists[key] = now if wanted is None else wanted
            if wanted is not None and wanted != now:
                lists_changed = True
                after = "; ".join(str(item) for item in wanted) or "—"
                self.change(row, _changed(row.header(key), after))
        if changed or lists_changed:
            values = {k: getattr(existing, k) for k in ["bsn", *self.CANDIDATE_KEYS]}
            candidate_services.candidate_update(
                candidate=existing,
                expected_version=existing.version,
                values={**values, **changed},
                **lists,
            )
        self.count(row, "updated" if changed or lists_changed else "skipped")

    def instrument_row(self, row: Row) -> None:
        candidate = self.person(row)
        v = row.values
        if self.already(
            PriorInstrument, candidate=candidate, kind=v["kind"], start_date=v["start_date"]
        ):
            self.count(row, "skipped")
            return
        candidate_services.prior_instrument_add(
            candidate=candidate,
            kind=v["kind"],
            start_date=v["start_date"],
            end_date=v.get("end_date"),
            led_to_paid_work=bool(v.get("led_to_paid_work")),
            note=v.get("note") or "",
        )
        self.count(row, "created")

    def conversation_row(self, row: Row) -> None:
        candidate = self.person(row)
        v = row.values
        if self.already(IntakeConversation, candidate=candidate, date=v["date"], kind=v["kind"]):
            self.count(row, "skipped")
            return
        candidate_services.conversation_create(
            candidate=candidate,
            coach=v["coach"],
            date=v["date"],
            duration_minutes=v["duration_minutes"],
            kind=v["kind"],
            topics=v.get("topics") or [],
            notes=v.get("notes") or "",
            confidential=bool(v.get("confidential")),
        )
        self.count(row, "created")

    def decision_row(self, row: Row) -> None:
        candidate = self.person(row)
        v = row.values
        if self.already(
            SelectionDecision, candidate=candidate, decided_on=v["decided_on"], outcome=v["outcome"]
        ):
            self.count(row, "skipped")
            return
        candidate_services.decision_record(
            candidate=candidate,
            outcome=v["outcome"],
            exclusion_reason=v.get("exclusion_reason"),
            motivation=v.get("motivation") or "",
            decided_on=v["decided_on"],
            decided_by=v["decided_by"],
        )
        self.count(row, "created")

    def contracts(self) -> None:
        """Rows with the same person and start date are one employment; its contracts in
        date order: the first one opens it, the next ones renew or convert it."""
        groups: dict[tuple[str, date], list[Row]] = defaultdict(list)
        for row in self.parsed.rows.get("contracts", []):
            groups[(row.values["bsn"], row.values["start_date"])].append(row)
        for key, rows in groups.items():
            rows.sort(key=lambda r: r.values["contract_start"])
            if self._contract_overlaps(rows):
                continue
            for index, row in enumerate(rows):
                with self.at(row):
                    self.contract_row(key, row, first=index == 0)
            ends = [r for r in rows if r.values.get("end_date")]
            if ends:
                self._end_later(key, ends[-1])

    def _contract_overlaps(self, rows: list[Row]) -> bool:
        found = False
        for earlier, later in zip(rows, rows[1:], strict=False):
            end = earlier.values.get("contract_end")
            if end is None or later.values["contract_start"] <= end:
                found = True
                self.problem(
                    later,
                    "contract_start",
                    _("Dit contract overlapt met het contract op rij %(row)s.")
                    % {"row": earlier.number},
                )
        return found

    def contract_row(self, key: tuple[str, date], row: Row, *, first: bool) -> None:
        candidate = self.person(row)
        v = row.values
        placement = self.placements.get(key)
        if placement is None:
            if not first:
                return  # the first row failed and was reported
            if v["contract_start"] != v["start_date"]:
                raise _RowProblem(
                    "contract_start",
                    _("Het eerste contract begint op de datum ‘in dienst per’."),
                )
            result = placement_services.placement_create(
                candidate=candidate,
                employer=v["employer"],
                primary_wijk=v["primary_wijk"],
                start_date=v["start_date"],
                contract_kind=v["contract_kind"],
                contract_end=v.get("contract_end"),
                hours_per_week=v["hours_per_week"],
                assignments=[],
            )
            self.placements[key] = result.placement
            self.count(row, "created")
            return
        if placement.contracts.filter(start_date=v["contract_start"]).exists():
            self.count(row, "skipped")
            return
        if v["contract_kind"] == ContractKind.FIXED and v.get("contract_end") is None:
            raise _RowProblem(
                "contract_end", _("Een contract voor bepaalde tijd heeft een einddatum.")
            )
        try:
            if v["contract_kind"] == ContractKind.FIXED:
                placement_services.contract_renew(
                    placement=placement,
                    start_date=v["contract_start"],
                    end_date=v["contract_end"],
                    hours_per_week=v["hours_per_week"],
                    confirm_chain_rule=True,  # what happened is recorded as it happened
                )
            else:
                placement_services.contract_convert(
                    placement=placement,
                    start_date=v["contract_start"],
                    hours_per_week=v["hours_per_week"],
                )
        except ValidationError as exc:
            # A later contract's dates are the "contract" columns, not the employment's.
            if hasattr(exc, "error_dict"):
                renamed = {"start_date": "contract_start", "end_date": "contract_end"}
                exc.error_dict = {renamed.get(k, k): e for k, e in exc.error_dict.items()}
            raise
        self.count(row, "created")

    def _end_later(self, key: tuple[str, date], row: Row) -> None:
        placement = self.placements.get(key)
        if placement is None:
            return
        end = row.values["end_date"]
        if placement.end_date == end:
            return
        if placement.end_date is not None:
            self.problem(
                row,
                "end_date",
                _("Dit dienstverband is al beëindigd, op een andere datum."),
            )
            return
        if not row.values.get("end_reason"):
            self.problem(row, "end_reason", _("Vul de reden in waarom het dienstverband eindigt."))
            return
        self.pending_ends.append((row, placement))

    def hours_row(self, row: Row) -> None:
        placement = self.placement(row)
        v = row.values
        if ContractHours.objects.filter(
            contract__placement=placement, valid_from=v["valid_from"]
        ).exists():
            self.count(row, "skipped")
            return
        placement_services.hours_change(
            placement=placement, valid_from=v["valid_from"], hours_per_week=v["hours_per_week"]
        )
        self.count(row, "created")

    def assignment_row(self, row: Row) -> None:
        placement = self.placement(row)
        organisation = self.organisation(row)
        v = row.values
        task = self.tasks.get((organisation.pk, v["wijk"].pk, reader._norm(v["task"])))
        if task is None:
            raise _RowProblem("task", _("Onbekende taak, ook niet in het blad Taken."))
        existing = self.already(
            TaskAssignment, placement=placement, task=task, start_date=v["from_date"]
        )
        if existing is None:
            existing = placement_services.assignment_add(
                placement=placement,
                task=task,
                hours_per_week=v["hours_per_week"],
                start_date=v["from_date"],
            )
            what = "created"
        else:
            what = "skipped"
        if v.get("to_date") and existing.end_date != v["to_date"]:
            placement_services.assignment_end(assignment=existing, end_date=v["to_date"])
            what = "updated" if what == "skipped" else what
        self.count(row, what)

    def sick_report_row(self, row: Row) -> None:
        candidate = self.person(row)
        v = row.values
        report = self.sick_reports.get((v["bsn"], v["first_day"]))
        what = "skipped"
        if report is None:
            placement = next(
                (
                    p
                    for (bsn, _start), p in self.placements.items()
                    if bsn == candidate.bsn
                    and p.start_date <= v["first_day"]
                    and (p.end_date is None or v["first_day"] <= p.end_date)
                ),
                None,
            )
            if placement is None:
                raise _RowProblem(
                    "first_day", _("Deze dag valt buiten elk dienstverband van deze persoon.")
                )
            report = placement_services.sick_report_create(
                placement=placement, first_day=v["first_day"], note=v.get("note") or ""
            )
            self.sick_reports[(v["bsn"], v["first_day"])] = report
            what = "created"
        if v.get("recovered_on") and report.recovered_on != v["recovered_on"]:
            if report.recovered_on is not None:
                raise _RowProblem(
                    "recovered_on",
                    _("Deze ziekmelding is al afgesloten, op een andere datum."),
                )
            placement_services.sick_report_recover(
                sick_report=report,
                expected_version=report.version,
                recovered_on=v["recovered_on"],
            )
            what = "updated" if what == "skipped" else what
        self.count(row, what)

    def recovery_step_row(self, row: Row) -> None:
        self.person(row)
        v = row.values
        report = self.sick_reports.get((v["bsn"], v["first_day"]))
        if report is None:
            raise _RowProblem(
                "first_day", _("Geen ziekmelding van deze persoon met deze eerste ziektedag.")
            )
        if RecoveryStep.objects.filter(sick_report=report, from_date=v["from_date"]).exists():
            self.count(row, "skipped")
            return
        placement_services.recovery_step_add(
            sick_report=report,
            expected_version=report.version,
            from_date=v["from_date"],
            incapacity_percent=v["incapacity_percent"],
        )
        self.count(row, "created")

    def coaching(self) -> None:
        """Rows for the same cell (person, day or week, kind, provider) add up; a cell that
        already holds the same minutes is left alone."""
        cells: dict[tuple, dict] = {}
        for row in self.parsed.rows.get("coaching", []):
            with self.at(row, writes=False):
                key, minutes = self._coaching_cell(row)
                cell = cells.setdefault(
                    key, {"row": row, "minutes": 0, "note": "", "secret": False}
                )
                cell["minutes"] += minutes
                cell["note"] = cell["note"] or (row.values.get("note") or "")
                cell["secret"] = cell["secret"] or bool(row.values.get("confidential"))
        if not cells:
            return
        people = {key[0] for key in cells}
        existing: dict[tuple, int] = defaultdict(int)
        imported: dict[tuple, CoachingEntry] = {}
        for entry in CoachingEntry.objects.filter(candidate__in=people):
            daily = entry.source != EntrySource.WEEK
            key = (
                entry.candidate_id,
                entry.date,
                entry.kind,
                entry.coach_id,
                entry.party_id,
                EntrySource.IMPORT if daily else EntrySource.WEEK,
            )
            existing[key] += entry.minutes
            if entry.source in (EntrySource.IMPORT, EntrySource.WEEK):
                imported[key] = entry
        to_save = []
        for key, cell in cells.items():
            row = cell["row"]
            if existing.get(key, 0) == cell["minutes"]:
                self.count(row, "skipped")
                continue
            entry = imported.get(key)
            others = existing.get(key, 0) - (entry.minutes if entry else 0)
            with self.at(row, writes=False):
                if cell["minutes"] - others <= 0:
                    raise _RowProblem(
                        "minutes",
                        _("Op deze dag staat al meer begeleiding dan de werkmap noemt."),
                    )
                candidate_id, day, kind, coach_id, party_id, source = key
                if entry is None:
                    entry = CoachingEntry(
                        candidate_id=candidate_id,
                        date=day,
                        kind=kind,
                        coach_id=coach_id,
                        party_id=party_id,
                        source=source,
                    )
                entry.minutes = cell["minutes"] - others
                entry.note, entry.confidential = cell["note"], cell["secret"]
                coaching_services.coaching_cell_check(entry)
                to_save.append(entry)
                self.count(row, "updated" if key in imported else "created")
        if to_save:
            # Every cell passed its checks above: one bulk write through the service.
            with self.at(cells[next(iter(cells))]["row"]):
                coaching_services.coaching_cells_save(entries=to_save)

    def _coaching_cell(self, row: Row) -> tuple[tuple, int]:
        candidate = self.person(row)
        v = row.values
        if (v.get("date") is None) == (v.get("week") is None):
            raise _RowProblem("date", _("Vul een datum of een week in (één van de twee)."))
        if v.get("week") is not None:
            day = reader.parse_week(v["week"])
            if day is None:
                raise _RowProblem("week", _("Geen geldige week: schrijf 2026-W05 of de maandag."))
            if day > timezone.localdate():
                raise _RowProblem("week", _("Deze week ligt in de toekomst."))
            source = EntrySource.WEEK
        else:
            day, source = v["date"], EntrySource.IMPORT
        if (v.get("minutes") is None) == (v.get("hours") is None):
            raise _RowProblem("minutes", _("Vul minuten of uren in (één van de twee)."))
        minutes = v.get("minutes")
        if minutes is None:
            minutes = int((v["hours"] * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if (v.get("coach") is None) == (v.get("party") is None):
            raise _RowProblem(
                "coach", _("Vul een coach of een begeleidende partij in (één van de twee).")
            )
        coach_id = v["coach"].pk if v.get("coach") else None
        party_id = v["party"].pk if v.get("party") else None
        return (candidate.pk, day, v["kind"], coach_id, party_id, source), minutes

    def wellbeing(self) -> None:
        """Rows of one person on one day are one measurement, a score per domain."""
        groups: dict[tuple[str, date], list[Row]] = defaultdict(list)
        for row in self.parsed.rows.get("wellbeing", []):
            groups[(row.values["bsn"], row.values["date"])].append(row)
        for (_bsn, day), rows in groups.items():
            first = rows[0]
            with self.at(first):
                candidate = self.person(first)
                if WellbeingMeasurement.objects.filter(candidate=candidate, date=day).exists():
                    for row in rows:
                        self.count(row, "skipped")
                    continue
                scores = {}
                for row in rows:
                    domain = row.values["domain"]
                    if domain in scores:
                        raise _RowProblem("domain", _("Dit domein staat twee keer in deze meting."))
                    scores[domain] = row.values["score"]
                coaching_services.measurement_record(
                    candidate=candidate,
                    date=day,
                    scores=scores,
                    measured_by=first.values["measured_by"],
                    note=next((r.values.get("note") for r in rows if r.values.get("note")), ""),
                )
                for row in rows:
                    self.count(row, "created")


def _sheet_order(title: str) -> int:
    norm = reader._norm(title)
    for index, sheet in enumerate(SHEETS):
        if norm in (reader._norm(sheet.title), sheet.key):
            return index
    return len(SHEETS)


def mapping_get() -> ImportMapping:
    return ImportMapping.objects.order_by("pk").first() or ImportMapping()


@transaction.atomic
def mapping_save(
    *,
    sheets: dict[str, str] | None = None,
    columns: dict[str, dict[str, str]] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> ImportMapping:
    """Remember how this municipality names its sheets, columns and values (added to what
    was remembered before). Keys are its spellings; values ours ("-" ignores a column)."""
    mapping = ImportMapping.objects.select_for_update().order_by("pk").first() or ImportMapping()
    for name, chosen in (sheets or {}).items():
        if chosen not in SHEETS_BY_KEY:
            raise ValidationError(_("Onbekend blad."))
        mapping.sheets[reader._norm(name)] = chosen
    for sheet_key, chosen in (columns or {}).items():
        sheet = SHEETS_BY_KEY[sheet_key]
        allowed = {c.key for c in sheet.columns} | {"-"}
        for header, column in chosen.items():
            if column not in allowed:
                raise ValidationError(_("Onbekende kolom."))
            mapping.columns.setdefault(sheet_key, {})[reader._norm(header)] = column
    for domain, chosen in (values or {}).items():
        for value, ours in chosen.items():
            mapping.values.setdefault(domain, {})[reader._norm(value)] = ours
    mapping.full_clean()
    mapping.save()
    return mapping


def workbook_import(
    *,
    tables: dict[str, list[list]],
    user: User,
    dry_run: bool,
    mapping: ImportMapping | None = None,
) -> Outcome:
    """Check (dry_run=True) or import a workbook's tables. Returns what was (or would be)
    created, updated and skipped per sheet, and every problem by sheet, row and column; a
    problem anywhere means nothing is written."""
    mapping = mapping or mapping_get()
    recognition = reader.recognise(tables, mapping)
    outcome = Outcome()
    for match in recognition.matches:
        if match.sheet is None:
            outcome.problems.append(
                Problem(
                    match.title, 0, "", _("Onbekend blad: kies in de indeling welk blad dit is.")
                )
            )
        for column in match.missing:
            outcome.problems.append(
                Problem(match.title, 1, str(column.header), _("Deze kolom ontbreekt."))
            )
    if outcome.problems:
        return outcome
    parsed = reader.parse(tables, recognition, mapping)
    with transaction.atomic():
        outcome = _Import(parsed, user=user).run()
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
    if (dry_run or not outcome.ok) and outcome.read_people:
        # The rolled-back run still read these people's records: that read is logged.
        access_log_record_many(
            user=user,
            action=AccessAction.IMPORT,
            subject_type="candidate",
            subject_ids=outcome.read_people,
            purpose=AccessPurpose.MIGRATION,
            detail="proefrun",
        )
    return outcome


def upload_store(*, user: User, tables: dict[str, list[list]]) -> WorkbookUpload:
    upload = WorkbookUpload(
        uploaded_by=user,
        tables=tables,
        row_count=sum(max(len(rows) - 1, 0) for rows in tables.values()),
    )
    upload.full_clean()
    upload.save()
    return upload


def upload_check(*, upload: WorkbookUpload, user: User) -> Outcome:
    """The dry run of a stored upload; its result is kept for the page."""
    outcome = workbook_import(tables=upload.tables, user=user, dry_run=True)
    upload.result = outcome.as_dict()
    upload.status = UploadStatus.CHECKED if outcome.ok else UploadStatus.UPLOADED
    upload.checked_at = timezone.now()
    upload.seconds = outcome.seconds
    upload.save(update_fields=["result", "status", "checked_at", "seconds"])
    return outcome


def upload_import(*, upload: WorkbookUpload, user: User) -> Outcome:
    """The confirmed import of a checked upload; the tables are emptied once imported."""
    if upload.status != UploadStatus.CHECKED:
        raise ValidationError(_("Controleer de werkmap eerst (proefrun)."))
    outcome = workbook_import(tables=upload.tables, user=user, dry_run=False)
    upload.result = outcome.as_dict()
    upload.seconds = outcome.seconds
    if outcome.ok:
        upload.status, upload.tables = UploadStatus.IMPORTED, {}
    else:
        upload.status = UploadStatus.UPLOADED
    upload.save(update_fields=["result", "status", "seconds", "tables"])
    return outcome


def upload_forget(*, upload: WorkbookUpload) -> None:
    """The mapping changed: the last dry run no longer says how this upload reads."""
    upload.result, upload.status, upload.checked_at = {}, UploadStatus.UPLOADED, None
    upload.save(update_fields=["result", "status", "checked_at"])


def upload_delete(*, upload: WorkbookUpload) -> None:
    upload.delete()
