"""Every write of the finance app: keyword-only, atomic, validated before saving."""

from datetime import date
from decimal import Decimal
from typing import Any

from basisbaan.integrity import atomic_service
from basisbaan.services import StaleObjectError, assign_fields, versioned_update
from placements.models import Organisation

from .models import Budget, Contribution, CostParameters, FundingSource

PARAMETER_FIELDS = [
    "reference_hours",
    "wage_cost",
    "employer_fee",
    "guidance_first_year",
    "guidance_later_years",
    "municipal_coaching",
    "offset",
    "target_participants",
]


@atomic_service
def parameters_create(*, year: int, values: dict[str, Any]) -> CostParameters:
    parameters = CostParameters(year=year, **{k: values[k] for k in PARAMETER_FIELDS})
    parameters.full_clean()
    parameters.save()
    return parameters


@atomic_service
def parameters_update(
    *, parameters: CostParameters, expected_version: int, values: dict[str, Any]
) -> CostParameters:
    fields = assign_fields(parameters, {k: values[k] for k in PARAMETER_FIELDS})
    versioned_update(instance=parameters, expected_version=expected_version, fields=fields)
    return parameters


@atomic_service
def contribution_add(
    *, organisation: Organisation, date: date, amount: Decimal, note: str = ""
) -> Contribution:
    contribution = Contribution(
        organisation=organisation, date=date, amount=amount, note=note.strip()
    )
    contribution.full_clean()
    contribution.save()
    return contribution


@atomic_service
def contribution_delete(*, contribution: Contribution) -> None:
    contribution.delete()


@atomic_service
def budget_save(
    *,
    source: FundingSource,
    year: int,
    amount: Decimal,
    note: str = "",
    expected_version: int | None = None,
) -> Budget:
    """Set the budget of a source for a year (replacing an earlier amount).

    `expected_version`: the version the user saw (0 when there was no budget yet); if
    someone else saved this budget in the meantime, nothing is saved (StaleObjectError).
    None skips the check (scripts, demo data)."""
    existing = Budget.objects.select_for_update().filter(source=source, year=year).first()
    if existing is None:
        if expected_version:
            raise StaleObjectError
        budget = Budget(source=source, year=year, amount=amount, note=note.strip())
        budget.full_clean()
        budget.save()
        return budget
    if expected_version is not None and expected_version != existing.version:
        raise StaleObjectError
    fields = assign_fields(existing, {"amount": amount, "note": note.strip()})
    versioned_update(instance=existing, expected_version=existing.version, fields=fields)
    return existing
