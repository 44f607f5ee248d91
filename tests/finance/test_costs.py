"""Cost figures on hand-made cases, worked out by hand.

The Groningen parameters (per participant-year): wages 27,387 at 32 h plus employer fee
600; guidance parties 4,000 in employment year 1 and 3,000 later, plus municipal coaching
1,500; offset 14,000.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from finance.models import Contribution, CostParameters
from finance.selectors import cost_breakdown, cost_report, cost_reports, year_overview
from placements.models import Organisation

pytestmark = pytest.mark.django_db

Y2025 = (date(2025, 1, 1), date(2025, 12, 31))
INDEF = "onbepaald"


def whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1))


def thousands(value: Decimal) -> Decimal:
    return (value / 1000).quantize(Decimal(1)) * 1000


@pytest.fixture
def groningen(db):
    for year in (2024, 2025):
        CostParameters.objects.create(year=year)


def full_year(make_placement, start, hours=32):
    return make_placement([(INDEF, start, None, [(start, hours)])])


def test_the_groningen_cost_table(groningen, make_placement):
    """2025, not a leap year. P1 starts 1-1-2025: all of 2025 is its first employment year.
    P2 started 1-1-2024: its first year (366 days, 2024 is a leap year) ended 31-12-2024, so
    all of 2025 is year 2. Both at 32 h, no contributions.
    Per participant-year: wages 27,387 + 600 = 27,987; guidance (4,000 + 1,500 + 3,000 +
    1,500) / 2 = 5,000; contributions 0; total 32,987; offset -14,000; net 18,987.
    Rounded to thousands: 28,000 / 5,000 / 0 / 33,000 / -14,000 / 19,000."""
    full_year(make_placement, date(2025, 1, 1))
    full_year(make_placement, date(2024, 1, 1))
    report = cost_report(*Y2025)
    assert report.complete
    assert whole(report.totals.participant_years) == 2
    per = report.per_participant_year
    table = [per.wages, per.guidance, per.contributions, per.gross, -per.offset, per.net]
    assert [whole(v) for v in table] == [27987, 5000, 0, 32987, -14000, 18987]
    assert [thousands(v) for v in table] == [28000, 5000, 0, 33000, -14000, 19000]
    assert whole(report.totals.net) == 2 * 18987


def test_part_time_hours_scale_the_wages(groningen, make_placement):
    """24 h all year, year 2: 27,387 x 24 / 32 + 600 = 20,540.25 + 600 = 21,140.25."""
    full_year(make_placement, date(2024, 1, 1), hours=24)
    assert cost_report(*Y2025).totals.wages.quantize(Decimal("0.01")) == Decimal("21140.25")


def test_a_start_mid_year_counts_pro_rata(groningen, make_placement):
    """Start 1-7-2025: 184 days = 184/365 = 0.5041 participant-years; wages 27,987 x 184 / 365
    = 14,108.52; guidance (year 1) 5,500 x 184 / 365 = 2,772.60; per participant-year the
    wages are still 27,987."""
    full_year(make_placement, date(2025, 7, 1))
    report = cost_report(*Y2025)
    assert report.totals.participant_years.quantize(Decimal("0.0001")) == Decimal("0.5041")
    assert report.totals.wages.quantize(Decimal("0.01")) == Decimal("14108.52")
    assert report.totals.guidance.quantize(Decimal("0.01")) == Decimal("2772.60")
    assert whole(report.per_participant_year.wages) == 27987


def test_a_contribution_lowers_the_total(groningen, make_placement):
    """One participant all year in year 2 and a contribution of 1,000: total 27,987 + 4,500 -
    1,000 = 31,487; net 17,487."""
    full_year(make_placement, date(2024, 1, 1))
    organisation = Organisation.objects.create(name="Woningcorporatie", kind="wonen")
    Contribution.objects.create(
        organisation=organisation, date=date(2025, 3, 1), amount=Decimal(1000)
    )
    Contribution.objects.create(
        organisation=organisation, date=date(2026, 3, 1), amount=Decimal(500)
    )
    report = cost_report(*Y2025)
    assert report.totals.contributions == Decimal("1000.00")
    assert whole(report.totals.gross) == 31487
    assert whole(report.totals.net) == 17487


def test_a_period_spanning_two_parameter_years(groningen, make_placement):
    """1-7-2025 .. 30-6-2026, 32 h, year 2 (start 2023). 2026 has its own parameters: wages
    28,000 + fee 600. 2025 part: 184 days x 27,987 / 365 = 14,108.5151; 2026 part: 181 days x
    28,600 / 365 = 14,182.4658; wages 28,290.98 over 365/365 = 1.0 participant-year."""
    CostParameters.objects.create(year=2026, wage_cost=Decimal(28000))
    CostParameters.objects.create(year=2023)
    full_year(make_placement, date(2023, 1, 1))
    report = cost_report(date(2025, 7, 1), date(2026, 6, 30))
    assert report.totals.participant_years.quantize(Decimal("0.0001")) == Decimal("1.0000")
    assert report.totals.wages.quantize(Decimal("0.01")) == Decimal("28290.98")


def test_a_year_without_parameters_is_reported_missing(groningen, make_placement):
    full_year(make_placement, date(2025, 1, 1))
    report = cost_report(date(2025, 12, 1), date(2026, 1, 31))
    assert report.missing_years == [2026]
    assert not report.complete
    # The 2026 days are not computed with 2025's values: only December counts.
    assert report.totals.participant_years.quantize(Decimal("0.0001")) == (
        Decimal(31) / 365
    ).quantize(Decimal("0.0001"))


def test_breakdown_per_participant(groningen, make_placement, coach):
    p1 = full_year(make_placement, date(2025, 1, 1))
    p2 = full_year(make_placement, date(2024, 1, 1))
    rows = {r.candidate_id: r for r in cost_breakdown(*Y2025, user=coach)}
    assert whole(rows[p1.candidate_id].guidance) == 5500
    assert whole(rows[p2.candidate_id].guidance) == 4500
    assert whole(rows[p1.candidate_id].net) == 27987 + 5500 - 14000


def test_forecast_to_the_end_of_the_year(groningen, make_placement):
    """On 30-6-2025 one participant (year 2, 32 h) is employed and stays: the forecast for
    2025 is a whole participant-year: gross 27,987 + 4,500 = 32,487. Realised: 181 days."""
    full_year(make_placement, date(2024, 1, 1))
    view = year_overview(2025, today=date(2025, 6, 30))
    assert view.realised.totals.participant_years.quantize(Decimal("0.0001")) == (
        Decimal(181) / 365
    ).quantize(Decimal("0.0001"))
    assert whole(view.forecast.participant_years) == 1
    assert whole(view.forecast.gross) == 32487


def test_next_years_forecast_needs_its_parameters(groningen, make_placement):
    full_year(make_placement, date(2024, 1, 1))
    view = year_overview(2026, today=date(2025, 12, 31))
    assert view.forecast_missing_years == [2026] and view.parameters is None
    assert view.forecast.gross == 0
    CostParameters.objects.create(year=2026)
    assert whole(year_overview(2026, today=date(2025, 12, 31)).forecast.gross) == 32487


def test_several_periods_in_one_pass(groningen, make_placement, django_assert_num_queries):
    """One participant from 1-7-2025 at 32 h, in their first employment year until
    30-6-2026; parameters for 2024 and 2025 only.
    - Q4 2025 (92 days): 92/365 = 0.2521 participant-years, wages 27,987 x 92/365 =
      7,054.26, guidance 5,500 x 92/365 = 1,386.30.
    - Q1 2026: no parameters for 2026, so reported missing and nothing costed.
    - 2025 (184 days from 1 July): 0.5041, wages 14,108.52 (as a period on its own above).
    - 1-5-2025 .. 1-4-2025 ends before it starts: no days, nothing missing.
    Each the same as the period asked on its own, in one query for the lines and one per
    period for its contributions."""
    full_year(make_placement, date(2025, 7, 1))
    periods = [
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 3, 31)),
        Y2025,
        (date(2025, 5, 1), date(2025, 4, 1)),
    ]
    with django_assert_num_queries(1 + len(periods)):
        q4, q1, year, empty = cost_reports(periods)
    assert q4.totals.participant_years.quantize(Decimal("0.0001")) == Decimal("0.2521")
    assert q4.totals.wages.quantize(Decimal("0.01")) == Decimal("7054.26")
    assert q4.totals.guidance.quantize(Decimal("0.01")) == Decimal("1386.30")
    assert q4.complete
    assert q1.missing_years == [2026] and q1.totals.participant_years == 0
    assert year.totals.wages.quantize(Decimal("0.01")) == Decimal("14108.52")
    assert empty.totals.participant_years == 0 and empty.complete
    assert [q4, q1, year, empty] == [cost_report(start, end) for start, end in periods]
    # The year overview asks for the letter's quarters in the same pass.
    view = year_overview(2025, today=date(2025, 12, 31), periods=tuple(periods[:2]))
    assert view.realised == year and view.reports == (q4, q1)


def test_cost_report_is_two_queries(groningen, make_placement, django_assert_num_queries):
    full_year(make_placement, date(2025, 1, 1))
    with django_assert_num_queries(2):  # the cost lines and the contributions
        cost_report(*Y2025)
    assert connection.vendor == "postgresql"
