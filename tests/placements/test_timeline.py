"""The employment timeline (placements.timeline) on a hand-made placement.

Placement P from 1-1-2026 (ends 30-6-2026): a fixed-term contract 1-1..31-3 at 24 h, raised
to 32 h from 16-2 (an addendum), and a renewal 1-4..30-6 whose hours row starts only on
15-4 (so 1..14 April are employed with no hours known). Period February..April:
    1-2..15-2   24 h   15 days
    16-2..31-3  32 h   44 days
    1-4..14-4   none   14 days
    15-4..30-4  32 h   16 days
89 days in all = the period's 28 + 31 + 30 days: employed every day, four ranges.
A sick spell 10-3..(recovered 20-3) with 50 % from 15-3: 10..14 at 100 % (5 days), 15..19
at 50 % (5 days).
"""

from datetime import date

import pytest
from django.db import connection

from placements import timeline

pytestmark = pytest.mark.django_db


def rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def placement(make_placement, make_sick):
    p = make_placement(
        [
            (
                "bepaald",
                date(2026, 1, 1),
                date(2026, 3, 31),
                [(date(2026, 1, 1), 24), (date(2026, 2, 16), 32)],
            ),
            ("bepaald", date(2026, 4, 1), date(2026, 6, 30), [(date(2026, 4, 15), 32)]),
        ],
        end=date(2026, 6, 30),
        end_reason="overig",
    )
    make_sick(p, date(2026, 3, 10), date(2026, 3, 20), steps=[(date(2026, 3, 15), 50)])
    return p


def test_employment_is_a_few_ranges_with_their_hours(placement):
    sql = f"""WITH {timeline.employment_cte()}
        SELECT lower(span), {timeline.DAYS("span")}, hours FROM employment ORDER BY lower(span)"""
    got = rows(sql, {"start": date(2026, 2, 1), "end": date(2026, 4, 30)})
    assert [(d, n, None if h is None else int(h)) for d, n, h in got] == [
        (date(2026, 2, 1), 15, 24),
        (date(2026, 2, 16), 44, 32),
        (date(2026, 4, 1), 14, None),
        (date(2026, 4, 15), 16, 32),
    ]


def test_sick_spells_are_ranges_with_their_incapacity(placement):
    sql = f"""WITH {timeline.spells_cte()}
        SELECT lower(span), {timeline.DAYS("span")}, pct FROM spells
        WHERE NOT isempty(span) ORDER BY lower(span)"""
    assert rows(sql, {}) == [(date(2026, 3, 10), 5, 100), (date(2026, 3, 15), 5, 50)]


def test_a_period_ending_before_it_starts_has_no_employment(placement):
    sql = f"WITH {timeline.employment_cte()} SELECT COUNT(*) FROM employment"
    assert rows(sql, {"start": date(2026, 3, 1), "end": date(2026, 2, 1)}) == [(0,)]
