"""Wet Poortwachter dates on hand-made sickness (DESIGN.md; issue #13): the steps fall due
after 6, 8, 42 and 52 sick weeks of a sickness period. A new sick report less than four
weeks after recovery continues the same period: its earlier sick days count, the days in
between do not. A partial recovery is still sickness."""

from datetime import date, timedelta

import pytest

from candidates.models import Candidate
from placements import selectors, services

pytestmark = pytest.mark.django_db

CONTRACT = [("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])]


def dues(candidate) -> dict[str, date]:
    (period,) = selectors.sickness_periods(Candidate.objects.filter(pk=candidate.pk))
    return {m.milestone: m.due for m in period.milestones}


def test_the_steps_count_from_the_first_sick_day_also_with_a_partial_recovery(
    make_placement, make_sick
):
    """Sick from Monday 5 January 2026, 50% back from 2 February: still sick. Week 6 is 42
    days on (16 February), week 8 is 2 March, week 42 is 294 days on (26 October), week 52
    is 364 days on (4 January 2027)."""
    placement = make_placement(CONTRACT)
    make_sick(placement, date(2026, 1, 5), steps=[(date(2026, 2, 2), 50)])
    assert dues(placement.candidate) == {
        "probleemanalyse": date(2026, 2, 16),
        "plan_van_aanpak": date(2026, 3, 2),
        "uwv_melding": date(2026, 10, 26),
        "eerstejaarsevaluatie": date(2027, 1, 4),
    }


def test_a_relapse_within_four_weeks_continues_the_same_period(make_placement, make_sick):
    """Sick 5-18 January (14 days, back on the 19th), sick again from 9 February: 21 days
    later, less than four weeks, so the same period. Of the 42 days to week 6, 14 were
    already sick: week 6 falls 28 days after 9 February, on 9 March (not 16 February, which
    would count the 21 healthy days, and not 23 March, which would start afresh)."""
    placement = make_placement(CONTRACT)
    make_sick(placement, date(2026, 1, 5), recovered_on=date(2026, 1, 19))
    make_sick(placement, date(2026, 2, 9))
    (period,) = selectors.sickness_periods(Candidate.objects.filter(pk=placement.candidate_id))
    assert (period.period_start, period.prior_days) == (date(2026, 1, 5), 14)
    assert dues(placement.candidate)["probleemanalyse"] == date(2026, 3, 9)


def test_after_four_weeks_back_a_new_period_starts(make_placement, make_sick):
    """Back on 19 January, sick again on 16 February: 28 days, four weeks: a new period."""
    placement = make_placement(CONTRACT)
    make_sick(placement, date(2026, 1, 5), recovered_on=date(2026, 1, 19))
    make_sick(placement, date(2026, 2, 16))
    (period,) = selectors.sickness_periods(Candidate.objects.filter(pk=placement.candidate_id))
    assert (period.period_start, period.prior_days) == (date(2026, 2, 16), 0)
    assert dues(placement.candidate)["probleemanalyse"] == date(2026, 2, 16) + timedelta(days=42)


def test_a_step_is_marked_done_once_for_the_period(make_placement, make_sick, coach):
    placement = make_placement(CONTRACT)
    make_sick(placement, date(2026, 1, 5), recovered_on=date(2026, 1, 19))
    make_sick(placement, date(2026, 2, 9))
    services.milestone_mark_done(
        candidate=placement.candidate,
        period_start=date(2026, 1, 5),
        milestone="probleemanalyse",
        done_on=date(2026, 3, 2),
        done_by=coach,
    )
    again = services.milestone_mark_done(
        candidate=placement.candidate,
        period_start=date(2026, 1, 5),
        milestone="probleemanalyse",
        done_on=date(2026, 3, 5),
        done_by=coach,
    )
    assert again.done_on == date(2026, 3, 2)
    (period,) = selectors.sickness_periods(Candidate.objects.filter(pk=placement.candidate_id))
    assert {m.milestone: m.done_on for m in period.milestones}["probleemanalyse"] == date(
        2026, 3, 2
    )
