"""Demo data for the task inventory, employment and absence.

Deterministic and idempotent (keyed by names and by candidate). The tasks are the ones the
source documents name; every placed candidate whose start date has come is employed with
two or three tasks; absence gives a rate of about 3 to 4% with many participants at 0%.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from basisbaan.dates import add_months, quarter_bounds
from basisbaan.models import TaskType, User, Wijk
from basisbaan.roles import POLICY_ADMIN
from candidates.models import Candidate, Outcome

from .models import (
    CollectiveAgreement,
    Contract,
    ContractHours,
    ContractKind,
    DisplacementCheck,
    Employer,
    EndReason,
    NationalAbsenceRate,
    Organisation,
    OrganisationKind,
    Placement,
    RecoveryStep,
    SickReport,
    Task,
    TaskAssignment,
)

EMPLOYERS = [
    ("Thermiek BV", CollectiveAgreement.WSW),
    ("Pantar", CollectiveAgreement.WSW),
    ("Gemeente Veenwolde", CollectiveAgreement.GEMEENTEN),
]

# (task type name, organisation kind, task title, hours, places, physical demand)
TASK_TEMPLATES = [
    (
        "Ondersteuning in het buurtcentrum",
        OrganisationKind.BUURTCENTRUM,
        "Gastvrijheid en klussen in {org}",
        12,
        3,
        "licht",
    ),
    ("Zwerfafval opruimen", OrganisationKind.WONEN, "Zwerfafvalronde {wijk}", 12, 3, "middel"),
    (
        "Gastheer of gastvrouw in de wijk",
        OrganisationKind.WELZIJN,
        "Gastheer/gastvrouw wijkpunt {wijk}",
        10,
        2,
        "licht",
    ),
    (
        "Meewerken aan het wijkblad",
        OrganisationKind.WELZIJN,
        "Wijkblad {wijk}: bezorgen en interviews",
        8,
        2,
        "licht",
    ),
    (
        "Ondersteunen van een sportvereniging",
        OrganisationKind.SPORT,
        "Materiaal en terrein sportpark {wijk}",
        12,
        2,
        "zwaar",
    ),
    (
        "Bijstaan van kwetsbare buurtbewoners",
        OrganisationKind.WELZIJN,
        "Boodschappen en gezelschap {wijk}",
        10,
        2,
        "licht",
    ),
    (
        "Schoonmaak en catering in het buurtcentrum",
        OrganisationKind.BUURTCENTRUM,
        "Keuken en schoonmaak {org}",
        12,
        2,
        "middel",
    ),
    (
        "Assisteren van fietsstewards",
        OrganisationKind.GEMEENTE,
        "Fietsstewards {wijk}",
        10,
        2,
        "middel",
    ),
]


def seed_inventory(rng: random.Random, checker: User) -> list[Task]:
    today = timezone.localdate()
    types = {t.name: t for t in TaskType.objects.all()}
    for name, agreement in EMPLOYERS:
        Employer.objects.update_or_create(name=name, defaults={"collective_agreement": agreement})
    tasks = []
    for wijk in Wijk.objects.active().order_by("name"):
        centre, _ = Organisation.objects.get_or_create(
            name=f"Buurtcentrum {wijk.name}",
            defaults={
                "kind": OrganisationKind.BUURTCENTRUM,
                "wijk": wijk,
                "contact_name": "Coördinator",
            },
        )
        welfare, _ = Organisation.objects.get_or_create(
            name=f"Wijkwelzijn {wijk.name}",
            defaults={"kind": OrganisationKind.WELZIJN, "wijk": wijk},
        )
        sport, _ = Organisation.objects.get_or_create(
            name=f"Sportvereniging {wijk.name}",
            defaults={"kind": OrganisationKind.SPORT, "wijk": wijk},
        )
        housing, _ = Organisation.objects.get_or_create(
            name="Woningcorporatie Veenwonen", defaults={"kind": OrganisationKind.WONEN}
        )
        city, _ = Organisation.objects.get_or_create(
            name="Gemeente Veenwolde, stadsbeheer", defaults={"kind": OrganisationKind.GEMEENTE}
        )
        by_kind = {
            OrganisationKind.BUURTCENTRUM: centre,
            OrganisationKind.WELZIJN: welfare,
            OrganisationKind.SPORT: sport,
            OrganisationKind.WONEN: housing,
            OrganisationKind.GEMEENTE: city,
        }
        for type_name, kind, title, hours, places, demand in rng.sample(TASK_TEMPLATES, k=5):
            organisation = by_kind[kind]
            task, created = Task.objects.get_or_create(
                title=title.format(org=organisation.name, wijk=wijk.name),
                wijk=wijk,
                defaults={
                    "organisation": organisation,
                    "task_type": types[type_name],
                    "hours_per_week": hours,
                    "places": places + 1,
                    "physical_demand": demand,
                    "schedule": rng.choice(
                        ["ma t/m do, ochtend", "di t/m vr, 9-13 uur", "wisselend"]
                    ),
                },
            )
            if created:
                DisplacementCheck.objects.create(
                    task=task,
                    checked_on=today - timedelta(days=rng.randint(30, 700)),
                    checked_by=checker,
                    no_displacement=True,
                    note="Besproken met de organisatie; geen betaalde of vrijwillige inzet verdrongen.",
                )
                # Most checks were renewed within the year; a few are due for renewal.
                if rng.random() < 0.85:
                    DisplacementCheck.objects.create(
                        task=task,
                        checked_on=today - timedelta(days=rng.randint(5, 300)),
                        checked_by=checker,
                        no_displacement=True,
                    )
            tasks.append(task)
    return tasks


def seed_placements(*, password: str) -> str:
    rng = random.Random(20260202)
    today = timezone.localdate()
    checker = User.objects.filter(groups__name=POLICY_ADMIN).order_by("pk").first()
    tasks = seed_inventory(rng, checker)
    employers = list(Employer.objects.all())
    places_left = {t.pk: t.places for t in tasks}
    made = 0
    placed = (
        Candidate.objects.filter(decisions__outcome=Outcome.GEPLAATST, placements__isnull=True)
        .prefetch_related("wijken_within_reach")
        .distinct()
        .order_by("pk")
    )
    for candidate in placed:
        decision = candidate.decisions.order_by("-decided_on", "-pk").first()
        if decision.outcome != Outcome.GEPLAATST:
            continue
        # One generator per candidate: a rerun makes the same choices for the same person.
        rng = random.Random(f"placement-{candidate.bsn}")
        start = decision.decided_on + timedelta(days=rng.randint(14, 45))
        if start > today - timedelta(days=7):
            continue
        made += 1
        placement = Placement.objects.create(
            candidate=candidate,
            employer=rng.choice(employers[:2] if rng.random() < 0.9 else employers),
            primary_wijk=candidate.home_wijk,
            start_date=start,
        )
        hours = Decimal(rng.choice([24, 28, 32, 32, 32]))
        _contracts(rng, placement, start, hours, today)
        _assignments(rng, placement, start, hours, tasks, places_left, candidate)
        _absence(rng, placement, start, today)
    # A couple of ended employments, as in any real team.
    already_ended = Placement.objects.filter(end_date__isnull=False).exists()
    long_running = (
        []
        if already_ended
        else Placement.objects.filter(
            end_date__isnull=True, start_date__lt=today - timedelta(days=300)
        ).order_by("pk")[:2]
    )
    for reason, placement in zip(
        [EndReason.UITVAL, EndReason.REGULIER], long_running, strict=False
    ):
        _end(placement, today - timedelta(days=rng.randint(20, 60)), reason)
    _national_rates(today)
    return f"{len(tasks)} taken, {made} nieuwe dienstverbanden"


def _contracts(
    rng: random.Random, placement: Placement, start: date, hours: Decimal, today: date
) -> None:
    """A first contract of 12 months, renewed once, then converted to indefinite."""
    end = add_months(start, 12) - timedelta(days=1)
    first = Contract.objects.create(
        placement=placement, kind=ContractKind.FIXED, start_date=start, end_date=end
    )
    ContractHours.objects.create(contract=first, valid_from=start, hours_per_week=hours)
    current, current_hours = first, hours
    if hours < 32 and rng.random() < 0.6:
        increase = start + timedelta(days=rng.randint(120, 240))
        if increase <= min(end, today):
            current_hours = Decimal(32)
            ContractHours.objects.create(
                contract=first, valid_from=increase, hours_per_week=current_hours
            )
    if end < today + timedelta(days=rng.randint(-20, 40)) and end < today + timedelta(days=60):
        second_start = end + timedelta(days=1)
        second_end = add_months(second_start, 12) - timedelta(days=1)
        if second_start <= today:
            current = Contract.objects.create(
                placement=placement,
                kind=ContractKind.FIXED,
                start_date=second_start,
                end_date=second_end,
            )
            ContractHours.objects.create(
                contract=current, valid_from=second_start, hours_per_week=current_hours
            )
            if second_end < today:
                third = Contract.objects.create(
                    placement=placement,
                    kind=ContractKind.INDEFINITE,
                    start_date=second_end + timedelta(days=1),
                )
                ContractHours.objects.create(
                    contract=third, valid_from=third.start_date, hours_per_week=current_hours
                )


def _assignments(rng, placement, start, hours, tasks, places_left, candidate) -> None:
    reach = {candidate.home_wijk_id, *(w.pk for w in candidate.wijken_within_reach.all())}
    options = [t for t in tasks if t.wijk_id in reach and places_left[t.pk] > 0]
    options += [t for t in tasks if t.wijk_id not in reach and places_left[t.pk] > 0]
    count = rng.choice([2, 2, 3])
    chosen = []
    for task in options:
        if len(chosen) == count:
            break
        if task.task_type_id not in {c.task_type_id for c in chosen}:
            chosen.append(task)
    if not chosen:
        return
    split = [Decimal(int(hours) // len(chosen))] * len(chosen)
    split[0] += hours - sum(split)
    for task, task_hours in zip(chosen, split, strict=True):
        places_left[task.pk] -= 1
        TaskAssignment.objects.create(
            placement=placement, task=task, hours_per_week=task_hours, start_date=start
        )


def _absence(rng: random.Random, placement: Placement, start: date, today: date) -> None:
    """Half of the participants are never ill; the others have a short spell every few
    months, and now and then a long one with partial recovery. Overall about 3 to 4%."""
    if rng.random() < 0.5:
        return
    day = start + timedelta(days=rng.randint(30, 150))
    while day < today - timedelta(days=3):
        long_spell = rng.random() < 0.06
        length = rng.randint(28, 56) if long_spell else rng.randint(3, 12)
        recovered = day + timedelta(days=length)
        report = SickReport.objects.create(
            placement=placement,
            first_day=day,
            recovered_on=recovered if recovered <= today else None,
        )
        if long_spell:
            RecoveryStep.objects.create(
                sick_report=report,
                from_date=day + timedelta(days=length // 2),
                incapacity_percent=50,
            )
        day = recovered + timedelta(days=rng.randint(70, 200))


def _end(placement: Placement, end: date, reason: str) -> None:
    placement.end_date, placement.end_reason = end, reason
    placement.save(update_fields=["end_date", "end_reason"])
    placement.contracts.filter(start_date__gt=end).delete()
    for contract in placement.contracts.all():
        if contract.end_date is None or contract.end_date > end:
            contract.end_date = end
            contract.save(update_fields=["end_date"])
    placement.assignments.filter(start_date__gt=end).delete()
    placement.assignments.filter(end_date__isnull=True).update(end_date=end)
    placement.sick_reports.filter(first_day__gt=end).delete()


def _national_rates(today: date) -> None:
    """Fictional CBS reference rates for the last eight quarters (demo only)."""
    start, _end_ = quarter_bounds(today)
    rates = [Decimal("4.6"), Decimal("4.9"), Decimal("5.3"), Decimal("4.5")]
    for i in range(8):
        q_start, q_end = quarter_bounds(add_months(start, -3 * i))
        NationalAbsenceRate.objects.get_or_create(
            start=q_start,
            end=q_end,
            defaults={"rate": rates[(q_start.month - 1) // 3], "source": "CBS (demo)"},
        )
