"""The figures of a quarterly council letter, computed only through the apps' selectors and
returned as plain JSON (Decimals as strings), so a finalised letter can freeze them."""

from datetime import date, timedelta
from decimal import Decimal

from basisbaan.dates import add_months
from candidates.selectors import funnel
from coaching.selectors import coaching_intensity, coaching_trend, wellbeing_changes
from finance.models import CostParameters
from finance.selectors import cost_report
from placements.selectors import (
    absence_figures,
    average_hours,
    employment_flow,
    hour_increases,
    participant_characteristics,
    participants_by_wijk,
    work_delivered,
)


def quarter_period(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return start, add_months(start, 3) - timedelta(days=1)


def _d(value) -> str | None:
    return None if value is None else str(value)


def _funnel_json(result) -> dict:
    def row(r):
        return {
            "label": r.label,
            "spoken": r.spoken,
            "placed": r.placed,
            "rejected": r.rejected,
            "withdrawn": r.withdrawn,
            "undecided": r.undecided,
            "excluded": r.excluded,
            "share_spoken": _d(r.share_placed_of_spoken),
            "share_decided": _d(r.share_placed_of_decided),
        }

    return {
        "total": row(result.total),
        "exclusions": [[e.reason, e.count] for e in result.exclusions],
        "by_gender": [row(r) for r in result.by_gender],
        "by_children": [row(r) for r in result.by_children],
    }


def letter_figures(year: int, quarter: int) -> dict:
    start, end = quarter_period(year, quarter)
    parameters = CostParameters.objects.filter(year=year).first()
    by_wijk = participants_by_wijk(end)
    work = work_delivered(start, end)
    hours_per_wijk = dict(work.per_wijk)
    wijk_rows = sorted(
        {name for name, _n in by_wijk.per_wijk} | set(hours_per_wijk),
    )
    participants = dict(by_wijk.per_wijk)
    characteristics = participant_characteristics(end)
    flow = employment_flow(start, end)
    absence = absence_figures(start, end)
    coaching = coaching_intensity(start, end)
    trend = coaching_trend(end, months=(1, 12))
    costs = cost_report(date(year, 1, 1), end)
    per_year = costs.per_participant_year
    return {
        "year": year,
        "quarter": quarter,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "target": parameters.target_participants if parameters else None,
        "participants": by_wijk.total,
        "wijken": [
            [name, participants.get(name, 0), _d(hours_per_wijk.get(name, Decimal(0)))]
            for name in wijk_rows
        ],
        "work_total": _d(work.total),
        "work_per_task_type": [[name, _d(hours)] for name, hours in work.per_task_type],
        "funnel_cumulative": _funnel_json(funnel(start=None, end=end)),
        "funnel_quarter": _funnel_json(funnel(start=start, end=end)),
        "characteristics": {
            "total": characteristics.total,
            "age_groups": characteristics.age_groups,
            "gender": characteristics.gender,
            "years_on_assistance": characteristics.years_on_assistance,
            "household": characteristics.household,
        },
        "wellbeing": [
            {
                "domain": w.domain,
                "improved": w.improved,
                "same": w.same,
                "worse": w.worse,
                "improved_share": _d(w.improved_share),
                "worse_share": _d(w.worse_share),
            }
            for w in wellbeing_changes(end, start=start)
        ],
        "average_hours": _d(average_hours(end)),
        "hour_increases": hour_increases(start, end),
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
        "coaching_first_month": _d(next((p.mean for p in trend if p.month == 1), None)),
        "coaching_month_12": _d(next((p.mean for p in trend if p.month == 12), None)),
        "costs": {
            "complete": costs.complete,
            "missing_years": costs.missing_years,
            "participant_years": _d(costs.totals.participant_years.quantize(Decimal("0.01"))),
            "per_participant_year": None
            if per_year is None
            else {
                "wages": _d(per_year.wages.quantize(Decimal("0.01"))),
                "guidance": _d(per_year.guidance.quantize(Decimal("0.01"))),
                "contributions": _d(per_year.contributions.quantize(Decimal("0.01"))),
                "gross": _d(per_year.gross.quantize(Decimal("0.01"))),
                "offset": _d(per_year.offset.quantize(Decimal("0.01"))),
                "net": _d(per_year.net.quantize(Decimal("0.01"))),
            },
            "net_total": _d(costs.totals.net.quantize(Decimal("0.01"))),
        },
    }
