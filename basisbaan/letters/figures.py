"""The figures of a quarterly council letter, computed only through the apps' selectors and
returned as plain JSON (Decimals as strings), so a finalised letter can freeze them. Counts
of people in combinations of characteristics come out of the selectors' `*_published`
builders with the small-number rule applied (`basisbaan.disclosure`)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from basisbaan import disclosure
from basisbaan.dates import add_months
from basisbaan.figure_snapshot import run_in_snapshot
from candidates.selectors import funnel, funnel_published, funnel_total
from coaching.models import ReferralKind
from coaching.selectors import (
    coaching_intensity,
    coaching_trend,
    flagged_count,
    referrals_in,
    wellbeing_changes,
    wellbeing_published,
)
from finance.models import CostParameters
from finance.selectors import CostReport, cost_report, year_overview
from placements.selectors import (
    absence_figures,
    average_hours,
    characteristics_published,
    employment_flow,
    hour_increases,
    participant_characteristics,
    participants_by_wijk,
    work_delivered,
)

# The trend chart's months of employment, and the fewest placements a month's mean needs
# to be shown (a mean over one or two people is their own coaching).
TREND_MONTHS = tuple(range(1, 25))
TREND_MIN_PLACEMENTS = disclosure.LIMIT


def quarter_period(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return start, add_months(start, 3) - timedelta(days=1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def _d(value) -> str | None:
    return None if value is None else str(value)


def _cents(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def thousands(value: Decimal) -> int:
    """An amount rounded to whole thousands (half up), as the Groningen letter prints it."""
    return int((value / 1000).quantize(Decimal(1), ROUND_HALF_UP)) * 1000


COST_LINES = ("wages", "guidance", "contributions", "gross", "offset", "net")


def cost_column(report: CostReport) -> dict | None:
    """One column of the cost table: per participant-year, exact (the annex) and rounded to
    thousands (the letter). The rounded column adds up as printed: each line is rounded,
    the totals are the sums of the rounded lines (so 28,000 + 5,000 - 0 = 33,000 and
    33,000 - 14,000 = 19,000, as in the Groningen letter, even where the exact total would
    round differently)."""
    per = report.per_participant_year
    if per is None:
        return None
    rounded = {
        k: thousands(getattr(per, k)) for k in ("wages", "guidance", "contributions", "offset")
    }
    rounded["gross"] = rounded["wages"] + rounded["guidance"] - rounded["contributions"]
    rounded["net"] = rounded["gross"] - rounded["offset"]
    totals = report.totals
    return {
        "participant_years": _cents(totals.participant_years),
        "complete": report.complete,
        "missing_years": report.missing_years,
        "exact": {k: _cents(getattr(per, k)) for k in COST_LINES},
        "rounded": rounded,
        "totals": {k: _cents(getattr(totals, k)) for k in COST_LINES},
    }


def _parameters_json(parameters: CostParameters | None) -> dict | None:
    if parameters is None:
        return None
    fields = (
        "reference_hours",
        "wage_cost",
        "employer_fee",
        "guidance_first_year",
        "guidance_later_years",
        "municipal_coaching",
        "offset",
    )
    return {f: _d(getattr(parameters, f)) for f in fields}


def _headline(
    *, participants, target, work, hours, absence, coaching, quarter_costs, total
) -> dict:
    """The headline figures the letter compares with the previous quarter (and the start
    page of the alderman's staff shows)."""
    column = cost_column(quarter_costs)
    return {
        "participants": participants,
        "target": target,
        "work_total": _d(work.total),
        "average_hours": _d(hours),
        "absence_rate": _d(absence.rate),
        "national_rate": _d(absence.national_rate),
        "coaching_mean": _d(coaching.mean),
        "net_per_participant_year": column["rounded"]["net"]
        if column and column["complete"]
        else None,
        "spoken": total.spoken,
        "placed": total.placed,
    }


def _headline_calls(start: date, end: date, prefix: str = "", *, costs: bool = True) -> dict:
    """The computations of `headline_figures`, to run with others in one snapshot. Without
    `costs` the caller provides `{prefix}quarter_costs` itself."""
    return {
        f"{prefix}coaching": lambda: coaching_intensity(start, end),
        f"{prefix}work": lambda: work_delivered(start, end),
        f"{prefix}total": lambda: funnel_total(start=None, end=end),
        **({f"{prefix}quarter_costs": lambda: cost_report(start, end)} if costs else {}),
        f"{prefix}absence": lambda: absence_figures(start, end),
        f"{prefix}hours": lambda: average_hours(end),
        f"{prefix}by_wijk": lambda: participants_by_wijk(end),
        f"{prefix}parameters": lambda: CostParameters.objects.filter(year=end.year).first(),
    }


def _headline_from(values: dict, prefix: str = "") -> dict:
    parameters = values[f"{prefix}parameters"]
    return _headline(
        participants=values[f"{prefix}by_wijk"].total,
        target=parameters.target_participants if parameters else None,
        **{
            key: values[f"{prefix}{key}"]
            for key in ("work", "hours", "absence", "coaching", "quarter_costs", "total")
        },
    )


def headline_figures(start: date, end: date) -> dict:
    """The headline figures of a period on their own (the previous quarter, the start page)."""
    return _headline_from(run_in_snapshot(_headline_calls(start, end)))


def _small(count: int) -> int | str:
    """A single count of people with a sensitive characteristic (a referral for debts, a
    flag for review), with the small-number rule."""
    return disclosure.protect({"n": count})["n"]


def letter_figures(year: int, quarter: int) -> dict:
    """Every figure of the letter of `year`, `quarter`, from one snapshot of the data (the
    computations run side by side: `basisbaan.figure_snapshot`)."""
    start, end = quarter_period(year, quarter)
    previous = previous_quarter(year, quarter)
    previous_period = quarter_period(*previous)
    # The longest first: each connection takes the next one not yet started.
    values = run_in_snapshot(
        {
            "trend": lambda: coaching_trend(end, months=TREND_MONTHS),
            "wellbeing": lambda: wellbeing_changes(end, start=start),
            "flagged": lambda: flagged_count(end),
            # The year to date, this quarter's and the previous quarter's costs in one pass.
            "overview": lambda: year_overview(
                year, today=end, periods=((start, end), previous_period)
            ),
            **_headline_calls(*previous_period, prefix="previous_", costs=False),
            # (The headline's cumulative funnel is the letter's own, below.)
            **{k: f for k, f in _headline_calls(start, end, costs=False).items() if k != "total"},
            "cumulative": lambda: funnel(start=None, end=end),
            "funnel_quarter": lambda: funnel(start=start, end=end),
            "characteristics": lambda: participant_characteristics(end),
            "hour_increases": lambda: hour_increases(start, end),
            "flow": lambda: employment_flow(start, end),
            "referrals": lambda: referrals_in(start, end, kind=ReferralKind.GKB),
        }
    )
    values["quarter_costs"], values["previous_quarter_costs"] = values["overview"].reports
    parameters = values["parameters"]
    by_wijk = values["by_wijk"]
    work = values["work"]
    hours_per_wijk = dict(work.per_wijk)
    wijk_rows = sorted(
        {name for name, _n in by_wijk.per_wijk} | set(hours_per_wijk),
    )
    participants = dict(by_wijk.per_wijk)
    flow = values["flow"]
    absence = values["absence"]
    coaching = values["coaching"]
    trend = values["trend"]
    quarter_costs = values["quarter_costs"]
    overview = values["overview"]
    year_costs = overview.realised
    cumulative = values["cumulative"]
    hours = values["hours"]
    target = parameters.target_participants if parameters else None
    return {
        "year": year,
        "quarter": quarter,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "target": target,
        "participants": by_wijk.total,
        "headline": _headline(
            participants=by_wijk.total,
            target=target,
            work=work,
            hours=hours,
            absence=absence,
            coaching=coaching,
            quarter_costs=quarter_costs,
            total=cumulative.total,
        ),
        "previous": {
            "year": previous[0],
            "quarter": previous[1],
            **_headline_from(values, prefix="previous_"),
        },
        "wijken": [
            [name, participants.get(name, 0), _d(hours_per_wijk.get(name, Decimal(0)))]
            for name in wijk_rows
        ],
        "work_total": _d(work.total),
        "work_per_task_type": [[name, _d(hours)] for name, hours in work.per_task_type],
        "funnel_cumulative": funnel_published(cumulative),
        "funnel_quarter": funnel_published(values["funnel_quarter"]),
        "characteristics": characteristics_published(values["characteristics"]),
        "wellbeing": wellbeing_published(values["wellbeing"]),
        "average_hours": _d(hours),
        "hour_increases": _small(values["hour_increases"]),
        "dropout": flow.dropout,
        "renewals": flow.renewals,
        "conversions": flow.conversions,
        "absence_rate": _d(absence.rate),
        "national_rate": _d(absence.national_rate),
        "zero_absence": absence.zero_absence,
        "absence_participants": absence.participants,
        "coaching_mean": _d(coaching.mean),
        "coaching_min": _d(coaching.minimum),
        "coaching_max": _d(coaching.maximum),
        "coaching_municipal": _d(coaching.municipal),
        "coaching_external": _d(coaching.external),
        "coaching_first_month": _d(next((p.mean for p in trend if p.month == 1), None)),
        "coaching_month_12": _d(next((p.mean for p in trend if p.month == 12), None)),
        "coaching_trend": [
            [p.month, _d(p.mean), p.participants]
            for p in trend
            if p.participants >= TREND_MIN_PLACEMENTS
        ],
        "gkb_referrals": _small(values["referrals"]),
        "flagged": _small(values["flagged"]),
        "costs": {
            # Year to date, exact, under the keys earlier versions used.
            "complete": year_costs.complete,
            "missing_years": year_costs.missing_years,
            "participant_years": _cents(year_costs.totals.participant_years),
            "per_participant_year": (cost_column(year_costs) or {}).get("exact"),
            "net_total": _cents(year_costs.totals.net),
            "quarter": cost_column(quarter_costs),
            "year_to_date": cost_column(year_costs),
            "parameters": _parameters_json(parameters),
            "budget": _cents(overview.budget) if overview.budget_per_source else None,
            "budget_per_source": [
                [name, _cents(amount)] for name, amount in overview.budget_per_source
            ],
            "realised_gross": _cents(year_costs.totals.gross),
            "realised_net": _cents(year_costs.totals.net),
            "forecast_gross": _cents(overview.forecast.gross),
            "forecast_net": _cents(overview.forecast.net),
            "forecast_complete": not overview.forecast_missing_years,
        },
    }
