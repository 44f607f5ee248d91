"""Employment: database constraints, services, the chain rule and the employment figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from placements import selectors, services
from placements.models import Contract, ContractHours, Placement, TaskAssignment
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

pytestmark = pytest.mark.django_db

FIXED, INDEFINITE = "bepaald", "onbepaald"


# --- the database refuses what the services would refuse -----------------------------------


def test_database_refuses_overlapping_contracts(make_placement):
    placement = make_placement(
        [(FIXED, date(2026, 1, 1), date(2026, 6, 30), [(date(2026, 1, 1), 32)])]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            placement=placement,
            kind=FIXED,
            start_date=date(2026, 6, 30),
            end_date=date(2026, 12, 31),
        )
    Contract.objects.create(
        placement=placement, kind=FIXED, start_date=date(2026, 7, 1), end_date=date(2026, 12, 31)
    )


def test_database_refuses_two_placements_of_one_person_at_once(make_placement, employer):
    placement = make_placement([(INDEFINITE, date(2026, 1, 1), None, [(date(2026, 1, 1), 32)])])
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            candidate=placement.candidate,
            employer=employer,
            primary_wijk=placement.primary_wijk,
            start_date=date(2027, 1, 1),
        )


def test_database_refuses_contract_hours_outside_1_to_40(make_placement):
    placement = make_placement([(INDEFINITE, date(2026, 1, 1), None, [(date(2026, 1, 1), 32)])])
    contract = placement.contracts.get()
    for hours in ("40.5", "0.5"):
        with pytest.raises(IntegrityError), transaction.atomic():
            ContractHours.objects.create(
                contract=contract, valid_from=date(2026, 3, 1), hours_per_week=Decimal(hours)
            )


def test_database_refuses_a_fixed_term_contract_without_end(make_placement):
    placement = make_placement(
        [(FIXED, date(2026, 1, 1), date(2026, 3, 31), [(date(2026, 1, 1), 32)])]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(placement=placement, kind=FIXED, start_date=date(2026, 4, 1))


# --- services --------------------------------------------------------------------------------


@pytest.fixture
def placed(coach):
    candidate = CandidateFactory()
    ConversationFactory(candidate=candidate, coach=coach, date=date(2025, 11, 1))
    DecisionFactory(candidate=candidate, decided_by=coach, decided_on=date(2025, 11, 15))
    return candidate


def test_placement_with_two_tasks_warns_when_hours_do_not_add_up(placed, employer, make_task):
    t1, t2 = make_task(hours=16), make_task(hours=12)
    result = services.placement_create(
        candidate=placed,
        employer=employer,
        primary_wijk=placed.home_wijk,
        start_date=date(2026, 1, 1),
        contract_kind=FIXED,
        contract_end=date(2026, 12, 31),
        hours_per_week=Decimal(32),
        assignments=[(t1, Decimal(16)), (t2, Decimal(12))],
    )
    assert result.placement.assignments.count() == 2
    assert result.warnings and "28 uur per week" in result.warnings[0]


def test_a_task_without_a_valid_check_cannot_be_assigned(placed, employer, make_task):
    unchecked = make_task(checked_on=None)
    expired = make_task(checked_on=date(2020, 1, 1))
    displacing = make_task(confirmed=False)
    for task in (unchecked, expired, displacing):
        with pytest.raises(ValidationError, match="verdringingstoets"):
            services.placement_create(
                candidate=placed,
                employer=employer,
                primary_wijk=placed.home_wijk,
                start_date=date(2026, 1, 1),
                contract_kind=INDEFINITE,
                contract_end=None,
                hours_per_week=Decimal(32),
                assignments=[(task, Decimal(32))],
            )
    assert not Placement.objects.exists()  # nothing half-saved


def test_only_a_placed_candidate_can_be_employed(employer):
    with pytest.raises(ValidationError, match="geplaatst"):
        services.placement_create(
            candidate=CandidateFactory(),
            employer=employer,
            primary_wijk=CandidateFactory().home_wijk,
            start_date=date(2026, 1, 1),
            contract_kind=INDEFINITE,
            contract_end=None,
            hours_per_week=Decimal(32),
            assignments=[],
        )


def test_renewals_hours_changes_and_the_chain_rule(make_placement):
    """Hour changes are addenda and never count; the fourth fixed-term contract is flagged
    and needs an explicit confirmation."""
    placement = make_placement(
        [(FIXED, date(2023, 1, 1), date(2023, 6, 30), [(date(2023, 1, 1), 24)])]
    )
    services.hours_change(
        placement=placement, valid_from=date(2023, 3, 1), hours_per_week=Decimal(28)
    )
    services.hours_change(
        placement=placement, valid_from=date(2023, 5, 1), hours_per_week=Decimal(32)
    )
    services.contract_renew(
        placement=placement, start_date=date(2023, 7, 1), end_date=date(2023, 12, 31)
    )
    services.contract_renew(
        placement=placement, start_date=date(2024, 1, 1), end_date=date(2024, 6, 30)
    )
    assert placement.contracts.count() == 3
    assert placement.contracts.last().hours.get().hours_per_week == Decimal(32)  # carried over
    with pytest.raises(services.ChainRuleConfirmationNeeded, match="4e contract"):
        services.contract_renew(
            placement=placement, start_date=date(2024, 7, 1), end_date=date(2024, 12, 31)
        )
    assert placement.contracts.count() == 3
    services.contract_renew(
        placement=placement,
        start_date=date(2024, 7, 1),
        end_date=date(2024, 12, 31),
        confirm_chain_rule=True,
    )
    services.contract_convert(placement=placement, start_date=date(2025, 1, 1))
    assert placement.contracts.last().kind == INDEFINITE


def test_chain_rule_counts_and_gaps():
    three = [(date(2020, 1, 1), date(2020, 12, 31)), (date(2021, 1, 1), date(2021, 12, 31))]
    third = selectors.chain_rule_check(
        fixed_terms=three, new_start=date(2022, 1, 1), new_end=date(2022, 12, 31)
    )
    assert (third.breaks_rule, third.contracts_in_chain) == (False, 3)  # exactly 36 months
    longer = selectors.chain_rule_check(
        fixed_terms=three, new_start=date(2022, 1, 1), new_end=date(2023, 1, 1)
    )
    assert longer.breaks_rule and "langer dan 36 maanden" in longer.reasons[0]
    one = [(date(2020, 1, 1), date(2020, 12, 31))]
    gap = selectors.chain_rule_check(
        fixed_terms=one, new_start=date(2021, 7, 1), new_end=date(2022, 6, 30)
    )
    assert gap.contracts_in_chain == 1 and gap.chain_start == date(2021, 7, 1)  # > 6 months
    close = selectors.chain_rule_check(
        fixed_terms=one, new_start=date(2021, 6, 30), new_end=date(2022, 6, 29)
    )
    assert close.contracts_in_chain == 2  # six months or less: the same chain


def test_ending_a_placement_ends_its_contract_and_tasks(make_placement, make_task):
    placement = make_placement([(INDEFINITE, date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])])
    TaskAssignment.objects.create(
        placement=placement, task=make_task(), hours_per_week=32, start_date=date(2025, 1, 1)
    )
    services.placement_end(placement=placement, end_date=date(2026, 2, 28), reason="uitval")
    assert placement.contracts.get().end_date == date(2026, 2, 28)
    assert placement.assignments.get().end_date == date(2026, 2, 28)
    with pytest.raises(ValidationError):
        services.placement_end(placement=placement, end_date=date(2026, 3, 1), reason="uitval")


# --- figures ---------------------------------------------------------------------------------


def test_employment_figures(make_placement):
    """Q1 2026, hand-made:
    P1 fixed 1-7-2025..31-12-2025 (24 h, 28 h from 15-1-2026 in the renewal), renewed
       1-1-2026..31-12-2026 at 24 h: a renewal in Q1; the hours rise 24 -> 28 on 15-1: an
       increase.
    P2 fixed 1-1-2025..31-12-2025 at 32 h, converted 1-2-2026 (indefinite) at 32 h; not
       employed in January (a gap): a conversion in Q1; no increase (32 -> 32).
    P3 indefinite since 2024 at 36 h, ended 15-3-2026 with reason uitval: dropout 1.
    P4 fixed 1-1-2026..31-12-2026 at 20 h, 18 h from 1-3-2026: a decrease, not an increase.
    On 31-3-2026 the participants are P1 (28 h), P2 (32 h), P4 (18 h): 3, mean 26.0 h.
    """
    p1 = make_placement(
        [
            (FIXED, date(2025, 7, 1), date(2025, 12, 31), [(date(2025, 7, 1), 24)]),
            (
                FIXED,
                date(2026, 1, 1),
                date(2026, 12, 31),
                [(date(2026, 1, 1), 24), (date(2026, 1, 15), 28)],
            ),
        ]
    )
    make_placement(
        [
            (FIXED, date(2025, 1, 1), date(2025, 12, 31), [(date(2025, 1, 1), 32)]),
            (INDEFINITE, date(2026, 2, 1), None, [(date(2026, 2, 1), 32)]),
        ]
    )
    make_placement(
        [(INDEFINITE, date(2024, 1, 1), date(2026, 3, 15), [(date(2024, 1, 1), 36)])],
        end=date(2026, 3, 15),
        end_reason="uitval",
    )
    make_placement(
        [
            (
                FIXED,
                date(2026, 1, 1),
                date(2026, 12, 31),
                [(date(2026, 1, 1), 20), (date(2026, 3, 1), 18)],
            ),
        ]
    )
    q1 = (date(2026, 1, 1), date(2026, 3, 31))
    flow = selectors.employment_flow(*q1)
    assert (flow.dropout, flow.renewals, flow.conversions) == (1, 1, 1)
    assert selectors.hour_increases(*q1) == 1
    by_wijk = selectors.participants_by_wijk(q1[1])
    assert by_wijk.total == 3
    assert selectors.average_hours(q1[1]) == Decimal("26.0")
    assert selectors.participants_by_wijk(date(2026, 1, 20)).total == 3  # P1, P3, P4 (P2 in a gap)
    assert p1.primary_wijk.name in dict(by_wijk.per_wijk)


def test_the_placement_page_and_the_ending_list_agree_on_a_renewed_contract(
    coach, client_as, make_placement
):
    """One rule for contract ends: a fixed-term contract ending in three weeks warns on the
    placement page and is on the list; once its successor is recorded, neither says so
    (before issue #11 the page still said "Het contract loopt af ... Verleng het")."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from placements.models import Contract

    today = timezone.localdate()
    ends = today + timedelta(days=21)
    placement = make_placement(
        [("bepaald", today - timedelta(days=200), ends, [(today - timedelta(days=200), 32)])]
    )
    placement.candidate.coach = coach
    placement.candidate.save()
    client = client_as(coach)
    page = reverse("placements:detail", args=[placement.pk])
    listing = reverse("placements:contracts_ending")
    assert "Het contract loopt af" in client.get(page).content.decode()
    assert placement.candidate.last_name in client.get(listing).content.decode()
    Contract.objects.create(
        placement=placement,
        kind="bepaald",
        start_date=ends + timedelta(days=1),
        end_date=ends + timedelta(days=365),
    )
    assert "Het contract loopt af" not in client.get(page).content.decode()
    assert placement.candidate.last_name not in client.get(listing).content.decode()
