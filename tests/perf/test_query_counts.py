"""The number of queries a page makes does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from basisbaan.roles import COACH
from tests.factories import WijkFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("fixture", "url_name"),
    [
        ("coach", "home"),
        ("policy_admin", "home"),
        ("functional_admin", "home"),
        ("policy_admin", "wijk_list"),
        ("functional_admin", "user_list"),
        ("functional_admin", "profile_detail"),
    ],
)
def test_page_queries_do_not_grow_with_rows(fixture, url_name, request, client_as, make_user):
    """Guards the start page counts (single aggregates), the wijk list and the user list
    (roles prefetched) against N+1 queries: 5 rows and 60 rows cost the same. The start
    page of those who write council letters also computes the headline figures of two
    quarters (a fixed set of aggregates each, kept in the figure cache outside tests), each
    coaching figure after the fixed 5 statements that refresh the stored coaching months."""
    client = client_as(request.getfixturevalue(fixture))
    url = reverse(url_name)
    WijkFactory.create_batch(5)
    for _ in range(5):
        make_user(COACH)
    few = count_queries(client, url)
    WijkFactory.create_batch(55)
    for _ in range(55):
        make_user(COACH)
    many = count_queries(client, url)
    assert few == many
    budget = {("policy_admin", "home"): 45, ("coach", "home"): 27}.get((fixture, url_name), 15)
    assert many <= budget, f"{url_name}: {many} queries"


def test_start_page_query_budget(coach, client_as):
    """The coach's start page: session read, user, 2 permission queries, wijk counts,
    caseload counts, selection totals, profile, groups, the session save (renewing the
    idle timeout: BEGIN, UPDATE, COMMIT), and the work list: one query per heading (ending
    contracts, sickness periods and their steps done, names of the sick, measurements due,
    undecided candidates, drafts, flags (after the 5 statements that refresh the stored
    coaching months) and the caseload they are checked against)."""
    client = client_as(coach)
    WijkFactory.create_batch(20)
    assert count_queries(client, reverse("home")) <= 27


def _candidates(n: int, coach) -> None:
    from datetime import date

    from basisbaan.models import TaskType
    from candidates.models import PriorInstrument
    from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

    task_type = TaskType.objects.get_or_create(name="Zwerfafval")[0]
    for _ in range(n):
        candidate = CandidateFactory(coach=coach)
        candidate.preferred_task_types.add(task_type)
        ConversationFactory(candidate=candidate, coach=coach)
        DecisionFactory(candidate=candidate, decided_by=coach)
        PriorInstrument.objects.create(
            candidate=candidate, kind="overig", start_date=date(2019, 1, 1)
        )


@pytest.mark.parametrize("url_name", ["candidates:list", "candidates:funnel"])
def test_candidate_pages_do_not_grow_from_5_to_200_candidates(url_name, coach, client_as):
    """The list annotates status in SQL and joins wijk and coach; the funnel is aggregates."""
    client = client_as(coach)
    url = reverse(url_name)
    _candidates(5, coach)
    few = count_queries(client, url)
    _candidates(195, coach)
    assert count_queries(client, url) == few


def test_dossier_queries_do_not_grow_with_its_history(coach, client_as):
    """The dossier prefetches instruments, conversations, decisions, wishes: a fixed count
    however long the candidate's history is."""
    from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

    candidate = CandidateFactory(coach=coach)
    client = client_as(coach)
    url = reverse("candidates:detail", args=[candidate.pk])
    ConversationFactory(candidate=candidate, coach=coach)
    few = count_queries(client, url)
    for _ in range(30):
        ConversationFactory(candidate=candidate, coach=coach)
        DecisionFactory(candidate=candidate, decided_by=coach)
    many = count_queries(client, url)
    assert many == few, (few, many)


def _employment(n: int, coach) -> None:
    """n participants with a contract, an hours change, two tasks and a sick report."""
    from datetime import date

    from basisbaan.models import TaskType
    from placements.models import (
        Contract,
        ContractHours,
        DisplacementCheck,
        Employer,
        Organisation,
        Placement,
        SickReport,
        Task,
        TaskAssignment,
    )
    from tests.factories import CandidateFactory

    employer = Employer.objects.get_or_create(name="Thermiek BV")[0]
    organisation = Organisation.objects.get_or_create(name="Buurtcentrum", kind="buurtcentrum")[0]
    task_type = TaskType.objects.get_or_create(name="Zwerfafval")[0]
    for _ in range(n):
        candidate = CandidateFactory(coach=coach)
        placement = Placement.objects.create(
            candidate=candidate,
            employer=employer,
            primary_wijk=candidate.home_wijk,
            start_date=date(2025, 6, 1),
        )
        contract = Contract.objects.create(
            placement=placement, kind="onbepaald", start_date=date(2025, 6, 1)
        )
        ContractHours.objects.create(
            contract=contract, valid_from=date(2025, 6, 1), hours_per_week=24
        )
        ContractHours.objects.create(
            contract=contract, valid_from=date(2026, 1, 1), hours_per_week=32
        )
        for title in ("A", "B"):
            task = Task.objects.create(
                organisation=organisation,
                wijk=candidate.home_wijk,
                task_type=task_type,
                title=title,
                hours_per_week=16,
                places=2,
                physical_demand="licht",
            )
            DisplacementCheck.objects.create(
                task=task, checked_on=date(2026, 1, 1), checked_by=coach, no_displacement=True
            )
            TaskAssignment.objects.create(
                placement=placement, task=task, hours_per_week=16, start_date=date(2025, 6, 1)
            )
        SickReport.objects.create(
            placement=placement, first_day=date(2026, 2, 1), recovered_on=date(2026, 2, 5)
        )


@pytest.mark.parametrize(
    ("fixture", "url_name"),
    [
        ("coach", "placements:list"),
        ("coach", "placements:sick_reports"),
        ("coach", "placements:contracts_ending"),
        ("coach", "tasks:list"),
        ("executive_staff", "placements:overview"),
        ("policy_admin", "wijk_list"),
    ],
)
def test_employment_pages_do_not_grow_with_rows(fixture, url_name, request, coach, client_as):
    """Lists annotate hours, contract ends and free places in SQL; the overview's figures
    are fixed queries over a day series, however many participants there are."""
    client = client_as(request.getfixturevalue(fixture))
    url = reverse(url_name)
    _employment(3, coach)
    few = count_queries(client, url)
    _employment(30, coach)
    assert count_queries(client, url) == few


def test_placement_detail_queries_are_fixed(coach, client_as):
    from placements.models import Placement

    _employment(1, coach)
    placement = Placement.objects.get()
    client = client_as(coach)
    url = reverse("placements:detail", args=[placement.pk])
    few = count_queries(client, url)
    from datetime import date

    from placements.models import ContractHours, SickReport

    contract = placement.contracts.get()
    for month in range(2, 12):
        ContractHours.objects.create(
            contract=contract, valid_from=date(2026, month, 15), hours_per_week=30
        )
        SickReport.objects.create(
            placement=placement, first_day=date(2025, month, 1), recovered_on=date(2025, month, 3)
        )
    assert count_queries(client, url) == few


def _coaching(n: int, coach) -> None:
    from datetime import date, timedelta

    from coaching.models import (
        CoachingEntry,
        GuidanceParty,
        WellbeingDomain,
        WellbeingMeasurement,
        WellbeingScore,
    )
    from placements.models import Placement

    _employment(n, coach)
    party = GuidanceParty.objects.get_or_create(name="Werkpad")[0]
    domain = WellbeingDomain.objects.first()
    for placement in Placement.objects.all():
        for week in range(8):
            CoachingEntry.objects.get_or_create(
                candidate=placement.candidate,
                date=date(2026, 1, 5) + timedelta(days=7 * week),
                kind="werk",
                party=party,
                source="import",
                defaults={"minutes": 90},
            )
        measurement, _ = WellbeingMeasurement.objects.get_or_create(
            candidate=placement.candidate, date=date(2025, 7, 1), defaults={"measured_by": coach}
        )
        WellbeingScore.objects.get_or_create(
            measurement=measurement, domain=domain, defaults={"score": 3}
        )


@pytest.mark.parametrize(
    ("fixture", "url_name"),
    [
        ("coach", "coaching:dashboard"),
        ("executive_staff", "coaching:dashboard"),
        ("coach", "coaching:week"),
        ("coach", "coaching:measurements_due"),
    ],
)
def test_coaching_pages_do_not_grow_with_rows(fixture, url_name, request, coach, client_as):
    """The dashboard's figures are fixed SQL queries; the week grid reads all its cells in
    one query; the due list annotates the latest measurement."""
    client = client_as(request.getfixturevalue(fixture))
    url = reverse(url_name)
    _coaching(3, coach)
    few = count_queries(client, url)
    _coaching(20, coach)
    assert count_queries(client, url) == few


def test_person_section_queries_are_fixed(coach, client_as):
    from datetime import date, timedelta

    from coaching.models import CoachingEntry
    from placements.models import Placement

    _coaching(1, coach)
    candidate = Placement.objects.get().candidate
    client = client_as(coach)
    url = reverse("coaching:person", args=[candidate.pk])
    few = count_queries(client, url)
    for day in range(40):
        CoachingEntry.objects.create(
            candidate=candidate,
            date=date(2025, 9, 1) + timedelta(days=day),
            minutes=30,
            kind="inkomen",
            coach=coach,
        )
    assert count_queries(client, url) == few


@pytest.mark.parametrize("fixture", ["policy_admin", "executive_staff"])
def test_finance_page_does_not_grow_with_participants(fixture, request, coach, client_as):
    """Costs are one SQL aggregate over a day grid; the breakdown one grouped query."""
    from finance.models import CostParameters

    for year in (2025, 2026):
        CostParameters.objects.get_or_create(year=year)
    client = client_as(request.getfixturevalue(fixture))
    url = reverse("finance:overview")
    _employment(3, coach)
    few = count_queries(client, url)
    _employment(30, coach)
    assert count_queries(client, url) == few


def test_break_glass_list_does_not_grow_with_openings(functional_admin, coach, client_as):
    """The break-glass list joins user, candidate and team: 5 and 60 openings cost the same."""
    from candidates import services
    from tests.factories import CandidateFactory, TeamFactory

    other_team = TeamFactory()

    def open_some(n: int) -> None:
        for _ in range(n):
            services.break_glass_open(
                user=coach, candidate=CandidateFactory(team=other_team), reason="Collega is ziek."
            )

    client = client_as(functional_admin)
    url = reverse("candidates:break_glass_list")
    open_some(5)
    few = count_queries(client, url)
    open_some(55)
    assert count_queries(client, url) == few


def test_break_glass_and_activation_pages_are_fixed_in_queries(functional_admin, coach, client_as):
    """Single-object pages: the break-glass form and the activation link page."""
    from tests.factories import CandidateFactory, TeamFactory

    outside = CandidateFactory(team=TeamFactory())
    assert (
        count_queries(client_as(coach), reverse("candidates:break_glass", args=[outside.pk])) <= 12
    )
    assert (
        count_queries(client_as(functional_admin), reverse("user_activation", args=[coach.pk]))
        <= 12
    )


def test_organisation_list_does_not_grow_with_organisations(policy_admin, client_as):
    """Guards the organisation list (searched and paged) against N+1: each row's wijk comes
    with the list, so 3 or 30 organisations cost the same."""
    from placements.models import Organisation
    from tests.factories import WijkFactory

    client = client_as(policy_admin)
    url = reverse("tasks:organisation_list")
    for number in range(3):
        Organisation.objects.create(name=f"Organisatie {number}", wijk=WijkFactory())
    few = count_queries(client, url)
    for number in range(3, 30):
        Organisation.objects.create(name=f"Organisatie {number}", wijk=WijkFactory())
    assert count_queries(client, url) == few
