"""Every write of the finance app: keyword-only, atomic, validated before saving."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from basisbaan.services import assign_fields, versioned_update
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


@transaction.atomic
def parameters_create(*, year: int, values: dict[str, Any]) -> CostParameters:
    parameters = CostParameters(year=year, **{k: values[k] for k in PARAMETER_FIELDS})
    parameters.full_clean()
    parameters.save()
    return parameters


@transaction.atomic
def parameters_update(
    *, parameters: CostParameters, expected_version: int, values: dict[str, Any]
) -> CostParameters:
    fields = assign_fields(parameters, {k: values[k] for k in PARAMETER_FIELDS})
    versioned_update(instance=parameters, expected_version=expected_version, fields=fields)
    return parameters


@transaction.atomic
def contribution_add(
    *, organisation: Organisation, date: date, amount: Decimal, note: str = ""
) -> Contribution:
    contribution = Contribution(
        organisation=organisation, date=date, amount=amount, note=note.strip()
    )
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_delete(*, contribution: Contribution) -> None:
    contribution.delete()


@transaction.atomic
def budget_save(*, source: FundingSource, year: int, amount: Decimal, note: str = "") -> Budget:
    """Set the budget of a source for a year (replacing an earlier amount)."""
    budget = Budget.objects.filter(source=source, year=year).first() or Budget(
        source=source, year=year
    )
    budget.amount, budget.note = amount, note.strip()
    budget.full_clean()
    budget.save()
    return budget
