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
from decimal import Decimal

import pytest
from django.db import connection

from placements import timeline
from placements.models import (
    Contract,
    ContractHours,
    EmploymentSegment,
    EmploymentStale,
    Placement,
)

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


# --- the stored timeline (EmploymentSegment), kept by triggers -----------------------------------

SEGMENT_COLUMNS = "candidate_id, placement_id, primary_wijk_id, placement_start, hours, span"


def read(params: dict) -> list[tuple]:
    """The timeline as figures read it (stored rows for everyone unmarked, marked people
    worked out)."""
    sql = f"WITH {timeline.employment_cte()} SELECT {SEGMENT_COLUMNS} FROM employment"
    return sorted(rows(sql, params), key=repr)


def computed(params: dict) -> list[tuple]:
    """The definition, worked out from placements, contracts and hours for everyone."""
    cte = timeline._computed_cte(
        "employment", timeline.window(), f"SELECT id FROM {timeline.PLACEMENT}"
    )
    return sorted(rows(f"WITH {cte} SELECT {SEGMENT_COLUMNS} FROM employment", params), key=repr)


def marked() -> set[int]:
    return set(EmploymentStale.objects.values_list("candidate_id", flat=True))


FEB_APR = {"start": date(2026, 2, 1), "end": date(2026, 4, 30)}


def test_a_refresh_stores_the_timeline_and_figures_read_it(placement):
    """New people are marked by the triggers and worked out on each read; after a refresh
    their four ranges (P's, see the module docstring) are stored, unclipped, and read from
    there: the same rows as the definition."""
    assert marked() == {placement.candidate_id}
    before = read(FEB_APR)
    timeline.employment_refresh()
    assert marked() == set()
    stored = sorted(
        EmploymentSegment.objects.filter(placement=placement).values_list("span", flat=True),
        key=lambda r: r.lower,
    )
    assert [(r.lower, r.upper) for r in stored] == [
        (date(2026, 1, 1), date(2026, 2, 16)),
        (date(2026, 2, 16), date(2026, 4, 1)),
        (date(2026, 4, 1), date(2026, 4, 15)),
        (date(2026, 4, 15), date(2026, 7, 1)),
    ]
    assert read(FEB_APR) == before == computed(FEB_APR)
    assert len(before) == 4


def test_every_change_to_employment_marks_the_person_and_reads_stay_right(
    placement, make_placement
):
    """After a refresh, each kind of change (an hours addendum, a contract's end, the
    placement's end and its wijk, a deleted contract, a new and a deleted placement) marks
    the person; figures read before the next refresh already see it, and after it the
    stored rows are the definition again. Someone else's stored rows are not touched."""
    from basisbaan.models import Wijk

    other = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 20)])])
    timeline.employment_refresh()
    others = list(EmploymentSegment.objects.filter(placement=other).values_list("pk", flat=True))
    whole = {"start": date(2025, 1, 1), "end": date(2027, 12, 31)}
    renewal = Contract.objects.get(placement=placement, start_date=date(2026, 4, 1))
    changes = [
        lambda: ContractHours.objects.create(
            contract=renewal, valid_from=date(2026, 5, 1), hours_per_week=Decimal(36)
        ),
        lambda: Contract.objects.filter(pk=renewal.pk).update(end_date=date(2026, 5, 31)),
        lambda: Placement.objects.filter(pk=placement.pk).update(
            end_date=date(2026, 5, 20), primary_wijk=Wijk.objects.create(name="Oost")
        ),
        lambda: ContractHours.objects.filter(contract=renewal).delete(),
        lambda: make_placement(
            [("onbepaald", date(2026, 8, 1), None, [(date(2026, 8, 1), 28)])],
            candidate=placement.candidate,
        ),
        lambda: (
            Placement.objects.filter(candidate=placement.candidate)
            .exclude(pk=placement.pk)
            .delete()
        ),
    ]
    for change in changes:
        stored = read(whole)
        change()
        assert marked() == {placement.candidate_id}
        assert read(whole) == computed(whole) != stored
        timeline.employment_refresh()
        assert marked() == set()
        assert read(whole) == computed(whole)
    assert sorted(
        EmploymentSegment.objects.filter(placement=other).values_list("pk", flat=True)
    ) == sorted(others)


def test_a_read_limited_to_people_takes_stored_and_marked_people_alike(placement, make_placement):
    """`people` limits both halves: Q (stored) and P (marked) asked for, R left out."""
    q = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 20)])])
    r = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 30)])])
    timeline.employment_refresh()
    ContractHours.objects.create(
        contract=placement.contracts.first(), valid_from=date(2026, 3, 1), hours_per_week=20
    )
    assert marked() == {placement.candidate_id}
    sql = f"""WITH {timeline.employment_cte(people="%(people)s::bigint[]")}
        SELECT DISTINCT candidate_id FROM employment"""
    people = [placement.candidate_id, q.candidate_id]
    got = rows(sql, {**FEB_APR, "people": people})
    assert sorted(c for (c,) in got) == sorted(people)
    assert r.candidate_id not in people


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_refresh_keeps_its_mark(make_placement):
    """P is marked (new). Another session changes P's hours and has not committed when a
    refresh runs: the refresh takes the mark it sees and stores P's rows without that
    change. The other session's own mark survives (the refresh cannot see it), so after its
    commit P is still marked and figures read the change; the next refresh stores it."""
    from django.db import connections

    placement = make_placement([("onbepaald", date(2026, 1, 1), None, [(date(2026, 1, 1), 24)])])
    contract = placement.contracts.get()
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {ContractHours._meta.db_table} (contract_id, valid_from,"
                " hours_per_week) VALUES (%s, %s, 32)",
                [contract.pk, date(2026, 3, 1)],
            )
        timeline.employment_refresh()
        other.commit()
    finally:
        other.close()
    assert marked() == {placement.candidate_id}
    assert read(FEB_APR) == computed(FEB_APR)
    assert {h for *_rest, h, _span in read(FEB_APR)} == {Decimal(24), Decimal(32)}
    timeline.employment_refresh()
    assert marked() == set()
    assert read(FEB_APR) == computed(FEB_APR)
