"""Builders for employment test data, written straight to the database (the services are
tested on their own)."""

from datetime import date
from decimal import Decimal

import pytest

from basisbaan.models import TaskType
from placements.models import (
    Contract,
    ContractHours,
    DisplacementCheck,
    Employer,
    Organisation,
    Placement,
    RecoveryStep,
    SickReport,
    Task,
)
from tests.factories import CandidateFactory, WijkFactory


@pytest.fixture
def employer(db):
    return Employer.objects.create(name="Thermiek BV")


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Buurtcentrum De Kern", kind="buurtcentrum")


@pytest.fixture
def make_task(organisation, policy_admin):
    def make(
        *,
        wijk=None,
        task_type=None,
        hours=12,
        places=2,
        demand="licht",
        checked_on=date(2026, 1, 5),
        confirmed=True,
        title="Taak",
    ):
        task = Task.objects.create(
            organisation=organisation,
            wijk=wijk or WijkFactory(),
            task_type=task_type or TaskType.objects.get_or_create(name="Zwerfafval opruimen")[0],
            title=title,
            hours_per_week=hours,
            places=places,
            physical_demand=demand,
        )
        if checked_on:
            DisplacementCheck.objects.create(
                task=task,
                checked_on=checked_on,
                checked_by=policy_admin,
                no_displacement=confirmed,
                note="" if confirmed else "Verdringt vrijwilligers",
            )
        return task

    return make


@pytest.fixture
def make_placement(employer):
    """A placement with contracts: [(kind, start, end, [(valid_from, hours), ...]), ...]."""

    def make(contracts, *, candidate=None, start=None, end=None, end_reason="", wijk=None):
        candidate = candidate or CandidateFactory()
        placement = Placement.objects.create(
            candidate=candidate,
            employer=employer,
            primary_wijk=wijk or candidate.home_wijk,
            start_date=start or contracts[0][1],
            end_date=end,
            end_reason=end_reason,
        )
        for kind, c_start, c_end, hours in contracts:
            contract = Contract.objects.create(
                placement=placement, kind=kind, start_date=c_start, end_date=c_end
            )
            for valid_from, h in hours:
                ContractHours.objects.create(
                    contract=contract, valid_from=valid_from, hours_per_week=Decimal(h)
                )
        return placement

    return make


@pytest.fixture
def make_sick():
    def make(placement, first_day, recovered_on=None, steps=()):
        report = SickReport.objects.create(
            placement=placement, first_day=first_day, recovered_on=recovered_on
        )
        for from_date, pct in steps:
            RecoveryStep.objects.create(
                sick_report=report, from_date=from_date, incapacity_percent=pct
            )
        return report

    return make
