"""Cost figures (DESIGN.md "Costs over a period"), computed in SQL.

Each participant contributes pro rata by days employed (a day is 1/365 of a year, 1/366 in
a leap year). Wages are scaled by contract hours over the reference hours that day, plus the
employer fee; guidance by employment year (year 1 = the first 365 days from the placement's
start) plus municipal coaching; the offset from benefits and wage subsidies per
participant-year; contributions as recorded in the period. Participant-years are the sum of
the day fractions. A year without parameters is reported as missing, never filled in with
another year's values. Money stays Decimal; rounding happens only for display.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.input import id_param
from candidates.models import Candidate
from placements import timeline

from .models import Budget, Contribution, CostParameters

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


# Realised employment in [start, end]: the employment timeline (placements.timeline).
_REALISED = timeline.employment_cte()

# Participants employed on %(today)s (the timeline's segments holding that day, with their
# hours), assumed to stay on with today's hours until %(end)s: one range [start, end] each,
# in the same shape as the timeline's employment rows.
_PROJECTED = f"""
    {timeline.employment_cte("employed_today", "daterange(%(today)s::date, %(today)s::date, '[]')")},
    employment AS (
        SELECT n.placement_id, n.candidate_id, n.placement_start, n.hours,
               {timeline.window()} AS span
        FROM employed_today n
    )
"""

# Each employment range cut at calendar years (parameters and the length of a year differ)
# and at the end of the first employment year (the first 365 days from the placement's
# start), then costed as days x rates: a day is 1/365 of a year (1/366 in a leap year),
# wages scaled by contract hours / reference hours. Days without known hours cost nothing.
# The years are those of the period [%(start)s, %(end)s], which holds every range: joined
# from a small table rather than generated per range (a third of the query's time).
_COSTED = f"""
    cost_years AS MATERIALIZED (
        SELECT year, daterange(make_date(year, 1, 1), make_date(year + 1, 1, 1), '[)') AS span,
               CASE WHEN EXTRACT(DOY FROM make_date(year, 12, 31)) = 366
                    THEN 366 ELSE 365 END AS days
        FROM generate_series(
            EXTRACT(YEAR FROM %(start)s::date)::int, EXTRACT(YEAR FROM %(end)s::date)::int
        ) AS year
    ),
    pieces AS (
        SELECT e.placement_id, e.candidate_id, e.hours, y.year, y.days AS year_days,
               s.first_year, e.span * y.span * s.span AS span
        FROM employment e
        JOIN cost_years y ON y.span && e.span
        CROSS JOIN LATERAL (VALUES
            (TRUE, daterange(e.placement_start, e.placement_start + 365, '[)')),
            (FALSE, daterange(e.placement_start + 365, NULL, '[)'))
        ) AS s(first_year, span)
        WHERE e.hours IS NOT NULL
    ),
    costed AS (
        SELECT p.placement_id, p.candidate_id, p.year, cp.id AS parameters_id, p.span,
               p.year_days, {timeline.DAYS("p.span")}::numeric / p.year_days AS fraction,
               cp.wage_cost * p.hours / cp.reference_hours + cp.employer_fee AS wages,
               CASE WHEN p.first_year THEN cp.guidance_first_year
                    ELSE cp.guidance_later_years END + cp.municipal_coaching AS guidance,
               cp.offset AS offset_amount
        FROM pieces p
        LEFT JOIN {CostParameters._meta.db_table} cp ON cp.year = p.year
        WHERE NOT isempty(p.span)
    )
"""

_TOTALS = """
    SELECT COALESCE(SUM(fraction) FILTER (WHERE parameters_id IS NOT NULL), 0),
           COALESCE(SUM(fraction * wages), 0),
           COALESCE(SUM(fraction * guidance), 0),
           COALESCE(SUM(fraction * offset_amount), 0),
           ARRAY(SELECT DISTINCT year FROM costed WHERE parameters_id IS NULL ORDER BY year)
    FROM costed
"""

# Several periods from one pass: the costed pieces of the span covering them all, each
# period taking the days of every piece that fall in it (%(periods)s: an array of ranges,
# in order). The same days at the same rates as one period on its own, so the same sums.
_TOTALS_PER_PERIOD = f"""
    , periods AS (
        SELECT k, span FROM unnest(%(periods)s::daterange[]) WITH ORDINALITY AS t(span, k)
    ),
    per_period AS MATERIALIZED (
        SELECT k.k, c.year, c.parameters_id, c.wages, c.guidance, c.offset_amount,
               {timeline.DAYS("c.span * k.span")}::numeric / c.year_days AS fraction
        FROM periods k JOIN costed c ON c.span && k.span
    )
    SELECT COALESCE(SUM(q.fraction) FILTER (WHERE q.parameters_id IS NOT NULL), 0),
           COALESCE(SUM(q.fraction * q.wages), 0),
           COALESCE(SUM(q.fraction * q.guidance), 0),
           COALESCE(SUM(q.fraction * q.offset_amount), 0),
           ARRAY(SELECT DISTINCT m.year FROM per_period m
                 WHERE m.k = k.k AND m.parameters_id IS NULL ORDER BY m.year)
    FROM periods k LEFT JOIN per_period q ON q.k = k.k
    GROUP BY k.k
    ORDER BY k.k
"""


@dataclass(frozen=True)
class CostLines:
    participant_years: Decimal
    wages: Decimal
    guidance: Decimal
    contributions: Decimal
    offset: Decimal

    @property
    def gross(self) -> Decimal:
        return self.wages + self.guidance - self.contributions

    @property
    def net(self) -> Decimal:
        return self.gross - self.offset

    def per_participant_year(self) -> "CostLines | None":
        if not self.participant_years:
            return None
        n = self.participant_years
        return CostLines(
            participant_years=Decimal(1),
            wages=self.wages / n,
            guidance=self.guidance / n,
            contributions=self.contributions / n,
            offset=self.offset / n,
        )


@dataclass(frozen=True)
class CostReport:
    start: date
    end: date
    totals: CostLines
    missing_years: list[int] = field(default_factory=list)

    @property
    def per_participant_year(self) -> CostLines | None:
        return self.totals.per_participant_year()

    @property
    def complete(self) -> bool:
        return not self.missing_years


def _run(employed_sql: str, params: dict) -> tuple:
    sql = f"WITH {employed_sql}, {_COSTED} {_TOTALS}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def contributions_total(start: date, end: date) -> Decimal:
    return _money(
        Contribution.objects.filter(date__range=(start, end)).aggregate(s=Sum("amount"))["s"]
    )


def cost_report(start: date, end: date) -> CostReport:
    """The cost lines of a period, as totals (per participant-year via the property)."""
    years, wages, guidance, offset, missing = _run(_REALISED, {"start": start, "end": end})
    return _report(start, end, (years, wages, guidance, offset, missing))


def cost_reports(periods: list[tuple[date, date]]) -> list[CostReport]:
    """`cost_report` of each of `periods` (in order), from one pass over the employment of
    the span covering them all: a quarter, the one before it and the year to date cost
    little more together than the year to date alone. A period ending before it starts
    has no days (zero lines)."""
    days = [(start, end) for start, end in periods if start <= end]
    if not days:
        return [cost_report(start, end) for start, end in periods]
    ranges = [
        DateRange(start, end, "[]") if start <= end else DateRange(empty=True)
        for start, end in periods
    ]
    params = {
        "start": min(start for start, _end in days),
        "end": max(end for _start, end in days),
        "periods": ranges,
    }
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {_REALISED}, {_COSTED} {_TOTALS_PER_PERIOD}", params)
        rows = cursor.fetchall()
    return [_report(start, end, row) for (start, end), row in zip(periods, rows, strict=True)]


def _report(start: date, end: date, row: tuple) -> CostReport:
    years, wages, guidance, offset, missing = row
    totals = CostLines(
        participant_years=Decimal(years),
        wages=Decimal(wages),
        guidance=Decimal(guidance),
        contributions=contributions_total(start, end),
        offset=Decimal(offset),
    )
    return CostReport(start=start, end=end, totals=totals, missing_years=list(missing))


@dataclass(frozen=True)
class ParticipantCost:
    candidate_id: int
    name: str
    participant_years: Decimal
    wages: Decimal
    guidance: Decimal
    offset: Decimal

    @property
    def net(self) -> Decimal:
        return self.wages + self.guidance - self.offset


def cost_breakdown(start: date, end: date, *, user) -> list[ParticipantCost]:
    """The cost lines per participant, for the people in `user`'s reach only (a coach's
    teams' caseload): named per-person figures never leave the coach role."""
    reach = list(Candidate.objects.in_reach_of(user).values_list("pk", flat=True))
    sql = f"""
        WITH {_REALISED}, {_COSTED}
        SELECT c.candidate_id, ca.last_name || ', ' || ca.first_name,
               COALESCE(SUM(c.fraction) FILTER (WHERE c.parameters_id IS NOT NULL), 0),
               COALESCE(SUM(c.fraction * c.wages), 0),
               COALESCE(SUM(c.fraction * c.guidance), 0),
               COALESCE(SUM(c.fraction * c.offset_amount), 0)
        FROM costed c JOIN {Candidate._meta.db_table} ca ON ca.id = c.candidate_id
        WHERE c.candidate_id = ANY(%(reach)s)
        GROUP BY c.candidate_id, ca.last_name, ca.first_name
        ORDER BY ca.last_name, ca.first_name
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end, "reach": reach})
        return [
            ParticipantCost(pk, name, Decimal(y), Decimal(w), Decimal(g), Decimal(o))
            for pk, name, y, w, g, o in cursor.fetchall()
        ]


@dataclass(frozen=True)
class YearOverview:
    year: int
    budget: Decimal
    budget_per_source: list[tuple[str, Decimal]]
    realised: CostReport
    forecast: CostLines
    forecast_missing_years: list[int]
    parameters: CostParameters | None
    # `cost_report` of the further periods asked for, in order.
    reports: tuple[CostReport, ...] = ()


def year_overview(
    year: int, today: date | None = None, *, periods: tuple[tuple[date, date], ...] = ()
) -> YearOverview:
    """Budget against realised (1 January up to today) and the forecast to 31 December at
    the current headcount and contract hours. `periods`: further periods to report the
    costs of, computed in the same pass as the realised costs (the council letter's
    quarter and the one before it)."""
    today = today or timezone.localdate()
    first, last = date(year, 1, 1), date(year, 12, 31)
    # Up to today within the year (an empty range for a year still to come).
    realised, *reports = cost_reports(
        [(first, min(max(today, first - timedelta(days=1)), last)), *periods]
    )
    projected_start = max(today + timedelta(days=1), first)
    if projected_start <= last:
        years, wages, guidance, offset, missing = _run(
            _PROJECTED, {"start": projected_start, "end": last, "today": min(today, last)}
        )
    else:
        years, wages, guidance, offset, missing = 0, 0, 0, 0, []
    forecast = CostLines(
        participant_years=realised.totals.participant_years + Decimal(years),
        wages=realised.totals.wages + Decimal(wages),
        guidance=realised.totals.guidance + Decimal(guidance),
        contributions=realised.totals.contributions,
        offset=realised.totals.offset + Decimal(offset),
    )
    budgets = list(
        Budget.objects.filter(year=year)
        .select_related("source")
        .order_by("source__position", "source__name")
    )
    return YearOverview(
        year=year,
        budget=sum((b.amount for b in budgets), Decimal(0)),
        budget_per_source=[(b.source.name, b.amount) for b in budgets],
        realised=realised,
        forecast=forecast,
        forecast_missing_years=sorted(set(realised.missing_years) | set(missing)),
        parameters=CostParameters.objects.filter(year=year).first(),
        reports=tuple(reports),
    )


def cost_table(report: CostReport) -> list[tuple[str, object, object]]:
    """The cost table like the Groningen letter: (line, per participant-year, total)."""
    total, per = report.totals, report.per_participant_year
    pick = (lambda attr: getattr(per, attr)) if per else (lambda attr: None)
    return [
        (_("Loonkosten en werkgeverslasten"), pick("wages"), total.wages),
        (_("Kosten begeleiding"), pick("guidance"), total.guidance),
        (
            _("Bijdrage werkbiedende partijen"),
            -pick("contributions") if per else None,
            -total.contributions,
        ),
        (_("Totaal"), pick("gross"), total.gross),
        (
            _("Inzet uitkeringen en loonkostensubsidies"),
            -pick("offset") if per else None,
            -total.offset,
        ),
        (_("Totaal (netto)"), pick("net"), total.net),
    ]


def budget_for_edit(*, source: str | None, year: str | None) -> Budget | None:
    """The budget chosen from the list for editing (query-string values, checked here)."""
    source_id, year_number = id_param(source), id_param(year)
    if not (source_id and year_number and year_number <= 9999):
        return None
    return Budget.objects.filter(source_id=source_id, year=year_number).first()
