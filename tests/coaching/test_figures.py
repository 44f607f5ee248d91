"""Coaching intensity, its trend, the review flag and the wellbeing changes, on hand-made
data worked out by hand.

Intensity, period 2-3-2026 .. 29-3-2026 (28 days, 4 weeks):
A employed all period. Party: work 120 on 2-3 and 16-3; coach: income 60 on 9-3 and 23-3
  (and an entry on 5-4, outside). 360 min = 6 h / 4 weeks = 1.5 h/w; municipal 0.5,
  external 1.0; work 1.0, income 0.5.
B starts 16-3 (14 employed days = 2 weeks). An entry on 10-3, before the start, does not
  count. Party work 180 on 16-3, coach debts 120 on 23-3: 5 h / 2 weeks = 2.5 h/w;
  municipal 1.0, external 1.5; work 1.5, debts 1.0.
C ends 15-3 (2 weeks). Coach other 60 on 3-3; party work 600 on 20-3 is after the end.
  1 h / 2 weeks = 0.5 h/w; municipal 0.5; other 0.5.
D employed all period, no entries: 0 (counts, as 0).
Mean (1.5 + 2.5 + 0.5 + 0) / 4 = 1.125 -> 1.1. Minimum and maximum only over participants
employed at least 28 days of the period (A and D; B and C have 14): min 0.0, max 1.5.
Municipal (0.5 + 1.0 + 0.5 + 0) / 4 = 0.5; external (1.0 + 1.5) / 4 = 0.625 -> 0.6.
Work (1.0 + 1.5) / 4 = 0.625 -> 0.6; income 0.5 / 4 = 0.125 -> 0.1; debts 1.0 / 4 = 0.25 ->
0.3; other 0.5 / 4 = 0.125 -> 0.1.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coaching import selectors
from coaching.models import (
    CoachingEntry,
    CoachingSettings,
    GuidanceParty,
    WellbeingDomain,
    WellbeingMeasurement,
    WellbeingScore,
)
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 2), date(2026, 3, 29))


@pytest.fixture
def party(db):
    return GuidanceParty.objects.create(name="Werkpad")


def entry(candidate, day, minutes, kind, *, coach=None, party=None):
    return CoachingEntry.objects.create(
        candidate=candidate, date=day, minutes=minutes, kind=kind, coach=coach, party=party
    )


@pytest.fixture
def march(make_placement, coach, party):
    a = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])]).candidate
    b = make_placement(
        [("onbepaald", date(2026, 3, 16), None, [(date(2026, 3, 16), 32)])]
    ).candidate
    c = make_placement(
        [("onbepaald", date(2025, 6, 1), date(2026, 3, 15), [(date(2025, 6, 1), 32)])],
        end=date(2026, 3, 15),
        end_reason="uitval",
    ).candidate
    make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])])
    entry(a, date(2026, 3, 2), 120, "werk", party=party)
    entry(a, date(2026, 3, 9), 60, "inkomen", coach=coach)
    entry(a, date(2026, 3, 16), 120, "werk", party=party)
    entry(a, date(2026, 3, 23), 60, "inkomen", coach=coach)
    entry(a, date(2026, 4, 5), 500, "werk", party=party)
    entry(b, date(2026, 3, 10), 300, "werk", party=party)
    entry(b, date(2026, 3, 16), 180, "werk", party=party)
    entry(b, date(2026, 3, 23), 120, "schulden", coach=coach)
    entry(c, date(2026, 3, 3), 60, "overig", coach=coach)
    entry(c, date(2026, 3, 20), 600, "werk", party=party)


def test_coaching_intensity(march):
    result = selectors.coaching_intensity(*MARCH)
    assert result.participants == 4
    assert (result.mean, result.minimum, result.maximum) == (
        Decimal("1.1"),
        Decimal("0.0"),
        Decimal("1.5"),
    )
    assert (result.municipal, result.external) == (Decimal("0.5"), Decimal("0.6"))
    assert result.per_kind == {
        "werk": Decimal("0.6"),
        "inkomen": Decimal("0.1"),
        "schulden": Decimal("0.3"),
        "overig": Decimal("0.1"),
    }


def test_intensity_is_one_query_after_a_fixed_refresh(march, django_assert_num_queries):
    """Guards against the figure growing with the data or with what changed: the refresh of
    the stored months is always the same 5 statements (savepoint, lock, the marks with the
    rows of the marked people, insert, release), then one query."""
    with django_assert_num_queries(6):
        selectors.coaching_intensity(*MARCH)
    with django_assert_num_queries(6):
        selectors.coaching_intensity(*MARCH)


def test_trend_by_month_of_employment(make_placement, coach):
    """E starts 10-1-2026: month 1 = 10-1..9-2 (31 days), month 2 = 10-2..9-3 (28 days).
    310 min in month 1: 5.1667 h / 4.4286 weeks = 1.1667; 240 min in month 2: 4 h / 4 = 1.0.
    F starts 10-2-2026: month 1 = 10-2..9-3 (28 days), 480 min: 8 h / 4 weeks = 2.0.
    Up to 9-3: month 1 mean (1.1667 + 2.0) / 2 = 1.583 -> 1.6 (2 participants); month 2 1.0."""
    e = make_placement(
        [("onbepaald", date(2026, 1, 10), None, [(date(2026, 1, 10), 32)])]
    ).candidate
    f = make_placement(
        [("onbepaald", date(2026, 2, 10), None, [(date(2026, 2, 10), 32)])]
    ).candidate
    entry(e, date(2026, 1, 12), 310, "inkomen", coach=coach)
    entry(e, date(2026, 2, 20), 240, "inkomen", coach=coach)
    entry(f, date(2026, 2, 11), 480, "inkomen", coach=coach)
    trend = selectors.coaching_trend(date(2026, 3, 9))
    assert [(p.month, p.mean, p.participants) for p in trend] == [
        (1, Decimal("1.6"), 2),
        (2, Decimal("1.0"), 1),
    ]


def test_trend_counts_the_last_day_of_a_month_clamped_at_the_month_end(make_placement, coach):
    """A placement from 31-1-2026: month 1 = 31-1..27-2 (31-1 + 1 month = 28-2), 28 days;
    the contract ends 28-2, so month 2 has that one day. 280 min on 2-2: 4.667 h / 4 weeks
    = 1.17 -> 1.2. 60 min on 28-2: 1 h / (1/7 week) = 7.0 in month 2. (Counting whole
    months with `age` alone puts 28-2 in month 1 of no segment and loses that day.)"""
    person = make_placement(
        [("bepaald", date(2026, 1, 31), date(2026, 2, 28), [(date(2026, 1, 31), 32)])],
        end=date(2026, 2, 28),
        end_reason="overig",
    ).candidate
    entry(person, date(2026, 2, 2), 280, "werk", coach=coach)
    entry(person, date(2026, 2, 28), 60, "werk", coach=coach)
    trend = selectors.coaching_trend(date(2026, 3, 31))
    assert [(p.month, p.mean, p.participants) for p in trend] == [
        (1, Decimal("1.2"), 1),
        (2, Decimal("7.0"), 1),
    ]
    # Asking for some months gives the same answer for those months.
    assert selectors.coaching_trend(date(2026, 3, 31), months=(2, 12)) == trend[1:]


def test_participants_above_the_threshold_are_flagged(make_placement, coach, party):
    """13 weeks up to 1-6-2026. G: 300 min every week = 5 h/w > 4; H: 120 min = 2 h/w."""
    on = date(2026, 6, 1)
    g = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])]).candidate
    h = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])]).candidate
    for week in range(13):
        day = on - timedelta(days=7 * week)
        entry(g, day, 300, "werk", party=party)
        entry(h, day, 120, "werk", party=party)
    flags = selectors.flagged_for_review(on, user=coach)
    assert [(f.candidate_id, f.hours_per_week) for f in flags] == [(g.pk, Decimal("5.0"))]
    CoachingSettings.objects.filter(pk=1).update(review_threshold_hours=Decimal("1.5"))
    assert {f.candidate_id for f in selectors.flagged_for_review(on, user=coach)} == {g.pk, h.pk}
    # Among some people only (a coach's caseload on the work list): the same figures.
    assert [
        (f.candidate_id, f.hours_per_week) for f in selectors.flags_among(on, candidate_ids=[h.pk])
    ] == [(h.pk, Decimal("2.0"))]
    assert selectors.flags_among(on, candidate_ids=[]) == []


def test_review_flags_name_only_people_in_the_users_reach(make_placement, coach, party):
    """Two participants at 5 h a week; one is in another team: the coach sees only the
    other (names are personal data, limited like every list)."""
    from basisbaan.models import Team

    on = date(2026, 6, 1)
    mine = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])])
    theirs = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])])
    theirs.candidate.team = Team.objects.create(name="Team Zuid")
    theirs.candidate.save()
    for week in range(13):
        day = on - timedelta(days=7 * week)
        entry(mine.candidate, day, 300, "werk", party=party)
        entry(theirs.candidate, day, 300, "werk", party=party)
    flags = selectors.flagged_for_review(on, user=coach)
    assert [f.candidate_id for f in flags] == [mine.candidate_id]


def test_wellbeing_first_against_latest(coach):
    """X: D1 2 -> 3 -> 4 (better), D2 3 -> 3 -> 2 (worse); Y: D1 3 -> 3 (same), D2 3 -> 4
    (better); Z has one measurement and does not count. D1: 1 better, 1 same; D2: 1 better,
    1 worse."""
    WellbeingDomain.objects.all().delete()
    d1, d2 = (
        WellbeingDomain.objects.create(name="D1", position=1),
        WellbeingDomain.objects.create(name="D2", position=2),
    )

    def measure(candidate, day, s1, s2):
        m = WellbeingMeasurement.objects.create(candidate=candidate, date=day, measured_by=coach)
        WellbeingScore.objects.create(measurement=m, domain=d1, score=s1)
        WellbeingScore.objects.create(measurement=m, domain=d2, score=s2)

    x, y, z = CandidateFactory(), CandidateFactory(), CandidateFactory()
    measure(x, date(2025, 1, 1), 2, 3)
    measure(x, date(2025, 7, 1), 3, 3)
    measure(x, date(2026, 1, 1), 4, 2)
    measure(y, date(2025, 3, 1), 3, 3)
    measure(y, date(2025, 9, 1), 3, 4)
    measure(z, date(2025, 5, 1), 1, 1)
    changes = {
        w.domain: (w.improved, w.same, w.worse)
        for w in selectors.wellbeing_changes(date(2026, 6, 1))
    }
    assert changes == {"D1": (1, 1, 0), "D2": (1, 0, 1)}
    d1_row = selectors.wellbeing_changes(date(2026, 6, 1))[0]
    assert (d1_row.improved_share, d1_row.same_share, d1_row.worse_share) == (
        Decimal("50.0"),
        Decimal("50.0"),
        Decimal("0.0"),
    )
    # Before Y's second measurement only X counts.
    early = {
        w.domain: (w.improved, w.same, w.worse)
        for w in selectors.wellbeing_changes(date(2025, 8, 1))
    }
    assert early == {"D1": (1, 0, 0), "D2": (0, 1, 0)}


def test_wellbeing_takes_each_domain_from_the_measurements_that_scored_it(coach):
    """A domain left out of a measurement is compared over the measurements that did
    score it. P: 1-1 D1 2, D2 -; 1-4 D1 3, D2 2; 1-7 D1 -, D2 4; 1-10 D1 1, D2 -. D1 goes
    2 -> 1 (worse: first 1-1, latest 1-10); D2 2 -> 4 (better: 1-4 and 1-7, neither of
    them P's first or latest measurement). Q: 1-1 D1 3; 1-6 D2 5: each domain scored once,
    so Q does not count. Up to 1-8: D1 2 -> 3 (better), D2 2 -> 4 (better)."""
    WellbeingDomain.objects.all().delete()
    d1, d2 = (
        WellbeingDomain.objects.create(name="D1", position=1),
        WellbeingDomain.objects.create(name="D2", position=2),
    )

    def measure(candidate, day, **scores):
        m = WellbeingMeasurement.objects.create(candidate=candidate, date=day, measured_by=coach)
        for domain, score in ((d1, scores.get("d1")), (d2, scores.get("d2"))):
            if score is not None:
                WellbeingScore.objects.create(measurement=m, domain=domain, score=score)

    p, q = CandidateFactory(), CandidateFactory()
    measure(p, date(2026, 1, 1), d1=2)
    measure(p, date(2026, 4, 1), d1=3, d2=2)
    measure(p, date(2026, 7, 1), d2=4)
    measure(p, date(2026, 10, 1), d1=1)
    measure(q, date(2026, 1, 1), d1=3)
    measure(q, date(2026, 6, 1), d2=5)

    def changes(end):
        return {w.domain: (w.improved, w.same, w.worse) for w in selectors.wellbeing_changes(end)}

    assert changes(date(2026, 12, 31)) == {"D1": (0, 0, 1), "D2": (1, 0, 0)}
    assert changes(date(2026, 8, 1)) == {"D1": (1, 0, 0), "D2": (1, 0, 0)}


def test_wellbeing_follows_edited_and_deleted_scores_and_measurements(coach):
    """The stored summary of each measurement follows every change. R: 1-1 D1 2, 1-7 D1 3
    (better). The 1-7 score edited to 1: worse. Its measurement moved to 1-1 of the next
    year and a third one on 1-4 D1 2: 2 -> 1, still worse. The 1-1 score deleted (that
    measurement has no D1 any more): 2 -> 1 from 1-4, worse. The latest measurement deleted:
    D1 from 1-4 only, R no longer counts."""
    from coaching.models import WellbeingSummary

    WellbeingDomain.objects.all().delete()
    d1 = WellbeingDomain.objects.create(name="D1", position=1)
    r = CandidateFactory()

    def measure(day, score):
        m = WellbeingMeasurement.objects.create(candidate=r, date=day, measured_by=coach)
        return m, WellbeingScore.objects.create(measurement=m, domain=d1, score=score)

    def counts():
        return [(w.improved, w.same, w.worse) for w in selectors.wellbeing_changes(END)]

    END = date(2027, 6, 1)
    first, first_score = measure(date(2026, 1, 1), 2)
    latest, latest_score = measure(date(2026, 7, 1), 3)
    assert counts() == [(1, 0, 0)]
    WellbeingScore.objects.filter(pk=latest_score.pk).update(score=1)
    assert WellbeingSummary.objects.get(measurement_id=latest.pk).scores == {str(d1.pk): 1}
    assert counts() == [(0, 0, 1)]
    WellbeingMeasurement.objects.filter(pk=latest.pk).update(date=date(2027, 1, 1))
    measure(date(2026, 4, 1), 2)
    assert counts() == [(0, 0, 1)]
    first_score.delete()
    assert WellbeingSummary.objects.get(measurement_id=first.pk).scores == {}
    assert counts() == [(0, 0, 1)]
    latest.delete()
    assert not WellbeingSummary.objects.filter(measurement_id=latest.pk).exists()
    assert counts() == [(0, 0, 0)]


def week_entry(candidate, monday, minutes, kind="werk", *, party=None, coach=None):
    from coaching.models import EntrySource

    return CoachingEntry.objects.create(
        candidate=candidate,
        date=monday,
        minutes=minutes,
        kind=kind,
        party=party,
        coach=coach,
        source=EntrySource.WEEK,
    )


def test_a_week_grid_entry_counts_on_the_employed_days_of_its_week(make_placement, party):
    """The week of Monday 9-3-2026, 210 minutes from the party's week grid.

    F starts on Wednesday 11-3: employed 5 days of that week (Wed..Sun), so all 210 minutes
    fall on employed days (before issue #11 the entry, stored on Monday, counted 0).
    Period 11-3..24-3 (14 days, F employed all of it): 210 min = 3.5 h / 2 weeks = 1.75,
    shown 1.8.

    G is employed all along. A period starting on Thursday 12-3 takes 4 of the week's 7
    employed days: 210 x 4/7 = 120 min = 2 h over 12-3..25-3 (2 weeks) = 1.0 h a week.
    """
    monday = date(2026, 3, 9)
    f = make_placement(
        [("onbepaald", date(2026, 3, 11), None, [(date(2026, 3, 11), 32)])]
    ).candidate
    week_entry(f, monday, 210, party=party)
    result = selectors.coaching_intensity(date(2026, 3, 11), date(2026, 3, 24))
    assert (result.participants, result.mean) == (1, Decimal("1.8"))

    g = make_placement([("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])]).candidate
    week_entry(g, monday, 210, party=party)
    mid_week = selectors.coaching_intensity(date(2026, 3, 12), date(2026, 3, 25))
    # F: 210 x 4/5 (Thu..Sun of its 5 employed days) = 168 min = 2.8 h / 2 weeks = 1.4;
    # G: 1.0; mean 1.2.
    assert mid_week.participants == 2
    assert mid_week.mean == Decimal("1.2")


def test_a_person_with_two_placements_in_a_period_counts_once(make_placement, coach):
    """H worked 2-3..8-3 (placement 1, 7 days) and again from 16-3 (placement 2, 14 days to
    29-3): one participant with 21 employed days = 3 weeks. 180 minutes in all (60 in each
    placement's first week, 60 on 23-3): 3 h / 3 weeks = 1.0 h a week."""
    first = make_placement(
        [("bepaald", date(2026, 3, 2), date(2026, 3, 8), [(date(2026, 3, 2), 32)])],
        end=date(2026, 3, 8),
        end_reason="overig",
    )
    person = first.candidate
    make_placement(
        [("onbepaald", date(2026, 3, 16), None, [(date(2026, 3, 16), 32)])], candidate=person
    )
    for day in (date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 23)):
        entry(person, day, 60, "werk", coach=coach)
    result = selectors.coaching_intensity(*MARCH)
    assert (result.participants, result.mean) == (1, Decimal("1.0"))


def test_wellbeing_counts_only_participants_employed_in_the_period(coach, make_placement):
    """L left in 2023 (two measurements, better); M is employed in 2026 (two measurements,
    worse). For 2026 only M counts: D1 0 better, 0 same, 1 worse. Without a period both."""
    WellbeingDomain.objects.all().delete()
    d1 = WellbeingDomain.objects.create(name="D1", position=1)
    left = make_placement(
        [("bepaald", date(2022, 1, 1), date(2023, 6, 30), [(date(2022, 1, 1), 32)])],
        end=date(2023, 6, 30),
        end_reason="overig",
    ).candidate
    now = make_placement(
        [("onbepaald", date(2025, 1, 1), None, [(date(2025, 1, 1), 32)])]
    ).candidate
    for person, scores in ((left, (2, 4)), (now, (4, 3))):
        for day, score in zip((date(2022, 2, 1), date(2022, 8, 1)), scores, strict=True):
            m = WellbeingMeasurement.objects.create(candidate=person, date=day, measured_by=coach)
            WellbeingScore.objects.create(measurement=m, domain=d1, score=score)
    year = selectors.wellbeing_changes(date(2026, 12, 31), start=date(2026, 1, 1))
    assert [(w.improved, w.same, w.worse) for w in year] == [(0, 0, 1)]
    ever = selectors.wellbeing_changes(date(2026, 12, 31))
    assert [(w.improved, w.same, w.worse) for w in ever] == [(1, 0, 1)]


def test_from_the_week_grid_to_the_letter(make_placement, party, executive_staff, client_as, coach):
    """A participant starts on Wednesday 1-7-2026 (Q3). The coach's week grid for the week
    of Monday 29-6 records 150 minutes; the participant was employed 5 days of that week,
    all in Q3: the 150 minutes count. Q3 employment: 1-7..30-9 = 92 days = 13.14 weeks:
    2.5 h / 13.142857 weeks = 0.19 -> 0.2 h a week in the letter's coaching figure (before
    issue #11 the entry, stored on Monday 29-6 outside the employment, counted 0)."""
    from django.urls import reverse

    from basisbaan.letters.figures import letter_figures

    person = make_placement(
        [("onbepaald", date(2026, 7, 1), None, [(date(2026, 7, 1), 32)])]
    ).candidate
    person.coach = coach
    person.save()
    response = client_as(coach).post(
        reverse("coaching:week") + "?week=2026-06-29",
        {f"m-{person.pk}-werk": "150"},
    )
    assert response.status_code == 302
    assert CoachingEntry.objects.get().date == date(2026, 6, 29)
    figures = letter_figures(2026, 3)
    assert Decimal(str(figures["coaching_mean"])) == Decimal("0.2")


def test_measurements_due_t0_at_the_start_then_six_months_after_the_latest(make_placement, coach):
    """On 1-3-2027, due within 14 days (up to 15-3-2027) or overdue:
    - K started 1-2-2027, never measured: T0 due 1-2-2027 (overdue).
    - L measured 31-8-2026 (one measurement): T1 due 28-2-2027 (31-8 + 6 months, clipped).
    - M measured 20-9-2026: due 20-3-2027, after 15-3: not listed.
    - N not employed on 1-3-2027 (left 1-1-2027): not listed.
    Soonest first: K (1-2), then L (28-2)."""
    on = date(2027, 3, 1)

    def person(start, end=None):
        return make_placement(
            [("onbepaald", start, None, [(start, 32)])],
            end=end,
            end_reason="overig" if end else "",
        ).candidate

    k = person(date(2027, 2, 1))
    l_ = person(date(2026, 3, 1))
    m = person(date(2026, 3, 1))
    n = person(date(2026, 3, 1), end=date(2027, 1, 1))
    for who, day in [(l_, date(2026, 8, 31)), (m, date(2026, 9, 20)), (n, date(2026, 7, 1))]:
        WellbeingMeasurement.objects.create(candidate=who, date=day, measured_by=coach)
    due = selectors.measurements_due(on, user=coach)
    assert [(p.candidate, p.next_due, p.measured) for p in due] == [
        (k, date(2027, 2, 1), 0),
        (l_, date(2027, 2, 28), 1),
    ]


def test_measurements_due_at_a_month_end_is_not_left_out_as_recently_measured(
    make_placement, coach
):
    """The people measured recently are left out before the exact date is worked out; at
    a month end that must not drop anyone due. On 14-2-2027, due within 14 days means up
    to 28-2-2027:
    - P measured 31-8-2026: 31-8 + 6 months = 28-2-2027 (clipped): due, listed. (Six
      months before 28-2-2027 is 28-8-2026: a cut at that day would have left P out.)
    - Q measured 11-9-2026: due 11-3-2027: not listed."""
    p, q = (
        make_placement([("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])]).candidate
        for _ in range(2)
    )
    WellbeingMeasurement.objects.create(candidate=p, date=date(2026, 8, 31), measured_by=coach)
    WellbeingMeasurement.objects.create(candidate=q, date=date(2026, 9, 11), measured_by=coach)
    due = selectors.measurements_due(date(2027, 2, 14), user=coach)
    assert [(d.candidate, d.next_due) for d in due] == [(p, date(2027, 2, 28))]


def _trend(end):
    """The trend up to `end`, after checking that the stored sums per month and end date
    (`TrendMonthSum`, kept by each refresh by adding and subtracting) are exactly the sums
    over the stored months."""
    from django.db.models import Count, DecimalField, Sum
    from django.db.models.expressions import RawSQL

    from coaching.models import TrendMonth, TrendMonthSum

    points = [(p.month, p.mean, p.participants) for p in selectors.coaching_trend(end)]
    rate = RawSQL(selectors.TREND_RATE, (), output_field=DecimalField())
    expected = {
        (r["month"], r["next_start"]): (r["n"], r["s"])
        for r in TrendMonth.objects.values("month", "next_start").annotate(
            n=Count("pk"), s=Sum(rate)
        )
    }
    stored = {
        (s.month, s.next_start): (s.placements, s.rate_sum)
        for s in TrendMonthSum.objects.exclude(placements=0)
    }
    assert stored == expected
    return points


@pytest.mark.parametrize("horizon", [None, date(2026, 3, 10)])
def test_trend_months_follow_every_change(make_placement, coach, monkeypatch, horizon):
    """The stored months (`TrendMonth`) are kept right by the triggers, and the month
    running on the end date is worked out on the spot; the answers are those of the
    definition whatever was read before. With `horizon` the stored months stop at 10-3
    (as if the calendar were there), so the months after it are worked out on the spot too.

    G starts 1-3-2026 (month 1 = 1-3..31-3). 420 min on 2-3 and 420 on 9-3.
    Up to 14-3 (month 1 running, 14 days = 2 weeks): 14 h / 2 = 7.0.
    + 210 min on 13-3: 17.5 h / 2 = 8.75 -> 8.8.
    Up to 31-3 (month 1 whole, 31 days = 4.4286 weeks): 17.5 / 4.4286 = 3.95 -> 4.0.
    The employment ends 7-3: 7 days = 1 week with only the 2-3 entry: 7.0.
    The placement removed: no trend."""
    from coaching import services
    from coaching.models import TrendMonth
    from placements.services import placement_end

    if horizon:
        monkeypatch.setattr(selectors, "trend_horizon", lambda today: horizon)
    placement = make_placement([("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])])
    person = placement.candidate
    for day in (date(2026, 3, 2), date(2026, 3, 9)):
        services.coaching_entry_add(
            candidate=person, date=day, minutes=420, kind="werk", coach=coach
        )
    assert _trend(date(2026, 3, 14)) == [(1, Decimal("7.0"), 1)]
    services.coaching_entry_add(
        candidate=person, date=date(2026, 3, 13), minutes=210, kind="werk", coach=coach
    )
    assert _trend(date(2026, 3, 14)) == [(1, Decimal("8.8"), 1)]
    assert _trend(date(2026, 3, 31)) == [(1, Decimal("4.0"), 1)]
    placement_end(placement=placement, end_date=date(2026, 3, 7), reason="overig")
    assert _trend(date(2026, 3, 31)) == [(1, Decimal("7.0"), 1)]
    stored = list(TrendMonth.objects.values_list("month", "days", "minutes"))
    if horizon is None:
        assert stored == [(1, 7, Decimal(420))]
    placement.delete()
    assert _trend(date(2026, 3, 31)) == []
    assert not TrendMonth.objects.exists()


def test_trend_month_sums_take_one_persons_change_and_keep_the_others(make_placement, coach):
    """A and B both start 1-3-2026, so their months share month and end date (one stored
    sum each). A: 420 min on 2-3; B: 840 min on 3-3. Up to 30-4: month 1 (1-3..31-3, 31
    days = 4.4286 weeks) A 7 h / 4.4286 = 1.58, B 14 h / 4.4286 = 3.16, mean 2.37 -> 2.4;
    month 2 (1-4..30-4) no coaching: 0.0. A's entry deleted: month 1 mean (0 + 3.16) / 2 =
    1.58 -> 1.6, still 2 placements. A's placement deleted: B alone, 3.2."""
    a = make_placement([("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])])
    b = make_placement([("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])])
    mine = entry(a.candidate, date(2026, 3, 2), 420, "werk", coach=coach)
    entry(b.candidate, date(2026, 3, 3), 840, "werk", coach=coach)
    end = date(2026, 4, 30)
    assert _trend(end) == [(1, Decimal("2.4"), 2), (2, Decimal("0.0"), 2)]
    mine.delete()
    assert _trend(end) == [(1, Decimal("1.6"), 2), (2, Decimal("0.0"), 2)]
    a.delete()
    assert _trend(end) == [(1, Decimal("3.2"), 1), (2, Decimal("0.0"), 1)]


def test_trend_recomputes_an_edited_entry(make_placement, coach):
    """An entry edited from 420 to 840 min on 2-3 (placement from 1-3, month 1 = 1-3..31-3),
    up to 31-3: before 7 h / 4.4286 weeks = 1.58 -> 1.6, after 14 h / 4.4286 = 3.16 -> 3.2."""
    person = make_placement(
        [("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])]
    ).candidate
    row = entry(person, date(2026, 3, 2), 420, "werk", coach=coach)
    assert _trend(date(2026, 3, 31)) == [(1, Decimal("1.6"), 1)]
    row.minutes = 840
    row.save()
    assert _trend(date(2026, 3, 31)) == [(1, Decimal("3.2"), 1)]


def test_intensity_over_whole_months_and_the_days_around_them(make_placement, coach):
    """Period 29-1-2026 .. 3-3-2026 (34 days = 4.857 weeks): 29..31 January and 1..3 March
    are worked out from the entries, February comes from the stored months; a week entry
    straddling either border counts its days on each side once. K employed from 1-1-2026.
    Week of 26-1: 420 min over 7 employed days = 60 a day; 29..31-1 (180) and 1-2 (60) count.
    10-2: 300. Week of 23-2: 700 min = 100 a day; 23..28-2 (600) and 1-3 (100) count.
    5-3: 120, after the period. 1240 min = 20.667 h / 4.857 weeks = 4.25 -> 4.3.
    Then 340 min on 15-2 (a stored month, changed after it was read): 1580 min = 26.333 h /
    4.857 = 5.42 -> 5.4."""
    person = make_placement(
        [("onbepaald", date(2026, 1, 1), None, [(date(2026, 1, 1), 32)])]
    ).candidate
    for day, minutes, source in (
        (date(2026, 1, 26), 420, "week"),
        (date(2026, 2, 10), 300, "los"),
        (date(2026, 2, 23), 700, "week"),
        (date(2026, 3, 5), 120, "los"),
    ):
        CoachingEntry.objects.create(
            candidate=person, date=day, minutes=minutes, kind="werk", coach=coach, source=source
        )
    period = (date(2026, 1, 29), date(2026, 3, 3))
    assert selectors.whole_months(*period, date(2028, 1, 1)) == (
        date(2026, 2, 1),
        date(2026, 3, 1),
    )
    assert selectors.coaching_intensity(*period).mean == Decimal("4.3")
    entry(person, date(2026, 2, 15), 340, "werk", coach=coach)
    assert selectors.coaching_intensity(*period).mean == Decimal("5.4")
    # A whole month alone: 60 + 300 + 340 + 600 = 1300 min = 21.667 h / 4 weeks = 5.42 ->
    # 5.4; a week within it (10..16-2): 640 min = 10.667 h / 1 week = 10.7.
    assert selectors.coaching_intensity(date(2026, 2, 1), date(2026, 2, 28)).mean == Decimal("5.4")
    assert selectors.coaching_intensity(date(2026, 2, 10), date(2026, 2, 16)).mean == Decimal(
        "10.7"
    )


def test_hours_round_half_up_after_snapping_away_the_last_digits_of_a_division():
    """A rate of exactly 4.25 h can arrive as 4.2499999999999 after adding thirds of minutes
    in another order; it is 4.3 either way. A real 4.2499 stays 4.2."""
    assert selectors.hours(Decimal("4.249999999999999")) == Decimal("4.3")
    assert selectors.hours(Decimal("4.25")) == Decimal("4.3")
    assert selectors.hours(Decimal("4.2499")) == Decimal("4.2")
    assert selectors.hours(None) is None


def test_the_refresh_command_brings_the_stored_months_up_to_date(make_placement, coach):
    """`manage.py coaching_refresh` recomputes the marked people without a figure being read:
    a placement from 1-3-2026 with 420 min on 2-3 has its month 1 stored (31 days, 420 min)
    and no marks are left."""
    import io

    from django.core.management import call_command

    from coaching.models import TrendMonth, TrendStale

    person = make_placement(
        [("onbepaald", date(2026, 3, 1), date(2026, 3, 31), [(date(2026, 3, 1), 32)])]
    ).candidate
    entry(person, date(2026, 3, 2), 420, "werk", coach=coach)
    assert TrendStale.objects.filter(candidate_id=person.pk).exists()
    out = io.StringIO()
    call_command("coaching_refresh", stdout=out)
    assert "people marked" in out.getvalue()
    assert not TrendStale.objects.exists()
    assert list(TrendMonth.objects.values_list("month", "days", "minutes")) == [
        (1, 31, Decimal(420))
    ]


@pytest.mark.django_db(transaction=True)
def test_an_entry_committed_during_a_refresh_keeps_its_mark(make_placement, coach):
    """P (placement from 1-3-2026, 420 min on 2-3) is marked. Another session adds 420 min
    on 9-3 and has not committed when the trend is refreshed: the refresh stores month 1
    with 420 min and takes the mark it saw. The other session's own mark survives, so after
    its commit the trend up to 31-3 counts both entries: 14 h / 4.4286 weeks = 3.16 -> 3.2
    (7 h alone would be 1.6)."""
    from django.db import connections

    from coaching.models import TrendMonth, TrendStale

    person = make_placement(
        [("onbepaald", date(2026, 3, 1), None, [(date(2026, 3, 1), 32)])]
    ).candidate
    entry(person, date(2026, 3, 2), 420, "werk", coach=coach)
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {CoachingEntry._meta.db_table} (candidate_id, date, minutes, kind,"
                " coach_id, source, confidential, note, created_at)"
                " VALUES (%s, %s, 420, 'werk', %s, 'los', FALSE, '', now())",
                [person.pk, date(2026, 3, 9), coach.pk],
            )
        selectors.trend_refresh()
        assert TrendMonth.objects.get(month=1).minutes == 420
        other.commit()
    finally:
        other.close()
    assert TrendStale.objects.filter(candidate_id=person.pk).exists()
    assert _trend(date(2026, 3, 31)) == [(1, Decimal("3.2"), 1)]
