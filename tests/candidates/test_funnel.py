"""The selection funnel on a hand-made data set; every answer worked out by hand below.

Period: Q1 2026 (1 January to 31 March). R1, R2, R3 are three exclusion reasons.

    cand. gender kids  conversations            decisions (date: outcome)          in force 31-3
    A     man    0     10-1                     1-2 placed                         placed
    B     vrouw  2     15-2                     1-3 rejected R1                    rejected R1
    C     man    0     20-12-2025, 5-1          30-12-2025 rejected R2,            rejected R2
                                                10-4 placed (after the period)
    D     vrouw  0     31-3 (last day)          -                                  undecided
    E     man    1     1-11-2025 only           20-11-2025 withdrawn R3            withdrawn R3
    F     vrouw  0     2-4 (after the period)   -                                  (not spoken)
    G     man    0     20-1                     10-2 withdrawn R3, 15-3 placed     placed
    H     vrouw  0     2-1                      31-3 placed (last day)             placed
    I     man    0     none                     -                                  (not spoken)

In Q1 (DESIGN.md: a decision counts in the period it is dated in, whether or not the
candidate was also spoken then; the decision in force at the period's end decides):
spoken A B C D G H = 6; placed A G H = 3; rejected B = 1 (C's rejection in force is dated
30-12-2025, so it counts in Q4 2025, not here); withdrawn 0; undecided (spoken, no decision
in force at 31-3) D = 1; decided 4; placed/spoken 3/6 = 50.0%; placed/decided 3/4 = 75.0%.
Exclusion reasons count rejections only (a withdrawal is its own line): R1 1, R2 0, R3 0.
By gender: man A C G: 3 spoken, 2 placed; vrouw B D H: 3 spoken, 1 placed, 1 rejected,
1 undecided. With children: B only (1 spoken, 1 rejected); without: A C D G H (5 spoken,
3 placed, 1 undecided).
In Q2 (1-4..30-6): spoken F = 1 (undecided); C's placement of 10-4 counts as decided in Q2
although C was spoken only in Q1 (and before): placed 1, so the cohort is C and F.
Cumulative to 31-3: spoken A B C D E G H = 7, placed 3, rejected B C = 2, withdrawn E = 1,
undecided D = 1; 3/7 = 42.857...% -> 42.9%; exclusion reasons R1 1, R2 1, R3 0 (E's R3 is a
withdrawal).
"""

from datetime import date
from decimal import Decimal

import pytest

from candidates.models import ExclusionReason
from candidates.selectors import funnel
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

pytestmark = pytest.mark.django_db

Q1 = {"start": date(2026, 1, 1), "end": date(2026, 3, 31)}


@pytest.fixture
def reasons():
    ExclusionReason.objects.all().delete()
    return [ExclusionReason.objects.create(name=f"R{i}", position=i) for i in (1, 2, 3)]


@pytest.fixture
def data(reasons, coach):
    r1, r2, r3 = reasons

    def candidate(name, gender, kids, conversations, decisions=()):
        c = CandidateFactory(
            last_name=name,
            gender=gender,
            number_of_children=kids,
            household="samenwonend" if kids else "alleenstaand",
        )
        for day in conversations:
            ConversationFactory(candidate=c, coach=coach, date=day)
        for day, outcome, reason in decisions:
            DecisionFactory(
                candidate=c,
                decided_by=coach,
                decided_on=day,
                outcome=outcome,
                exclusion_reason=reason,
            )
        return c

    candidate("A", "man", 0, [date(2026, 1, 10)], [(date(2026, 2, 1), "geplaatst", None)])
    candidate("B", "vrouw", 2, [date(2026, 2, 15)], [(date(2026, 3, 1), "afgewezen", r1)])
    candidate(
        "C",
        "man",
        0,
        [date(2025, 12, 20), date(2026, 1, 5)],
        [(date(2025, 12, 30), "afgewezen", r2), (date(2026, 4, 10), "geplaatst", None)],
    )
    candidate("D", "vrouw", 0, [date(2026, 3, 31)])
    candidate("E", "man", 1, [date(2025, 11, 1)], [(date(2025, 11, 20), "teruggetrokken", r3)])
    candidate("F", "vrouw", 0, [date(2026, 4, 2)])
    candidate(
        "G",
        "man",
        0,
        [date(2026, 1, 20)],
        [(date(2026, 2, 10), "teruggetrokken", r3), (date(2026, 3, 15), "geplaatst", None)],
    )
    candidate("H", "vrouw", 0, [date(2026, 1, 2)], [(date(2026, 3, 31), "geplaatst", None)])
    candidate("I", "man", 0, [])


def counts(row):
    return (row.spoken, row.placed, row.rejected, row.withdrawn, row.undecided)


def test_funnel_of_a_quarter(data):
    result = funnel(**Q1)
    assert counts(result.total) == (6, 3, 1, 0, 1)
    assert result.total.decided == 4
    assert result.total.share_placed_of_spoken == Decimal("50.0")
    assert result.total.share_placed_of_decided == Decimal("75.0")
    assert [(e.reason, e.count) for e in result.exclusions] == [("R1", 1), ("R2", 0), ("R3", 0)]


def test_a_decision_counts_in_the_quarter_it_is_dated_in(data):
    result = funnel(start=date(2026, 4, 1), end=date(2026, 6, 30))
    assert counts(result.total) == (1, 1, 0, 0, 1)


def test_funnel_split_by_gender_and_children(data):
    result = funnel(**Q1)
    by_gender = {row.label: counts(row) for row in result.by_gender}
    assert by_gender == {"man": (3, 2, 0, 0, 0), "vrouw": (3, 1, 1, 0, 1)}
    by_children = {row.label: counts(row) for row in result.by_children}
    assert by_children == {"met kinderen": (1, 0, 1, 0, 0), "zonder kinderen": (5, 3, 0, 0, 1)}


def test_cumulative_funnel(data):
    result = funnel(start=None, end=Q1["end"])
    assert counts(result.total) == (7, 3, 2, 1, 1)
    assert result.total.share_placed_of_spoken == Decimal("42.9")
    assert [(e.reason, e.count) for e in result.exclusions] == [("R1", 1), ("R2", 1), ("R3", 0)]


def test_empty_period_has_no_shares(data):
    result = funnel(start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert counts(result.total) == (0, 0, 0, 0, 0)
    assert result.total.share_placed_of_spoken is None


def test_funnel_is_a_fixed_number_of_queries(data, django_assert_num_queries):
    """Guards against counting per candidate or per split: one grouped query for every
    count of the funnel, plus the exclusion reasons' names."""
    with django_assert_num_queries(2):
        funnel(**Q1)


def test_funnel_page_shows_the_figures_for_executive_staff(data, executive_staff, client_as):
    from django.urls import reverse

    body = (
        client_as(executive_staff)
        .get(reverse("candidates:funnel"), {"van": "2026-01-01", "tot_en_met": "2026-03-31"})
        .content.decode()
    )
    assert "6 kandidaten gesproken, van wie 3 geplaatst (50,0%)." in body
    assert "A," not in body  # no names: aggregates only
    # small-number rule in the split table: 1 candidate with children shows as "< 3"
    assert "&lt; 3" in body


def test_the_published_funnel_leaves_nothing_to_subtract():
    """The issue's leak: 144 spoken = 76 men + 66 women + 2 "anders"; 45 placed = 20 + 24 +
    1. Hiding only the small cells leaves 144 - 76 - 66 = 2 and 45 - 20 - 24 = 1. Published,
    the "anders" row is "< 3" and the smaller other group is "x" in each column where a
    cell was hidden; the share beside a hidden count is hidden too. The totals stay."""
    from datetime import date

    from candidates.selectors import ExclusionCount, Funnel, FunnelRow, funnel_published

    def row(label, spoken, placed, rejected, withdrawn, undecided):
        return FunnelRow(label, spoken, placed, rejected, withdrawn, undecided)

    result = Funnel(
        start=None,
        end=date(2026, 3, 31),
        total=row("Totaal", 144, 45, 80, 9, 10),
        exclusions=[ExclusionCount("perspectief", 78), ExclusionCount("beperkingen", 2)],
        by_gender=[
            row("man", 76, 20, 45, 5, 6),
            row("vrouw", 66, 24, 34, 4, 4),
            row("anders", 2, 1, 1, 0, 0),
        ],
        by_children=[],
    )
    published = funnel_published(result)
    man, vrouw, anders = published["by_gender"]
    assert (anders["spoken"], anders["placed"], anders["rejected"]) == ("< 3", "< 3", "< 3")
    assert anders["share_spoken"] == "< 3"
    # Each column with a hidden cell has a second one; each row too.
    for column in ("spoken", "placed", "rejected"):
        hidden = [r[column] for r in (man, vrouw, anders) if r[column] in ("< 3", "x")]
        assert len(hidden) >= 2, column
    for r in (man, vrouw, anders):
        cells = [r[c] for c in ("placed", "rejected", "withdrawn", "undecided")]
        assert sum(1 for c in [r["spoken"], *cells] if c in ("< 3", "x")) != 1, r["label"]
    assert published["total"]["spoken"] == 144 and published["total"]["placed"] == 45
    # The two exclusion reasons add up to the 80 rejected: the 2 is hidden, and the 78.
    assert published["exclusions"] == [["perspectief", "x"], ["beperkingen", "< 3"]]
