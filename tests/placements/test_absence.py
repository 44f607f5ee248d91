"""The absence rate (Vernet/CBS) and the work delivered, pinned on hand-made cases.

Period: January 2026 (31 days).

A  32 h/w all month (indefinite since 1-6-2025). Sick 28-12-2025, recovered 5-1-2026:
   sick 1..4 January = 4 days x 32 = 128 lost; available 31 x 32 = 992.
B  20 h/w, employed from 1-1-2026 (part-time). Sick 10-1, 50% from 15-1, recovered 20-1:
   10..14 = 5 x 20 = 100; 15..19 = 5 x 20 x 50% = 50; lost 150; available 31 x 20 = 620.
C  24 h/w, 32 h/w from 16-1 (an addendum). Sick from 26-1, still sick at the end:
   26..31 = 6 x 32 = 192 lost; available 15 x 24 + 16 x 32 = 360 + 512 = 872.
D  starts 21-1, 32 h/w, never sick: available 11 x 32 = 352, lost 0.
E  36 h/w. Sick 29-1, recovered 10-2 (crosses the end): 29..31 = 3 x 36 = 108 lost;
   available 31 x 36 = 1116. An earlier spell in November 2025 is outside the period.

Available 992 + 620 + 872 + 352 + 1116 = 3952; lost 128 + 150 + 192 + 0 + 108 = 578.
Rate 578 / 3952 = 14.6255...% -> 14.6%. Participants 5, of whom 1 (D) without absence.
New sick reports in January: B, C, E = 3. Average headcount: employed days
31 + 31 + 31 + 11 + 31 = 135, / 31 days = 4.35; frequency 3 / (135 / 31) = 0.6888... -> 0.69.

Work delivered (tasks): A does T1 (wijk W1, type X) 20 h/w and T2 (W2, type Y) 12 h/w; B does
T3 (W1, type Y) 20 h/w.
T1: 31 x 20/7 = 88.571 less 4 sick days x 20/7 = 11.429 -> 77.143
T2: 31 x 12/7 = 53.143 less 4 x 12/7 = 6.857 -> 46.286
T3: 31 x 20/7 = 88.571 less 5 x 20/7 = 14.286 and 5 x 20/7 x 50% = 7.143 -> 67.143
W1 = 77.143 + 67.143 = 144.3; W2 = 46.3; X = 77.1; Y = 46.286 + 67.143 = 113.4;
total 190.571 -> 190.6.
"""

from datetime import date
from decimal import Decimal

import pytest

from basisbaan.models import TaskType
from placements.models import NationalAbsenceRate, TaskAssignment
from placements.selectors import absence_figures, work_delivered
from tests.factories import WijkFactory

pytestmark = pytest.mark.django_db

JAN = (date(2026, 1, 1), date(2026, 1, 31))


@pytest.fixture
def january(make_placement, make_sick, make_task):
    fixed, indefinite = "bepaald", "onbepaald"
    a = make_placement([(indefinite, date(2025, 6, 1), None, [(date(2025, 6, 1), 32)])])
    make_sick(a, date(2025, 12, 28), date(2026, 1, 5))
    b = make_placement([(fixed, date(2026, 1, 1), date(2026, 6, 30), [(date(2026, 1, 1), 20)])])
    make_sick(b, date(2026, 1, 10), date(2026, 1, 20), steps=[(date(2026, 1, 15), 50)])
    c = make_placement(
        [(indefinite, date(2025, 1, 1), None, [(date(2025, 1, 1), 24), (date(2026, 1, 16), 32)])]
    )
    make_sick(c, date(2026, 1, 26))
    make_placement([(fixed, date(2026, 1, 21), date(2026, 12, 31), [(date(2026, 1, 21), 32)])])
    e = make_placement([(indefinite, date(2025, 3, 1), None, [(date(2025, 3, 1), 36)])])
    make_sick(e, date(2025, 11, 1), date(2025, 11, 6))
    make_sick(e, date(2026, 1, 29), date(2026, 2, 10))

    w1, w2 = WijkFactory(name="W1"), WijkFactory(name="W2")
    x, y = TaskType.objects.create(name="X"), TaskType.objects.create(name="Y")
    t1 = make_task(wijk=w1, task_type=x, title="T1")
    t2 = make_task(wijk=w2, task_type=y, title="T2")
    t3 = make_task(wijk=w1, task_type=y, title="T3")
    TaskAssignment.objects.create(
        placement=a, task=t1, hours_per_week=20, start_date=date(2025, 6, 1)
    )
    TaskAssignment.objects.create(
        placement=a, task=t2, hours_per_week=12, start_date=date(2025, 6, 1)
    )
    TaskAssignment.objects.create(
        placement=b, task=t3, hours_per_week=20, start_date=date(2026, 1, 1)
    )


def test_absence_rate_on_hand_made_cases(january):
    figures = absence_figures(*JAN)
    assert figures.rate == Decimal("14.6")
    assert figures.participants == 5
    assert figures.zero_absence == 1
    assert figures.new_reports == 3
    assert figures.average_headcount == Decimal("4.35")
    assert figures.notification_frequency == Decimal("0.69")


def test_national_reference_rate_for_exactly_the_period(january):
    assert absence_figures(*JAN).national_rate is None
    NationalAbsenceRate.objects.create(start=JAN[0], end=JAN[1], rate=Decimal("4.6"))
    assert absence_figures(*JAN).national_rate == Decimal("4.6")


def test_a_period_without_employment_has_no_rate(january):
    figures = absence_figures(date(2020, 1, 1), date(2020, 1, 31))
    assert (
        figures.rate is None
        and figures.participants == 0
        and figures.notification_frequency is None
    )


def test_work_delivered_per_wijk_and_task_type(january):
    work = work_delivered(*JAN)
    assert work.per_wijk == [("W1", Decimal("144.3")), ("W2", Decimal("46.3"))]
    assert work.per_task_type == [("X", Decimal("77.1")), ("Y", Decimal("113.4"))]
    assert work.total == Decimal("190.6")


def test_figures_are_single_queries(january, django_assert_num_queries):
    with django_assert_num_queries(2):  # the rate and the national reference
        absence_figures(*JAN)
    with django_assert_num_queries(1):
        work_delivered(*JAN)


def test_a_person_with_two_placements_is_one_participant(make_placement, make_sick):
    """P worked 1..10 January (placement 1, ended), sick 5..6 January (2 days x 32 = 64),
    and again from 20 January (placement 2, 12 days, never sick). One participant, not
    two, and not a participant without absence. Rate 64 / ((10 + 12) x 32) = 64 / 704 =
    9.09 -> 9.1 %. Q is employed all month and never sick: the one participant at 0 %."""
    first = make_placement(
        [("bepaald", date(2025, 6, 1), date(2026, 1, 10), [(date(2025, 6, 1), 32)])],
        end=date(2026, 1, 10),
        end_reason="overig",
    )
    make_sick(first, date(2026, 1, 5), date(2026, 1, 7))
    make_placement(
        [("onbepaald", date(2026, 1, 20), None, [(date(2026, 1, 20), 32)])],
        candidate=first.candidate,
    )
    figures = absence_figures(*JAN)
    assert (figures.participants, figures.zero_absence, figures.rate) == (1, 0, Decimal("9.1"))
    make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])])
    figures = absence_figures(*JAN)
    assert (figures.participants, figures.zero_absence) == (2, 1)


def test_national_rate_of_a_half_year_is_the_mean_of_its_quarters():
    """Q1 4.6 and Q2 4.1 entered: the first half-year's reference is (4.6 + 4.1) / 2 = 4.35
    -> 4.4 (one decimal, half up). Without Q2 there is no reference for the half-year."""
    from placements.selectors import national_rate

    NationalAbsenceRate.objects.create(
        start=date(2026, 1, 1), end=date(2026, 3, 31), rate=Decimal("4.6")
    )
    assert national_rate(date(2026, 1, 1), date(2026, 6, 30)) is None
    NationalAbsenceRate.objects.create(
        start=date(2026, 4, 1), end=date(2026, 6, 30), rate=Decimal("4.1")
    )
    assert national_rate(date(2026, 1, 1), date(2026, 6, 30)) == Decimal("4.4")
    assert national_rate(date(2026, 1, 1), date(2026, 3, 31)) == Decimal("4.6")
    assert national_rate(date(2026, 1, 15), date(2026, 6, 30)) is None  # not whole quarters
