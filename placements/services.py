"""Every write of the placements app: keyword-only, atomic, validated before saving."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.integrity import atomic_service
from basisbaan.models import User, Wijk
from basisbaan.services import StaleObjectError, assign_fields, versioned_update
from candidates.models import Candidate, Outcome

from . import selectors
from .models import (
    Contract,
    ContractHours,
    ContractKind,
    DisplacementCheck,
    Employer,
    MilestoneDone,
    NationalAbsenceRate,
    Organisation,
    Placement,
    RecoveryStep,
    SickReport,
    Task,
    TaskAssignment,
)

# --- inventory -------------------------------------------------------------------------------

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "wijk",
    "contact_name",
    "contact_phone",
    "contact_email",
    "active",
]
TASK_FIELDS = [
    "organisation",
    "wijk",
    "task_type",
    "title",
    "description",
    "hours_per_week",
    "places",
    "physical_demand",
    "schedule",
    "active",
]


def _only(values: dict[str, Any], allowed: list[str]) -> dict[str, Any]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return values


@atomic_service
def organisation_create(*, values: dict[str, Any]) -> Organisation:
    organisation = Organisation(**_only(values, ORGANISATION_FIELDS))
    organisation.full_clean()
    organisation.save()
    return organisation


@atomic_service
def organisation_update(
    *, organisation: Organisation, expected_version: int, values: dict[str, Any]
) -> Organisation:
    fields = assign_fields(organisation, _only(values, ORGANISATION_FIELDS))
    versioned_update(instance=organisation, expected_version=expected_version, fields=fields)
    return organisation


@atomic_service
def task_create(*, values: dict[str, Any]) -> Task:
    task = Task(**_only(values, TASK_FIELDS))
    task.full_clean()
    task.save()
    return task


@atomic_service
def task_update(*, task: Task, expected_version: int, values: dict[str, Any]) -> Task:
    fields = assign_fields(task, _only(values, TASK_FIELDS))
    versioned_update(instance=task, expected_version=expected_version, fields=fields)
    return task


@atomic_service
def displacement_check_record(
    *, task: Task, checked_by: User, checked_on: date, no_displacement: bool, note: str = ""
) -> DisplacementCheck:
    check = DisplacementCheck(
        task=task,
        checked_by=checked_by,
        checked_on=checked_on,
        no_displacement=no_displacement,
        note=note.strip(),
    )
    check.full_clean()
    check.save()
    return check


# --- employment ------------------------------------------------------------------------------


@dataclass
class PlacementResult:
    placement: Placement
    warnings: list[str] = field(default_factory=list)


def _require_assignable(task: Task, on: date) -> None:
    status = selectors.tasks_with_status(on).get(pk=task.pk)
    if not status.assignable:
        raise ValidationError(
            _("%(task)s heeft geen geldige verdringingstoets en kan niet worden toegewezen.")
            % {"task": task}
        )
    if status.places_free <= 0:
        raise ValidationError(_("Alle plaatsen bij %(task)s zijn bezet.") % {"task": task})


def _hours_warning(contract_hours: Decimal, assigned: Decimal) -> list[str]:
    if assigned != contract_hours:
        return [
            _(
                "De taken tellen op tot %(assigned)s uur per week; het contract is %(hours)s uur. "
                "Pas de taken of de uren aan."
            )
            % {"assigned": assigned.normalize(), "hours": contract_hours.normalize()}
        ]
    return []


@atomic_service
def placement_create(
    *,
    candidate: Candidate,
    employer: Employer,
    primary_wijk: Wijk,
    start_date: date,
    contract_kind: str,
    contract_end: date | None,
    hours_per_week: Decimal,
    assignments: list[tuple[Task, Decimal]],
) -> PlacementResult:
    """Employ a placed candidate: the placement, its first contract with its hours, and the
    task assignments. A warning (not an error) when the tasks do not add up to the hours."""
    decision = (
        candidate.decisions.filter(decided_on__lte=start_date)
        .order_by("-decided_on", "-pk")
        .first()
    )
    if decision is None or decision.outcome != Outcome.GEPLAATST:
        raise ValidationError(
            _("Alleen een kandidaat met het besluit ‘geplaatst’ kan in dienst komen.")
        )
    if contract_kind == ContractKind.FIXED and contract_end is None:
        raise ValidationError(
            {"contract_end": _("Een contract voor bepaalde tijd heeft een einddatum.")}
        )
    if contract_kind == ContractKind.INDEFINITE:
        contract_end = None
    placement = Placement(
        candidate=candidate, employer=employer, primary_wijk=primary_wijk, start_date=start_date
    )
    placement.full_clean()
    placement.save()
    contract = Contract(
        placement=placement, kind=contract_kind, start_date=start_date, end_date=contract_end
    )
    contract.full_clean()
    contract.save()
    hours = ContractHours(contract=contract, valid_from=start_date, hours_per_week=hours_per_week)
    hours.full_clean()
    hours.save()
    seen = set()
    for task, task_hours in assignments:
        if task.pk in seen:
            raise ValidationError(_("%(task)s staat twee keer in de lijst.") % {"task": task})
        seen.add(task.pk)
        assignment_add(
            placement=placement, task=task, hours_per_week=task_hours, start_date=start_date
        )
    assigned = sum((h for _t, h in assignments), Decimal(0))
    return PlacementResult(placement, _hours_warning(Decimal(hours_per_week), assigned))


def _last_contract(placement: Placement) -> Contract:
    return placement.contracts.order_by("-start_date").first()


class ChainRuleConfirmationNeeded(ValidationError):
    """The renewal breaks the chain rule; the user must confirm knowingly."""


@atomic_service
def contract_renew(
    *,
    placement: Placement,
    start_date: date,
    end_date: date,
    hours_per_week: Decimal | None = None,
    confirm_chain_rule: bool = False,
) -> Contract:
    """A renewal: a new fixed-term contract after a fixed-term one. Refused until confirmed
    when it breaks the chain rule (a fourth contract, or more than 36 months)."""
    last = _last_contract(placement)
    if last is None or last.kind != ContractKind.FIXED:
        raise ValidationError(_("Verlengen kan alleen na een contract voor bepaalde tijd."))
    check = selectors.chain_rule_check(
        fixed_terms=selectors.fixed_terms_of(placement), new_start=start_date, new_end=end_date
    )
    if check.breaks_rule and not confirm_chain_rule:
        raise ChainRuleConfirmationNeeded(
            _("Deze verlenging doorbreekt de ketenregeling: %(reasons)s.")
            % {"reasons": "; ".join(check.reasons)},
            code="chain_rule",
        )
    return _next_contract(placement, last, ContractKind.FIXED, start_date, end_date, hours_per_week)


@atomic_service
def contract_convert(
    *, placement: Placement, start_date: date, hours_per_week: Decimal | None = None
) -> Contract:
    """A conversion: a new indefinite contract after a fixed-term one."""
    last = _last_contract(placement)
    if last is None or last.kind != ContractKind.FIXED:
        raise ValidationError(_("Omzetten kan alleen na een contract voor bepaalde tijd."))
    return _next_contract(
        placement, last, ContractKind.INDEFINITE, start_date, None, hours_per_week
    )


def _next_contract(
    placement: Placement,
    last: Contract,
    kind: str,
    start_date: date,
    end_date: date | None,
    hours_per_week: Decimal | None,
) -> Contract:
    if placement.end_date is not None:
        raise ValidationError(_("Dit dienstverband is beëindigd."))
    if start_date <= last.end_date:
        raise ValidationError(
            {
                "start_date": _("Het nieuwe contract begint na het einde van het vorige (%(end)s).")
                % {"end": last.end_date.strftime("%d-%m-%Y")}
            }
        )
    if hours_per_week is None:
        hours_per_week = (
            last.hours.order_by("-valid_from").values_list("hours_per_week", flat=True).first()
        )
    contract = Contract(placement=placement, kind=kind, start_date=start_date, end_date=end_date)
    contract.full_clean()
    contract.save()
    hours = ContractHours(contract=contract, valid_from=start_date, hours_per_week=hours_per_week)
    hours.full_clean()
    hours.save()
    return contract


@atomic_service
def hours_change(
    *, placement: Placement, valid_from: date, hours_per_week: Decimal
) -> ContractHours:
    """An addendum to the contract running on `valid_from`: new hours from that date."""
    contract = (
        placement.contracts.filter(start_date__lte=valid_from).order_by("-start_date").first()
    )
    if contract is None or not contract.covers(valid_from):
        raise ValidationError({"valid_from": _("Op deze datum loopt geen contract.")})
    if contract.hours.filter(valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _("Op deze datum is al een urenwijziging.")})
    hours = ContractHours(contract=contract, valid_from=valid_from, hours_per_week=hours_per_week)
    hours.full_clean()
    hours.save()
    return hours


@atomic_service
def placement_end(*, placement: Placement, end_date: date, reason: str) -> Placement:
    """End the employment: the running contract and task assignments end with it."""
    if placement.end_date is not None:
        raise ValidationError(_("Dit dienstverband is al beëindigd."))
    if end_date < placement.start_date:
        raise ValidationError(
            {"end_date": _("De einddatum ligt vóór de start van het dienstverband.")}
        )
    if placement.contracts.filter(start_date__gt=end_date).exists():
        raise ValidationError({"end_date": _("Er begint na deze datum nog een contract.")})
    placement.end_date, placement.end_reason = end_date, reason
    placement.full_clean()
    placement.save(update_fields=["end_date", "end_reason"])
    for contract in placement.contracts.filter(start_date__lte=end_date):
        if contract.end_date is None or contract.end_date > end_date:
            contract.end_date = end_date
            contract.full_clean()
            contract.save(update_fields=["end_date"])
    placement.assignments.filter(start_date__gt=end_date).delete()
    for assignment in placement.assignments.all():
        if assignment.end_date is None or assignment.end_date > end_date:
            assignment.end_date = end_date
            assignment.save(update_fields=["end_date"])
    return placement


@atomic_service
def assignment_add(
    *, placement: Placement, task: Task, hours_per_week: Decimal, start_date: date
) -> TaskAssignment:
    if placement.end_date is not None and start_date > placement.end_date:
        raise ValidationError(_("Dit dienstverband is dan al beëindigd."))
    _require_assignable(task, start_date)
    assignment = TaskAssignment(
        placement=placement, task=task, hours_per_week=hours_per_week, start_date=start_date
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@atomic_service
def assignment_end(*, assignment: TaskAssignment, end_date: date) -> TaskAssignment:
    if end_date < assignment.start_date:
        raise ValidationError({"end_date": _("De einddatum ligt vóór de begindatum.")})
    assignment.end_date = end_date
    assignment.full_clean()
    assignment.save(update_fields=["end_date"])
    return assignment


# --- absence ---------------------------------------------------------------------------------


@atomic_service
def sick_report_create(*, placement: Placement, first_day: date, note: str = "") -> SickReport:
    if first_day < placement.start_date or (placement.end_date and first_day > placement.end_date):
        raise ValidationError({"first_day": _("Deze dag valt buiten het dienstverband.")})
    if first_day > timezone.localdate() + timedelta(days=1):
        raise ValidationError({"first_day": _("Een ziekmelding ligt niet verder dan morgen.")})
    report = SickReport(placement=placement, first_day=first_day, note=note.strip())
    report.full_clean()
    report.save()
    return report


def _sick_report_claim(sick_report: SickReport, expected_version: int) -> None:
    """Optimistic lock: the report is still as the user saw it; its version moves on."""
    claimed = SickReport.objects.filter(pk=sick_report.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if claimed != 1:
        raise StaleObjectError
    sick_report.version = expected_version + 1


@atomic_service
def recovery_step_add(
    *, sick_report: SickReport, expected_version: int, from_date: date, incapacity_percent: int
) -> RecoveryStep:
    """Partial recovery from a date (e.g. 50% sick: half the contract hours are lost)."""
    _sick_report_claim(sick_report, expected_version)
    if from_date < sick_report.first_day or (
        sick_report.recovered_on and from_date >= sick_report.recovered_on
    ):
        raise ValidationError({"from_date": _("Deze datum valt buiten de ziekmelding.")})
    step = RecoveryStep(
        sick_report=sick_report, from_date=from_date, incapacity_percent=incapacity_percent
    )
    step.full_clean()
    step.save()
    return step


@atomic_service
def sick_report_recover(
    *, sick_report: SickReport, expected_version: int, recovered_on: date
) -> SickReport:
    """Full recovery: `recovered_on` is the first day back at work."""
    _sick_report_claim(sick_report, expected_version)
    if sick_report.recovered_on is not None:
        raise ValidationError(_("Deze ziekmelding is al afgesloten."))
    if recovered_on <= sick_report.first_day:
        raise ValidationError({"recovered_on": _("Herstel ligt na de eerste ziektedag.")})
    if sick_report.steps.filter(from_date__gte=recovered_on).exists():
        raise ValidationError({"recovered_on": _("Er is na deze datum nog een herstelstap.")})
    sick_report.recovered_on = recovered_on
    sick_report.full_clean()
    sick_report.save(update_fields=["recovered_on"])
    return sick_report


@atomic_service
def national_rate_save(
    *, start: date, end: date, rate: Decimal, source: str
) -> NationalAbsenceRate:
    existing = NationalAbsenceRate.objects.filter(start=start, end=end).first()
    item = existing or NationalAbsenceRate(start=start, end=end)
    item.rate, item.source = rate, source.strip() or "CBS"
    item.full_clean()
    item.save()
    return item


@atomic_service
def milestone_mark_done(
    *, candidate: Candidate, period_start: date, milestone: str, done_on: date, done_by: User
) -> MilestoneDone:
    """Mark a Poortwachter step of a sickness period done (once; marking it again keeps the
    first date)."""
    existing = MilestoneDone.objects.filter(
        candidate=candidate, period_start=period_start, milestone=milestone
    ).first()
    if existing:
        return existing
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Een stap kan niet in de toekomst gedaan zijn.")})
    mark = MilestoneDone(
        candidate=candidate,
        period_start=period_start,
        milestone=milestone,
        done_on=done_on,
        done_by=done_by,
    )
    mark.full_clean()
    mark.save()
    return mark
